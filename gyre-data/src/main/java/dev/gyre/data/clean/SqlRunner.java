package dev.gyre.data.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import dev.gyre.data.internal.DuckDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Runs one SQL query over a table in a fresh in-memory DuckDB: loads the table as {@code data} with the
 * appender, {@linkplain DuckDb#seal seals} the connection, checks that the text is exactly one query, runs it
 * and reads the result back into a table. See the package comment for the type mapping.
 */
final class SqlRunner {

    /** The name the table has in the query. */
    static final String TABLE = "data";
    /** Most result rows read back. */
    static final int MAX_ROWS = 20_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NUMBERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE");
    private static final Set<String> LOCAL_TIMES = Set.of("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS");

    private SqlRunner() {
    }

    /**
     * The query's result as a table.
     *
     * @throws GyreException.InvalidArgument when the text is not exactly one query, the query fails or tries to
     *                                       reach a file, URL or database, or a result column has a type no
     *                                       table column can hold
     */
    static Table run(Table input, String query) {
        if (input.columnCount() == 0) {
            throw new GyreException.InvalidArgument("The table has no columns, so there is nothing to query.");
        }
        try (Connection connection = DuckDb.open()) {
            try {
                load(connection, input);
                DuckDb.seal(connection);
            } catch (SQLException e) {
                throw new GyreException.Internal("Unable to load the table into DuckDB for an sql step.", e);
            }
            requireOneQuery(connection, query);
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(query)) {
                return read(result, input);
            } catch (SQLException e) {
                throw failed(e, input);
            }
        } catch (SQLException e) {
            throw new GyreException.Internal("Unable to close the DuckDB connection of an sql step.", e);
        }
    }

    private static void load(Connection connection, Table table) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + TABLE + " (");
        for (int i = 0; i < table.columnCount(); i++) {
            Column column = table.column(i);
            ddl.append(i == 0 ? "" : ", ").append(quote(column.name())).append(' ').append(switch (column.type()) {
                case NUMERIC -> "DOUBLE";
                case CATEGORICAL, TEXT -> "VARCHAR";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMP";
            });
        }
        try (Statement statement = connection.createStatement()) {
            // timestamps are UTC; without this, casts to TIMESTAMPTZ would follow the machine's time zone
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute(ddl.append(')').toString());
        }
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
            List<Column> columns = table.columns();
            for (int row = 0; row < table.rowCount(); row++) {
                appender.beginRow();
                for (Column column : columns) {
                    if (column.isMissing(row)) {
                        appender.appendNull();
                        continue;
                    }
                    switch (column.type()) {
                        case NUMERIC -> appender.append(((NumericColumn) column).getDouble(row));
                        case BOOLEAN -> appender.append(((BooleanColumn) column).getBoolean(row));
                        case TIMESTAMP -> appender.appendEpochMicros(
                                Math.multiplyExact(((TimestampColumn) column).getEpochMillis(row), 1000L));
                        default -> appender.append((String) column.get(row));
                    }
                }
                appender.endRow();
            }
        }
    }

    /** Refuses anything but a single SELECT (or WITH, FROM-first, VALUES) query, using DuckDB's own parser. */
    private static void requireOneQuery(Connection connection, String query) {
        JsonNode parsed;
        try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, query);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                parsed = JSON.readTree(result.getString(1));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new GyreException.Internal("Unable to check the query of an sql step.", e);
        }
        if (parsed.path("error").asBoolean(false)) {
            String type = parsed.path("error_type").asText("");
            String message = parsed.path("error_message").asText("");
            if (type.equals("parser")) {
                throw new GyreException.InvalidArgument("The query is not valid SQL: " + message + ".");
            }
            throw new GyreException.InvalidArgument("The query must be one SELECT over the table '" + TABLE
                    + "' (WITH ... SELECT and FROM-first queries work too); statements that change or configure the"
                    + " database are not allowed.");
        }
        int statements = parsed.path("statements").size();
        if (statements != 1) {
            throw new GyreException.InvalidArgument("The query holds " + statements + " statements; write exactly"
                    + " one SELECT (use a WITH clause or a further sql step for intermediate results).");
        }
    }

    private static Table read(ResultSet result, Table input) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        int count = meta.getColumnCount();
        String[] names = new String[count];
        String[] duckTypes = new String[count];
        ColumnType[] types = new ColumnType[count];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            names[i] = meta.getColumnLabel(i + 1);
            duckTypes[i] = meta.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT);
            if (!seen.add(names[i])) {
                throw new GyreException.InvalidArgument("The query returns two columns named '" + names[i]
                        + "'; give each its own name with AS.");
            }
            types[i] = type(names[i], duckTypes[i], input);
        }
        List<List<Object>> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(new ArrayList<>());
        }
        int rows = 0;
        while (result.next()) {
            if (++rows > MAX_ROWS) {
                throw new GyreException.InvalidArgument("The query returns more than " + MAX_ROWS + " rows; narrow"
                        + " it (a WHERE clause, an aggregate) so the result fits in memory.");
            }
            for (int i = 0; i < count; i++) {
                values.get(i).add(value(result, i + 1, types[i], duckTypes[i]));
            }
        }
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(Casts.build(names[i], types[i], values.get(i).toArray()));
        }
        return new Table(columns);
    }

    /** The table type of a result column, from its DuckDB type (and for strings, the input's column of that name). */
    private static ColumnType type(String name, String duckType, Table input) {
        if (duckType.equals("BOOLEAN")) {
            return ColumnType.BOOLEAN;
        }
        if (NUMBERS.contains(duckType) || duckType.startsWith("DECIMAL")) {
            return ColumnType.NUMERIC;
        }
        if (duckType.equals("VARCHAR")) {
            boolean categorical = input.hasColumn(name) && input.column(name).type() == ColumnType.CATEGORICAL;
            return categorical ? ColumnType.CATEGORICAL : ColumnType.TEXT;
        }
        if (duckType.equals("ENUM")) {
            return ColumnType.CATEGORICAL;
        }
        if (LOCAL_TIMES.contains(duckType) || duckType.equals("TIMESTAMP WITH TIME ZONE") || duckType.equals("DATE")) {
            return ColumnType.TIMESTAMP;
        }
        throw new GyreException.InvalidArgument("The query's column '" + name + "' has the SQL type " + duckType
                + ", which a table cannot hold; cast it to VARCHAR, DOUBLE, BOOLEAN or TIMESTAMP.");
    }

    private static Object value(ResultSet result, int index, ColumnType type, String duckType) throws SQLException {
        switch (type) {
            case NUMERIC -> {
                Object value = result.getObject(index);
                return value == null ? null : ((Number) value).doubleValue();
            }
            case BOOLEAN -> {
                boolean value = result.getBoolean(index);
                return result.wasNull() ? null : value;
            }
            case TIMESTAMP -> {
                if (duckType.equals("DATE")) {
                    LocalDate date = result.getObject(index, LocalDate.class);
                    return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                if (duckType.equals("TIMESTAMP WITH TIME ZONE")) {
                    OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
                    return time == null ? null : time.toInstant().toEpochMilli();
                }
                LocalDateTime time = result.getObject(index, LocalDateTime.class);
                return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            default -> {
                return result.getString(index);
            }
        }
    }

    private static GyreException failed(SQLException e, Table input) {
        String message = e.getMessage() == null ? "no reason given" : e.getMessage().strip();
        if (message.contains("Permission Error") || message.contains("disabled by configuration")) {
            return new GyreException.InvalidArgument("The query tried to reach a file, URL or database, which an"
                    + " sql step may not: it can read only the table '" + TABLE + "'. DuckDB said: "
                    + firstLine(message), e);
        }
        return new GyreException.InvalidArgument("The query failed: " + abbreviate(message) + " (the table is named '"
                + TABLE + "' with the columns " + input.schema().names() + ")", e);
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse(message);
    }

    private static String abbreviate(String message) {
        return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
    }

    /** A double-quoted SQL identifier. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
