package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.data.TableStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A SQL query over a caller's JDBC connection as a {@link TableStream}, and its materialisation as a CSV file
 * that can then be versioned like any other.
 *
 * <p>Types are mapped from {@link java.sql.Types} as {@link ResultSetSource} describes: numbers numeric,
 * {@code BOOLEAN}/{@code BIT} boolean, {@code DATE}/{@code TIMESTAMP} timestamp (UTC when the column has no
 * zone), character and other types categorical or text by their cardinality in the first
 * {@link IngestOptions#sampleRows()} rows; {@link IngestOptions#typeOverrides()} replace any of these. Only
 * SQL {@code NULL} is missing.
 *
 * <p>Rows are fetched {@code min(chunkRows, 10 000)} at a time. Some drivers hold the whole result in memory
 * unless told otherwise: PostgreSQL streams only when the connection's auto-commit is off. The connection's
 * settings are left as the caller made them, and the connection is never closed here.
 */
public final class JdbcQuerySource {

    /** How much of a query messages quote. */
    static final int QUOTED_QUERY_CHARS = 200;

    private JdbcQuerySource() {
    }

    /**
     * Runs {@code sql} and streams its result. Closing the stream closes the statement and its result set.
     *
     * @throws GyreException.InvalidArgument when the query fails (with the database's message and the start of
     *                                       the query), or an override names no column of the result
     */
    public static TableStream query(Connection connection, String sql, IngestOptions options) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(options, "options");
        if (sql == null || sql.isBlank()) {
            throw new GyreException.InvalidArgument("The query is empty: give a SELECT statement.");
        }
        PreparedStatement statement = null;
        try {
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(Math.min(options.chunkRows(), 10_000));
            ResultSet resultSet = statement.executeQuery();
            return ResultSetSource.stream(resultSet, "The result of the query " + quote(sql), options,
                    e -> failed(sql, e, "while reading its rows"), statement);
        } catch (SQLException e) {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // the query failed already; that is the error to report
                }
            }
            throw failed(sql, e, "");
        }
    }

    /**
     * Runs {@code sql} and writes its whole result to {@code csvFile} with {@link CsvWriter} (replacing the
     * file only once the result is complete).
     *
     * @return the number of rows written
     * @throws GyreException.InvalidArgument when the query fails
     */
    public static long toCsv(Connection connection, String sql, Path csvFile, IngestOptions options) {
        try (TableStream stream = query(connection, sql, options)) {
            return CsvWriter.write(stream, csvFile);
        }
    }

    private static GyreException failed(String sql, SQLException e, String when) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        message = message.replaceAll("\\s*\\R\\s*", " ");
        return new GyreException.InvalidArgument("The query failed" + (when.isEmpty() ? "" : " " + when) + ": "
                + message + ". Query: " + quote(sql) + ". Fix the query and run it again.", e);
    }

    /** The first {@value #QUOTED_QUERY_CHARS} characters of the query on one line, quoted. */
    static String quote(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return "'" + (oneLine.length() > QUOTED_QUERY_CHARS ? oneLine.substring(0, QUOTED_QUERY_CHARS) + "…" : oneLine)
                + "'";
    }
}
