package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the platform tells about an API token. The secret itself is never part of it: it is shown
 * once, in the {@link CreatedToken} returned when the token is made.
 *
 * @param id         the token's id (what {@code revokeToken} takes)
 * @param name       the name given at creation, e.g. {@code laptop}
 * @param username   the owner, when the platform reports it
 * @param createdAt  when it was created
 * @param expiresAt  when it stops working, {@code null} for never
 * @param revokedAt  when it was revoked, {@code null} while active
 * @param lastUsedAt when it was last used, {@code null} if never
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenInfo(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("username") String username,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("revoked_at") Instant revokedAt,
        @JsonProperty("last_used_at") Instant lastUsedAt) {

    /** {@code active}, {@code revoked} or {@code expired}, judged at {@code now}. */
    @JsonIgnore
    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return "active";
    }
}
