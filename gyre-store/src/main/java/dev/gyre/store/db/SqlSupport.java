package dev.gyre.store.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;

/**
 * SQL helpers shared by the JDBC stores of every module: timestamps and SQL states that mean the same
 * on H2 and PostgreSQL. ({@link Database#jdbi()} already binds and maps {@link Instant}s.)
 */
public final class SqlSupport {

    /** A unique constraint was violated (both databases). */
    public static final String UNIQUE_VIOLATION = "23505";
    /** A referenced row is missing (PostgreSQL reports both directions as 23503, H2 uses 23506 for this one). */
    public static final String[] FOREIGN_KEY_VIOLATION = {"23503", "23506"};
    /** A value is longer than its column (both databases). */
    public static final String VALUE_TOO_LONG = "22001";

    private SqlSupport() {
    }

    /**
     * The instant as it is stored: both databases keep microseconds, so everything written is truncated
     * to microseconds first and compares equal after reading it back.
     */
    public static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Reads a {@code TIMESTAMP WITH TIME ZONE} column; {@code null} stays {@code null}. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Whether the failure (or one of its causes) is an SQL error with one of these SQL states. */
    public static boolean hasSqlState(Throwable failure, String... states) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    for (String state : states) {
                        if (state.equals(e.getSQLState())) {
                            return true;
                        }
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether the failure means the database could not be reached (rather than that a statement failed). */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Binds {@link Instant}s as {@code TIMESTAMP WITH TIME ZONE} in UTC, truncated to microseconds. */
    static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {

        InstantArgumentFactory() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return ObjectArgument.of(OffsetDateTime.ofInstant(truncate(value), ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    /** Maps {@code TIMESTAMP WITH TIME ZONE} columns to {@link Instant}s. */
    static final ColumnMapper<Instant> INSTANT_MAPPER = (rs, column, ctx) -> {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    };
}
