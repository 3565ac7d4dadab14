package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * An experiment: a named group of runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Experiment(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("lifecycle_stage") String lifecycleStage,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("artifact_location") String artifactLocation,
        @JsonProperty("tags") Map<String, String> tags) {
}
