package dev.gyre.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, stored by the SHA-256 of their secret. Implementations are thread-safe.
 */
public interface TokenStore {

    /**
     * Stores a new token.
     *
     * @param secretSha256 lower-case hex SHA-256 of the token secret; unique
     * @param expiresAt    expiry or {@code null}
     */
    ApiToken create(long userId, String name, String secretSha256, Instant expiresAt);

    /**
     * The token with this secret hash together with its owner, if it exists (active or not: the
     * caller checks {@link ApiToken#activeAt(Instant)} and {@link User#disabled()}).
     */
    Optional<TokenOwner> findBySecretHash(String secretSha256);

    /** The token with this id, if any. */
    Optional<ApiToken> findById(long id);

    /** Tokens of a user, newest first, revoked ones included. */
    List<ApiToken> listForUser(long userId);

    /**
     * Revokes the token. Idempotent: revoking a revoked token keeps the first revocation time.
     *
     * @throws dev.gyre.core.GyreException.NotFound if there is no such token
     */
    ApiToken revoke(long id, Instant at);

    /** Records a successful use; best effort, may be coalesced. */
    void touch(long id, Instant at);

    /** A token and the user it belongs to. */
    record TokenOwner(ApiToken token, User user) {
    }
}
