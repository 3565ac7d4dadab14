package dev.gyre.store.db;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.ApiToken;
import dev.gyre.core.auth.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenStore} on the {@code api_tokens} table of a migrated {@link Database}.
 *
 * <p>{@link #touch(long, Instant)} is coalesced: {@code last_used_at} only moves forward, and only when
 * it is at least {@link #TOUCH_GRANULARITY} older than the new time, so a busy token does not cause a
 * row write per request.
 */
public final class JdbcTokenStore implements TokenStore {

    /** {@code last_used_at} is only rewritten when the stored value is at least this much older. */
    public static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTokenStore.class);

    private static final String COLUMNS = "id, user_id, name, created_at, expires_at, revoked_at, last_used_at";

    private final Database database;
    private final Clock clock;

    /** A store using the system clock for creation times. */
    public JdbcTokenStore(Database database) {
        this(database, Clock.systemUTC());
    }

    /** A store taking creation times from {@code clock}. */
    public JdbcTokenStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@inheritDoc}
     *
     * @throws GyreException.NotFound      if there is no user with {@code userId}
     * @throws GyreException.AlreadyExists if a token with the same secret hash exists
     */
    @Override
    public ApiToken create(long userId, String name, String secretSha256, Instant expiresAt) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretSha256, "secretSha256");
        Instant createdAt = SqlSupport.truncate(clock.instant());
        Instant expires = SqlSupport.truncate(expiresAt);
        try {
            long id = database.jdbi().withHandle(handle -> handle.createUpdate(
                            "INSERT INTO api_tokens (user_id, name, secret_sha256, created_at, expires_at)"
                                    + " VALUES (:userId, :name, :secret, :createdAt, :expiresAt)")
                    .bind("userId", userId)
                    .bind("name", name)
                    .bind("secret", secretSha256)
                    .bind("createdAt", createdAt)
                    .bind("expiresAt", expires)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return new ApiToken(id, userId, name, createdAt, expires, null, null);
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.FOREIGN_KEY_VIOLATION)) {
                throw new GyreException.NotFound("User " + userId + " does not exist; cannot create a token for it.");
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("A token with this secret already exists. Generate a new secret.");
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.VALUE_TOO_LONG)) {
                throw new GyreException.InvalidArgument("Token name or secret hash too long.", e);
            }
            throw database.failure("create a token for user " + userId, e);
        }
    }

    @Override
    public Optional<TokenOwner> findBySecretHash(String secretSha256) {
        if (secretSha256 == null) {
            return Optional.empty();
        }
        try {
            return database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT t.id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at,"
                                    + " u.id AS u_id, u.username AS u_username, u.role AS u_role,"
                                    + " u.created_at AS u_created_at, u.disabled AS u_disabled"
                                    + " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                    + " WHERE t.secret_sha256 = :secret")
                    .bind("secret", secretSha256)
                    .map((rs, ctx) -> new TokenOwner(mapToken(rs, ctx), JdbcUserStore.mapUser(rs, "u_")))
                    .findOne());
        } catch (JdbiException e) {
            throw database.failure("look up a token", e);
        }
    }

    @Override
    public Optional<ApiToken> findById(long id) {
        try {
            return database.jdbi().withHandle(handle -> findById(handle, id));
        } catch (JdbiException e) {
            throw database.failure("look up token " + id, e);
        }
    }

    @Override
    public List<ApiToken> listForUser(long userId) {
        try {
            return database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = :userId"
                            + " ORDER BY created_at DESC, id DESC")
                    .bind("userId", userId)
                    .map(JdbcTokenStore::mapToken)
                    .list());
        } catch (JdbiException e) {
            throw database.failure("list the tokens of user " + userId, e);
        }
    }

    @Override
    public ApiToken revoke(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        try {
            return database.jdbi().inTransaction(handle -> {
                handle.createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                        .bind("at", at)
                        .bind("id", id)
                        .execute();
                return findById(handle, id).orElseThrow(
                        () -> new GyreException.NotFound("Token " + id + " does not exist."));
            });
        } catch (JdbiException e) {
            throw database.failure("revoke token " + id, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Unknown ids are ignored. Database errors are logged, not thrown: a failed bookkeeping write
     * must not fail the request that used the token.
     */
    @Override
    public void touch(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        Instant used = SqlSupport.truncate(at);
        try {
            database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE api_tokens SET last_used_at = :at"
                            + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :threshold)")
                    .bind("at", used)
                    .bind("threshold", used.minus(TOUCH_GRANULARITY))
                    .bind("id", id)
                    .execute());
        } catch (JdbiException e) {
            LOG.warn("Unable to record the use of token {}: {}", id, database.failure("touch token " + id, e).getMessage());
        }
    }

    private static Optional<ApiToken> findById(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = :id")
                .bind("id", id)
                .map(JdbcTokenStore::mapToken)
                .findOne();
    }

    private static ApiToken mapToken(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"),
                SqlSupport.instant(rs, "created_at"), SqlSupport.instant(rs, "expires_at"),
                SqlSupport.instant(rs, "revoked_at"), SqlSupport.instant(rs, "last_used_at"));
    }
}
