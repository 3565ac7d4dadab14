package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to creating a version.
 *
 * @param created {@code false} when the data set already had this content: {@code version} is the existing version
 * @param version the new or existing version
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedDataVersion(
        @JsonProperty("created") boolean created,
        @JsonProperty("version") DataVersion version) {
}
