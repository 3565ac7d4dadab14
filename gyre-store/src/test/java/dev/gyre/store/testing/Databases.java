package dev.gyre.store.testing;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh metadata databases for tests, on H2 and on PostgreSQL.
 *
 * <p>PostgreSQL tests run against the server named by the environment variable
 * {@value #POSTGRES_URL_ENV} (user {@value #POSTGRES_USER_ENV}, default {@code postgres}; password
 * {@value #POSTGRES_PASSWORD_ENV}, default none). Each database gets a schema of its own, dropped on
 * {@link Database#close()}, so test runs never see each other's data. Without the variable, the calling
 * test is skipped; with it set and the server not answering, the test fails.
 */
public final class Databases {

    /** JDBC URL of the PostgreSQL server for tests, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
    public static final String POSTGRES_URL_ENV = "GYRE_TEST_POSTGRES_URL";
    /** PostgreSQL user for tests; {@code postgres} when unset. */
    public static final String POSTGRES_USER_ENV = "GYRE_TEST_POSTGRES_USER";
    /** PostgreSQL password for tests; none when unset. */
    public static final String POSTGRES_PASSWORD_ENV = "GYRE_TEST_POSTGRES_PASSWORD";

    /** Why PostgreSQL tests are skipped when no server is configured. */
    public static final String SKIP_MESSAGE = "PostgreSQL tests skipped: set " + POSTGRES_URL_ENV
            + "=jdbc:postgresql://127.0.0.1:5432/test to run them";

    private static final Duration TEST_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** The first failure to reach the configured server; later calls fail at once instead of waiting again. */
    private static volatile GyreException.NotReady postgresUnreachable;
    private static volatile boolean postgresReachable;

    private Databases() {
    }

    /** A migrated embedded database in a new directory under {@code tempDir}. */
    public static Database h2(Path tempDir) {
        return migrated(h2Unmigrated(tempDir));
    }

    /** An empty (not migrated) embedded database in a new directory under {@code tempDir}. */
    public static Database h2Unmigrated(Path tempDir) {
        return new Database(DatabaseSettings.embedded(tempDir.resolve("gyre-" + randomSuffix()))
                .withConnectTimeout(TEST_CONNECT_TIMEOUT));
    }

    /** Whether a PostgreSQL server for tests is configured. */
    public static boolean postgresConfigured() {
        String url = System.getenv(POSTGRES_URL_ENV);
        return url != null && !url.isBlank();
    }

    /**
     * A migrated database in a new schema of the configured PostgreSQL server; skips the calling test
     * when none is configured.
     */
    public static Database postgres() {
        return migrated(postgresUnmigrated());
    }

    /**
     * A database on a new, not yet created schema of the configured PostgreSQL server (the first
     * {@link Database#migrate()} creates it); skips the calling test when no server is configured.
     */
    public static Database postgresUnmigrated() {
        Assumptions.assumeTrue(postgresConfigured(), SKIP_MESSAGE);
        String user = System.getenv().getOrDefault(POSTGRES_USER_ENV, "postgres");
        String password = System.getenv(POSTGRES_PASSWORD_ENV);
        DatabaseSettings settings = new DatabaseSettings(System.getenv(POSTGRES_URL_ENV).strip(), user, password,
                4, null, TEST_CONNECT_TIMEOUT);
        if (!postgresReachable) {
            probe(settings);
        }
        return new SchemaDroppingDatabase(settings.withSchema("t_" + randomSuffix()));
    }

    private static synchronized void probe(DatabaseSettings settings) {
        if (postgresReachable) {
            return;
        }
        if (postgresUnreachable != null) {
            throw new GyreException.NotReady(postgresUnreachable.getMessage() + " (failed before; not retried)",
                    postgresUnreachable);
        }
        try (Database database = new Database(settings.withPoolSize(1))) {
            database.checkReady();
            postgresReachable = true;
        } catch (GyreException.NotReady e) {
            postgresUnreachable = e;
            throw e;
        }
    }

    private static Database migrated(Database database) {
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A database whose schema is dropped when it is closed. */
    private static final class SchemaDroppingDatabase extends Database {

        private boolean closed;

        SchemaDroppingDatabase(DatabaseSettings settings) {
            super(settings);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (Connection connection = dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                // the name is validated by DatabaseSettings: lower-case letters, digits and '_'
                statement.execute("DROP SCHEMA IF EXISTS " + settings().schema() + " CASCADE");
            } catch (SQLException | RuntimeException e) {
                // The server may be gone already; a leftover test schema is harmless.
            } finally {
                super.close();
            }
        }
    }
}
