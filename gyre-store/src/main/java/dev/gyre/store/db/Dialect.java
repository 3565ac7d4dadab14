package dev.gyre.store.db;

import dev.gyre.core.GyreException;

/** The database products the metadata store runs on, recognised by their JDBC URL prefix. */
public enum Dialect {
    /** Embedded H2, run in PostgreSQL compatibility mode. */
    H2("jdbc:h2:"),
    /** PostgreSQL, the production database. */
    POSTGRES("jdbc:postgresql:");

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The JDBC URL prefix of this dialect, e.g. {@code jdbc:postgresql:}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws GyreException.InvalidArgument if the URL is {@code null} or of an unsupported kind; the
     *                                       message lists the supported prefixes and never the password
     */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl != null) {
            for (Dialect dialect : values()) {
                if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                    return dialect;
                }
            }
        }
        throw new GyreException.InvalidArgument("Unsupported metadata database URL '"
                + DatabaseSettings.redact(jdbcUrl) + "'. Use a URL starting with " + H2.urlPrefix
                + " (embedded) or " + POSTGRES.urlPrefix + " (production).");
    }
}
