package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A numbered version of a registered model, with its lineage.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelVersion(
        @JsonProperty("name") String name,
        @JsonProperty("version") int version,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("source") String source,
        @JsonProperty("run_id") String runId,
        @JsonProperty("status") String status,
        @JsonProperty("stage") String stage,
        @JsonProperty("description") String description,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("charter_version") Integer charterVersion,
        @JsonProperty("git_commit") String gitCommit) {
}
