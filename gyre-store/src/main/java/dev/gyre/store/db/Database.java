package dev.gyre.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gyre.core.GyreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a small connection pool and a {@link Jdbi} on top of it.
 *
 * <p>Opening a {@code Database} does not connect: the pool connects lazily, so construction is cheap
 * and never fails because the database is down. Call {@link #migrate()} once at start-up to create or
 * upgrade the schema, and {@link #checkReady()} for readiness probes. Failures to reach the database
 * surface as {@link GyreException.NotReady} whose message names the URL without its password.
 *
 * <p>Thread-safe. {@link #close()} closes the pool; the instance cannot be used afterwards.
 */
public class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Where the migrations live on the class path. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    private static final String CONNECT_HINT =
            "Check --db, --db-user and --db-password (or GYRE_DB, GYRE_DB_USER, GYRE_DB_PASSWORD), and that the database is running and reachable.";

    private final DatabaseSettings settings;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    /**
     * Creates the pool for these settings without connecting.
     *
     * @throws GyreException.InvalidArgument if the pool rejects the settings
     */
    public Database(DatabaseSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = settings.dialect();
        HikariConfig config = new HikariConfig();
        config.setPoolName("gyre-metadata");
        config.setJdbcUrl(settings.url());
        config.setDriverClassName(dialect == Dialect.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        long timeoutMillis = settings.connectTimeout().toMillis();
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(Math.max(DatabaseSettings.MIN_CONNECT_TIMEOUT.toMillis(), timeoutMillis / 2));
        // Do not connect while constructing: start-up stays fast, and an unreachable database is reported
        // by migrate()/checkReady() as NotReady instead of an exception from a constructor.
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.POSTGRES) {
            config.addDataSourceProperty("ApplicationName", "gyre");
            // JDBC batches of inserts travel as multi-row inserts: one round trip per batch
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, (timeoutMillis + 999) / 1000)));
        }
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new GyreException.InvalidArgument("Invalid metadata database settings for "
                    + settings.safeUrl() + ": " + e.getMessage(), e);
        }
        this.jdbi = Jdbi.create(dataSource)
                .registerArgument(new SqlSupport.InstantArgumentFactory())
                .registerColumnMapper(Instant.class, SqlSupport.INSTANT_MAPPER);
    }

    /** The settings this database was opened with. */
    public DatabaseSettings settings() {
        return settings;
    }

    /** Which database product this is. */
    public Dialect dialect() {
        return dialect;
    }

    /** The pooled data source. Connections must be closed by the caller. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The {@link Jdbi} over the pool. {@link Instant} arguments are bound as
     * {@code TIMESTAMP WITH TIME ZONE} truncated to microseconds, and such columns map back to
     * {@code Instant}.
     */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Work done on a handle, for {@link #read} and {@link #change}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(org.jdbi.v3.core.Handle handle);
    }

    /**
     * Runs {@code work} on a handle (no transaction). A store failure becomes the {@code GyreException}
     * {@link StoreFailures#wrap} names for {@code action} (e.g. "list the label tasks of project x").
     */
    public <T> T read(String action, Work<T> work) {
        try {
            return jdbi.withHandle(work::run);
        } catch (org.jdbi.v3.core.JdbiException | dev.gyre.core.GyreException e) {
            throw StoreFailures.wrap(action, e);
        }
    }

    /** Runs {@code work} in one transaction: all or nothing; failures as in {@link #read}. */
    public <T> T change(String action, Work<T> work) {
        try {
            return jdbi.inTransaction(work::run);
        } catch (org.jdbi.v3.core.JdbiException | dev.gyre.core.GyreException e) {
            throw StoreFailures.wrap(action, e);
        }
    }

    /**
     * Verifies that the database answers ({@code SELECT 1}).
     *
     * @throws GyreException.NotReady if it does not, with the reason
     */
    public void checkReady() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
            statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            throw notReady(e);
        }
    }

    /**
     * Creates or upgrades the schema to the newest migration on the class path. Idempotent: a call on an
     * up-to-date schema applies nothing. Meant to be called once at start-up, before the stores are used.
     *
     * @return how many migrations were applied and the resulting version
     * @throws GyreException.NotReady if the database cannot be reached
     * @throws GyreException.Internal if a migration fails or the recorded history does not match the
     *                                migrations of this version of Gyre
     */
    public synchronized MigrationResult migrate() {
        checkReady();
        FluentConfiguration configuration = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS_LOCATION)
                .loggers("slf4j")
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        if (settings.schema() != null) {
            configuration.schemas(settings.schema());
        }
        try {
            MigrateResult result = configuration.load().migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            if (result.migrationsExecuted > 0) {
                LOG.info("Metadata database at {} migrated to version {} ({} migration(s) applied)",
                        settings.safeUrl(), version, result.migrationsExecuted);
            }
            return new MigrationResult(result.migrationsExecuted, version);
        } catch (FlywayException e) {
            if (SqlSupport.isConnectionFailure(e)) {
                throw notReady(e);
            }
            throw new GyreException.Internal("Unable to migrate the metadata database at " + settings.safeUrl()
                    + ": " + reason(e) + ".", e);
        }
    }

    /** Closes the pool. Idempotent. */
    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Translates a failure of a store operation: unreachable database → {@link GyreException.NotReady},
     * anything else → {@link GyreException.Internal} "Unable to {action}".
     */
    GyreException failure(String action, RuntimeException e) {
        if (e instanceof GyreException gyre) {
            return gyre;
        }
        if (SqlSupport.isConnectionFailure(e)) {
            return notReady(e);
        }
        return new GyreException.Internal("Unable to " + action + ": the metadata database reported an error.", e);
    }

    private GyreException.NotReady notReady(Exception e) {
        return new GyreException.NotReady("Unable to connect to the metadata database at " + settings.safeUrl()
                + ": " + reason(e) + ". " + CONNECT_HINT, e);
    }

    /** The most specific message in the cause chain, without the password and a trailing period. */
    private String reason(Throwable failure) {
        String message = null;
        String sqlMessage = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                if (t instanceof SQLException) {
                    sqlMessage = t.getMessage();
                }
            }
        }
        String reason = sqlMessage != null ? sqlMessage : message != null ? message : failure.getClass().getSimpleName();
        reason = reason.strip();
        String password = settings.password();
        if (password != null && !password.isEmpty()) {
            reason = reason.replace(password, "****");
        }
        reason = DatabaseSettings.redact(reason);
        while (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }
}
