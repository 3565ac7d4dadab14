package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A project: the unit that owns a charter, members, experiments and models.
 *
 * @param members members of the project, by user name (empty in lists)
 * @param charterVersion the latest charter version, {@code null} without a charter
 * @param productionAlias the registry alias that means production
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Project(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("production_alias") String productionAlias,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("members") List<ProjectMember> members,
        @JsonProperty("charter_version") Integer charterVersion) {
}
