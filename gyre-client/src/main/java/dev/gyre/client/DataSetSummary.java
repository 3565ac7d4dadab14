package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A data set of a project, as listed.
 *
 * @param name      its name
 * @param versions  how many versions it has
 * @param latest    its newest version
 * @param createdAt when its first version was added
 * @param createdBy who added it, when the platform says
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSetSummary(
        @JsonProperty("name") String name,
        @JsonProperty("versions") int versions,
        @JsonProperty("latest") DataVersion latest,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("created_by") String createdBy) {
}
