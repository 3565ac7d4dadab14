package dev.gyre.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored description of an API token. The secret itself is never stored: only its SHA-256.
 *
 * @param id         store-assigned id, used to revoke
 * @param userId     owner
 * @param name       a label the user chose ("laptop", "ci")
 * @param createdAt  creation time
 * @param expiresAt  expiry, or {@code null} for none
 * @param revokedAt  revocation time, or {@code null} while active
 * @param lastUsedAt last successful authentication, or {@code null}
 */
public record ApiToken(long id, long userId, String name, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, Instant lastUsedAt) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the token authenticates at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
