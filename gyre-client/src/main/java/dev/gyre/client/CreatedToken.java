package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A token just created: the only time the platform reveals its secret.
 *
 * @param token     the secret ({@code gyr_…}); send it as {@code Authorization: Bearer <token>}
 * @param id        the token's id
 * @param name      its name
 * @param username  its owner
 * @param createdAt when it was created
 * @param expiresAt when it stops working, {@code null} for never
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedToken(
        @JsonProperty("token") String token,
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("username") String username,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt) {

    /** Leaves the secret out, so that logging a created token does not leak it. */
    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", username=" + username + ", createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + ", token=***]";
    }
}
