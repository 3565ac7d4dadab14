package dev.gyre.cli;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.data.TableStream;
import dev.gyre.data.ingest.CsvWriter;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.data.ingest.JdbcQuerySource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A SQL query over a JDBC database, to add as data: run here (the platform never connects to a database a
 * user names), written to a CSV file with the query's column types, then versioned like any CSV file.
 *
 * @param url the JDBC URL as given, possibly with credentials in it
 */
record JdbcSource(String url) {

    /** Seconds to wait for the database to accept the connection. */
    static final int LOGIN_TIMEOUT_SECONDS = 15;

    /** Whether a source argument is a JDBC URL. */
    static boolean matches(String source) {
        return source.startsWith("jdbc:");
    }

    /**
     * The query's result as a CSV file.
     *
     * @param file  the CSV file to write
     * @param types the column types of the result, to pin when the platform reads the file back
     * @param rows  rows written
     */
    record Result(Path file, Map<String, String> types, long rows) {
    }

    /**
     * Runs {@code sql} and writes its result to {@code folder/query.csv}.
     *
     * @param overrides column types that replace those the result set would give
     */
    Result toCsv(Path folder, String user, String password, String sql, Map<String, ColumnType> overrides) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Path file = folder.resolve("query.csv");
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false); // PostgreSQL streams a result only outside auto-commit
            Map<String, String> types = new LinkedHashMap<>();
            long rows;
            try (TableStream stream = JdbcQuerySource.query(connection, sql,
                    IngestOptions.defaults().withTypeOverrides(overrides))) {
                for (Field field : stream.schema().fields()) {
                    types.put(field.name(), field.type().wireName());
                }
                rows = CsvWriter.write(stream, file);
            } finally {
                connection.rollback();
            }
            return new Result(file, types, rows);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new CliException("No JDBC driver for '" + redacted() + "': gyre includes the PostgreSQL driver,"
                        + " so use a jdbc:postgresql://HOST:PORT/DATABASE URL.", e);
            }
            String message = Main.oneLine(e.getMessage()).replaceAll("\\.+$", "");
            throw new CliException("Cannot run the query on " + redacted() + ": " + message + ". Check the URL, --db-user and --db-password (or PGUSER and PGPASSWORD).", e);
        }
    }

    /** The URL without credentials: no {@code user:password@}, no {@code user} or {@code password} parameter. */
    String redacted() {
        String value = url;
        int scheme = value.indexOf("//");
        if (scheme >= 0) {
            int hostStart = scheme + 2;
            int pathStart = indexOfAny(value, hostStart, "/?");
            int at = value.lastIndexOf('@', pathStart < 0 ? value.length() : pathStart);
            if (at >= hostStart) {
                value = value.substring(0, hostStart) + value.substring(at + 1);
            }
        }
        int query = value.indexOf('?');
        if (query < 0) {
            return value;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : value.substring(query + 1).split("&")) {
            String key = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!parameter.isEmpty() && !key.equals("user") && !key.equals("password")) {
                kept.add(parameter);
            }
        }
        return value.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static int indexOfAny(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
