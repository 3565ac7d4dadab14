package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One stored artifact.
 *
 * @param path         its path in the artifact store, e.g. {@code models/churn/model.bin}
 * @param size         size in bytes
 * @param sha256       lower-case hex SHA-256 of the content
 * @param lastModified when it was written ({@code null} when not known, e.g. after a download)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtifactInfo(
        @JsonProperty("path") String path,
        @JsonProperty("size") long size,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("last_modified") Instant lastModified) {
}
