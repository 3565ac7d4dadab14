package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model.
 *
 * @param aliases alias to version number
 * @param versions newest first; {@code null} in lists
 * @param project the owning project, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Model(
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("description") String description,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("aliases") Map<String, Integer> aliases,
        @JsonProperty("versions") List<ModelVersion> versions) {
}
