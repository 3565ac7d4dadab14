package dev.gyre.store.db;

import dev.gyre.core.GyreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the metadata database.
 *
 * @param url            JDBC URL; must start with {@code jdbc:h2:} or {@code jdbc:postgresql:}
 * @param user           database user, or {@code null} to use the one in the URL (if any)
 * @param password       database password, or {@code null}; never shown in messages or {@link #toString()}
 * @param poolSize       maximum number of pooled connections, at least 1
 * @param schema         PostgreSQL schema to keep the tables in (created by the migration), or
 *                       {@code null} for the default ({@code public}); lower-case letters, digits and
 *                       {@code _}. Not supported for H2, whose database is a file of its own
 * @param connectTimeout how long to wait for a connection before reporting the database as not ready
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, String schema,
                               Duration connectTimeout) {

    /** The pool size used when none is given: the metadata store needs few connections. */
    public static final int DEFAULT_POOL_SIZE = 5;

    /** The connection timeout used when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The smallest connection timeout the pool accepts. */
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*:)[^/@]*@");

    /**
     * Validates the settings.
     *
     * @throws GyreException.InvalidArgument if the URL is missing or unsupported, the pool size is not
     *                                       positive, the schema is malformed or given for H2, or the
     *                                       timeout is shorter than {@link #MIN_CONNECT_TIMEOUT}
     */
    public DatabaseSettings {
        Dialect dialect = Dialect.of(url);
        if (poolSize < 1) {
            throw new GyreException.InvalidArgument("The database pool size must be at least 1, not " + poolSize + ".");
        }
        if (schema != null) {
            if (!SCHEMA.matcher(schema).matches()) {
                throw new GyreException.InvalidArgument("Invalid database schema name '" + schema
                        + "'. Use 1-63 lower-case letters, digits or '_', starting with a letter or '_'.");
            }
            if (dialect != Dialect.POSTGRES) {
                throw new GyreException.InvalidArgument("A database schema can only be chosen for PostgreSQL;"
                        + " remove the schema setting for an H2 database.");
            }
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
            throw new GyreException.InvalidArgument("The database connection timeout must be at least "
                    + MIN_CONNECT_TIMEOUT.toMillis() + " ms.");
        }
    }

    /** Settings with the default connection timeout. */
    public DatabaseSettings(String url, String user, String password, int poolSize, String schema) {
        this(url, user, password, poolSize, schema, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * The embedded database: an H2 file {@code <home>/db/gyre} in PostgreSQL compatibility mode, usable
     * by one process at a time. Every commit is written to the file before it returns
     * ({@code WRITE_DELAY=0}): H2's default writes in the background every half second, so a killed
     * process would lose writes it had acknowledged — and could lose half of a schema migration, whose
     * DDL H2 commits statement by statement.
     *
     * @throws GyreException.InvalidArgument if the path contains {@code ;}, which a JDBC URL cannot carry
     */
    public static DatabaseSettings embedded(Path home) {
        String file = home.toAbsolutePath().normalize().resolve("db").resolve("gyre").toString().replace('\\', '/');
        if (file.indexOf(';') >= 0) {
            throw new GyreException.InvalidArgument("The Gyre home '" + home
                    + "' contains ';', which the embedded database cannot use. Choose another directory.");
        }
        return new DatabaseSettings("jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "sa", "", DEFAULT_POOL_SIZE, null);
    }

    /** The dialect of {@link #url()}. */
    public Dialect dialect() {
        return Dialect.of(url);
    }

    /** These settings with another pool size. */
    public DatabaseSettings withPoolSize(int newPoolSize) {
        return new DatabaseSettings(url, user, password, newPoolSize, schema, connectTimeout);
    }

    /** These settings with another schema ({@code null} for the default). */
    public DatabaseSettings withSchema(String newSchema) {
        return new DatabaseSettings(url, user, password, poolSize, newSchema, connectTimeout);
    }

    /** These settings with another connection timeout. */
    public DatabaseSettings withConnectTimeout(Duration newConnectTimeout) {
        return new DatabaseSettings(url, user, password, poolSize, schema, newConnectTimeout);
    }

    /** The URL with any password in it replaced by {@code ****}, safe for messages and logs. */
    public String safeUrl() {
        return redact(url);
    }

    /** The settings without the password. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + safeUrl() + ", user=" + user + ", password="
                + (password == null || password.isEmpty() ? "<none>" : "****") + ", poolSize=" + poolSize
                + ", schema=" + schema + ", connectTimeout=" + connectTimeout + "]";
    }

    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "";
        }
        String withoutParameter = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****");
        return USER_INFO.matcher(withoutParameter).replaceAll("$1****@");
    }
}
