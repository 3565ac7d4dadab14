package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A comment on a run or a model version.
 *
 * @param entityType {@code run} or {@code model_version}
 * @param entityId the run id, or {@code name/version}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Comment(
        @JsonProperty("id") long id,
        @JsonProperty("project") String project,
        @JsonProperty("entity_type") String entityType,
        @JsonProperty("entity_id") String entityId,
        @JsonProperty("author") String author,
        @JsonProperty("body") String body,
        @JsonProperty("created_at") Instant createdAt) {
}
