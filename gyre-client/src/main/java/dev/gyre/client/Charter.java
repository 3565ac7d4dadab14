package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One version of a project's charter.
 *
 * @param charter the canonical charter as JSON ({@code null} in version lists)
 * @param source the document as it was written ({@code null} in version lists)
 * @param format {@code yaml} or {@code json}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Charter(
        @JsonProperty("project") String project,
        @JsonProperty("version") int version,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("format") String format,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("charter") JsonNode charter,
        @JsonProperty("source") String source) {
}
