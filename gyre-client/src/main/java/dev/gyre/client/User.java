package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A platform user.
 *
 * @param id        the user's numeric id
 * @param username  the login name
 * @param role      the platform role, e.g. {@code admin} or {@code data-scientist}
 * @param createdAt when the user was created
 * @param disabled  whether the user is disabled (a disabled user cannot log in or use tokens)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(
        @JsonProperty("id") long id,
        @JsonProperty("username") String username,
        @JsonProperty("role") String role,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("disabled") boolean disabled) {
}
