package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Streams a JDBC {@link ResultSet} as typed chunks; shared by {@link JdbcQuerySource} and
 * {@link ParquetTableStream}.
 *
 * <p>Types follow {@link ResultSetMetaData#getColumnType}: integer, floating point and decimal types are
 * numeric; {@code BOOLEAN} and {@code BIT} boolean; {@code DATE} (midnight UTC) and {@code TIMESTAMP}
 * (UTC when it has no zone) timestamp; everything else — character types, and also UUIDs, JSON, arrays,
 * structs, times of day and binary, as the driver's text of them — is categorical or text by
 * {@link SchemaInference#stringType} over the sample. Only SQL {@code NULL} (and a floating point NaN) is
 * missing: a string such as {@code NA} stays a value, unless an override makes the column non-text.
 */
final class ResultSetSource implements ChunkedStream.RowSource {

    private enum Kind { NUMBER, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_ZONED, STRING }

    private final ResultSet resultSet;
    private final Kind[] kinds;
    private final Function<SQLException, GyreException> onError;
    private final AutoCloseable[] resources;
    private long row;

    private ResultSetSource(ResultSet resultSet, Kind[] kinds, Function<SQLException, GyreException> onError,
                            AutoCloseable[] resources) {
        this.resultSet = resultSet;
        this.kinds = kinds;
        this.onError = onError;
        this.resources = resources;
    }

    /**
     * Reads the sample of {@code resultSet} and returns the stream over all its rows.
     *
     * @param source    how messages name the source, e.g. {@code File data.parquet} or {@code The query}
     * @param onError   turns a driver failure while reading into the error to throw
     * @param resources closed, in order, after the result set when the stream is closed or opening fails
     */
    static ChunkedStream stream(ResultSet resultSet, String source, IngestOptions options,
                                Function<SQLException, GyreException> onError, AutoCloseable... resources) {
        ResultSetSource rows = null;
        try {
            ResultSetMetaData meta = resultSet.getMetaData();
            int n = meta.getColumnCount();
            List<String> names = new ArrayList<>(n);
            Kind[] kinds = new Kind[n];
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String name = meta.getColumnLabel(i + 1);
                if (name == null || name.isEmpty()) {
                    throw new GyreException.InvalidArgument(source + " has column " + (i + 1) + " without a name;"
                            + " name it, e.g. with AS.");
                }
                Integer earlier = seen.putIfAbsent(name, i + 1);
                if (earlier != null) {
                    throw new GyreException.InvalidArgument(source + " has two columns named '" + name
                            + "' (columns " + earlier + " and " + (i + 1) + "); give them distinct names, e.g. with AS.");
                }
                names.add(name);
                kinds[i] = kind(meta.getColumnType(i + 1), meta.getColumnTypeName(i + 1));
            }
            SchemaInference.checkOverrides(options.typeOverrides(), names, source);
            rows = new ResultSetSource(resultSet, kinds, onError, resources);
            List<Object[]> sample = new ArrayList<>();
            for (int i = 0; i < options.sampleRows(); i++) {
                Object[] values = rows.next();
                if (values == null) {
                    break;
                }
                sample.add(values);
            }
            List<Field> fields = new ArrayList<>(n);
            boolean[] overridden = new boolean[n];
            for (int i = 0; i < n; i++) {
                ColumnType type = options.typeOverrides().get(names.get(i));
                overridden[i] = type != null;
                fields.add(new Field(names.get(i), type != null ? type : type(kinds[i], sample, i)));
            }
            long[] positions = new long[sample.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i + 1;
            }
            return new ChunkedStream(source, "row", new Schema(fields), overridden, sample, positions, rows, options,
                    false);
        } catch (SQLException e) {
            closeAll(resultSet, resources);
            throw onError.apply(e);
        } catch (RuntimeException e) {
            closeAll(resultSet, resources);
            throw e;
        }
    }

    @Override
    public Object[] next() {
        try {
            if (!resultSet.next()) {
                return null;
            }
            row++;
            Object[] values = new Object[kinds.length];
            for (int i = 0; i < kinds.length; i++) {
                values[i] = read(i + 1, kinds[i]);
            }
            return values;
        } catch (SQLException e) {
            throw onError.apply(e);
        }
    }

    @Override
    public long position() {
        return row;
    }

    @Override
    public long bytesRead() {
        return -1;
    }

    @Override
    public void close() {
        closeAll(resultSet, resources);
    }

    private Object read(int column, Kind kind) throws SQLException {
        switch (kind) {
            case NUMBER, BOOLEAN -> {
                Object value = resultSet.getObject(column);
                return value == null || value instanceof Number || value instanceof Boolean ? value : value.toString();
            }
            case STRING -> {
                return resultSet.getString(column);
            }
            default -> {
                Object value;
                try {
                    value = switch (kind) {
                        case DATE -> resultSet.getObject(column, LocalDate.class);
                        case TIMESTAMP_ZONED -> resultSet.getObject(column, OffsetDateTime.class);
                        default -> resultSet.getObject(column, LocalDateTime.class);
                    };
                } catch (SQLException e) {
                    value = resultSet.getObject(column);
                }
                return instant(value);
            }
        }
    }

    /** A temporal value as an Instant (UTC when it has no zone); anything else as its text. */
    private static Object instant(Object value) {
        if (value == null || value instanceof Instant) {
            return value;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return value.toString();
    }

    private static Kind kind(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.NUMERIC, Types.DECIMAL -> Kind.NUMBER;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.DATE -> Kind.DATE;
            case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? Kind.TIMESTAMP_ZONED
                    : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_ZONED;
            default -> Kind.STRING;
        };
    }

    private static ColumnType type(Kind kind, List<Object[]> sample, int column) {
        return switch (kind) {
            case NUMBER -> ColumnType.NUMERIC;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case DATE, TIMESTAMP, TIMESTAMP_ZONED -> ColumnType.TIMESTAMP;
            case STRING -> {
                List<String> values = new ArrayList<>(sample.size());
                for (Object[] row : sample) {
                    values.add((String) row[column]);
                }
                yield SchemaInference.stringType(values);
            }
        };
    }

    private static void closeAll(ResultSet resultSet, AutoCloseable[] resources) {
        try {
            resultSet.close();
        } catch (SQLException e) {
            // closing a result set loses nothing
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // as above
            }
        }
    }
}
