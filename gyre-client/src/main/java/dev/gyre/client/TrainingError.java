package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a training job failed.
 *
 * @param errorCode the platform's error code, e.g. {@code INVALID_PARAMETER_VALUE}
 * @param message   what went wrong and how to fix it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingError(
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("message") String message) {
}
