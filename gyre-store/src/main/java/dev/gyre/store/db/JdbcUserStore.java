package dev.gyre.store.db;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.core.auth.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link UserStore} on the {@code users} table of a migrated {@link Database}. User names are stored
 * exactly as given; uniqueness is enforced by the database, so concurrent creation of the same name
 * yields exactly one user.
 */
public final class JdbcUserStore implements UserStore {

    static final String COLUMNS = "id, username, role, created_at, disabled";

    private final Database database;
    private final Clock clock;

    /** A store using the system clock for creation times. */
    public JdbcUserStore(Database database) {
        this(database, Clock.systemUTC());
    }

    /** A store taking creation times from {@code clock}. */
    public JdbcUserStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public User create(String username, Role role, String passwordHash) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Instant createdAt = SqlSupport.truncate(clock.instant());
        try {
            long id = database.jdbi().withHandle(handle -> handle.createUpdate(
                            "INSERT INTO users (username, role, password_hash, disabled, created_at)"
                                    + " VALUES (:username, :role, :passwordHash, FALSE, :createdAt)")
                    .bind("username", username)
                    .bind("role", role.wireName())
                    .bind("passwordHash", passwordHash)
                    .bind("createdAt", createdAt)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return new User(id, username, role, createdAt, false);
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("User '" + username
                        + "' already exists. Choose another name, or update the existing user.");
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.VALUE_TOO_LONG)) {
                throw new GyreException.InvalidArgument("User name or password hash too long for user '"
                        + abbreviate(username) + "'.", e);
            }
            throw database.failure("create user '" + abbreviate(username) + "'", e);
        }
    }

    @Override
    public Optional<User> findByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        try {
            return database.jdbi().withHandle(handle -> findByUsername(handle, username));
        } catch (JdbiException e) {
            throw database.failure("look up user '" + abbreviate(username) + "'", e);
        }
    }

    @Override
    public Optional<User> findById(long id) {
        try {
            return database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                    .bind("id", id)
                    .map(JdbcUserStore::mapUser)
                    .findOne());
        } catch (JdbiException e) {
            throw database.failure("look up user " + id, e);
        }
    }

    @Override
    public List<User> list() {
        try {
            List<User> users = new ArrayList<>(database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT " + COLUMNS + " FROM users")
                    .map(JdbcUserStore::mapUser)
                    .list()));
            // Sorted here rather than by SQL: database collations order punctuation differently.
            users.sort(Comparator.comparing(User::username));
            return users;
        } catch (JdbiException e) {
            throw database.failure("list users", e);
        }
    }

    @Override
    public Optional<String> passwordHash(String username) {
        if (username == null) {
            return Optional.empty();
        }
        try {
            return database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT password_hash FROM users WHERE username = :username")
                    .bind("username", username)
                    .mapTo(String.class)
                    .findFirst());
        } catch (JdbiException e) {
            throw database.failure("read the password of user '" + abbreviate(username) + "'", e);
        }
    }

    @Override
    public User update(String username, Role role, String passwordHash, Boolean disabled) {
        Objects.requireNonNull(username, "username");
        try {
            return database.jdbi().inTransaction(handle -> {
                int updated = handle.createUpdate("UPDATE users SET"
                                + " role = COALESCE(:role, role),"
                                + " password_hash = COALESCE(:passwordHash, password_hash),"
                                + " disabled = COALESCE(:disabled, disabled)"
                                + " WHERE username = :username")
                        .bind("role", role == null ? null : role.wireName())
                        .bind("passwordHash", passwordHash)
                        .bind("disabled", disabled)
                        .bind("username", username)
                        .execute();
                if (updated == 0) {
                    throw notFound(username);
                }
                return findByUsername(handle, username).orElseThrow(() -> notFound(username));
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.VALUE_TOO_LONG)) {
                throw new GyreException.InvalidArgument("Password hash too long for user '" + abbreviate(username) + "'.", e);
            }
            throw database.failure("update user '" + abbreviate(username) + "'", e);
        }
    }

    @Override
    public long count() {
        try {
            return database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT COUNT(*) FROM users")
                    .mapTo(Long.class)
                    .one());
        } catch (JdbiException e) {
            throw database.failure("count users", e);
        }
    }

    private static Optional<User> findByUsername(Handle handle, String username) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE username = :username")
                .bind("username", username)
                .map(JdbcUserStore::mapUser)
                .findOne();
    }

    private static GyreException.NotFound notFound(String username) {
        return new GyreException.NotFound("User '" + username + "' does not exist.");
    }

    /** Maps the columns {@link #COLUMNS}, optionally prefixed (e.g. {@code u_id} for prefix {@code u_}). */
    static User mapUser(ResultSet rs, String prefix) throws SQLException {
        String roleName = rs.getString(prefix + "role");
        Role role;
        try {
            role = Role.parse(roleName);
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.Internal("User '" + rs.getString(prefix + "username")
                    + "' has an unknown role '" + roleName + "' in the metadata database.", e);
        }
        return new User(rs.getLong(prefix + "id"), rs.getString(prefix + "username"), role,
                SqlSupport.instant(rs, prefix + "created_at"), rs.getBoolean(prefix + "disabled"));
    }

    private static User mapUser(ResultSet rs, StatementContext ctx) throws SQLException {
        return mapUser(rs, "");
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
