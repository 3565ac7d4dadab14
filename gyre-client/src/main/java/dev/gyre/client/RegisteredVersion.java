package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The model version a training job registered from its best trial.
 *
 * @param name    the registered model
 * @param version its new version number
 * @param source  where the model's files are, e.g. {@code runs:/<run id>/model}
 * @param runId   the best trial's run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredVersion(
        @JsonProperty("name") String name,
        @JsonProperty("version") int version,
        @JsonProperty("source") String source,
        @JsonProperty("run_id") String runId) {
}
