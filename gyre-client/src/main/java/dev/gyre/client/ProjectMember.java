package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A member of a project and their role in it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectMember(
        @JsonProperty("username") String username,
        @JsonProperty("role") String role,
        @JsonProperty("added_at") Instant addedAt) {
}
