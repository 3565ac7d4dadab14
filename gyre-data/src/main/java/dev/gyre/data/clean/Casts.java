package dev.gyre.data.clean;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Converts columns from one type to another, value by value. The rules (also in {@link CleanStep.Cast}):
 *
 * <ul>
 *   <li>to text or categorical: numbers print without a trailing {@code .0} when whole ({@code 3}, {@code 2.5}),
 *       booleans as {@code true}/{@code false}, timestamps as ISO-8601 UTC ({@code 2024-01-31T12:00:00Z});</li>
 *   <li>to numeric: strings that are decimal numbers after trimming ({@code 42}, {@code -1.5}, {@code 2e3};
 *       not {@code NaN}, {@code Infinity} or the empty string), booleans as 1/0, timestamps as epoch
 *       milliseconds;</li>
 *   <li>to boolean: the strings {@code true/false/yes/no/1/0} (any case, trimmed) and the numbers 1 and 0;</li>
 *   <li>to timestamp: ISO-8601 strings with an offset ({@code 2024-01-31T12:00:00+01:00}), without one (read
 *       as UTC) or a date alone (midnight UTC), and whole numbers as epoch milliseconds;</li>
 *   <li>timestamp to boolean and boolean to timestamp are refused outright.</li>
 * </ul>
 *
 * Missing values stay missing. A value that does not convert is an error, or becomes missing when asked.
 */
final class Casts {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** A cast column and how many present values did not convert (and so became missing). */
    record Outcome(Column column, int failed) {
    }

    private Casts() {
    }

    /**
     * Casts the column.
     *
     * @param toMissing whether a value that does not convert becomes missing (else it is an error)
     * @throws GyreException.InvalidArgument naming the column, the first row and value that did not convert,
     *                                       or a pair of types that never converts
     */
    static Outcome cast(Column column, ColumnType target, boolean toMissing) {
        ColumnType source = column.type();
        if (source == target) {
            return new Outcome(column, 0);
        }
        if (source == ColumnType.TIMESTAMP && target == ColumnType.BOOLEAN
                || source == ColumnType.BOOLEAN && target == ColumnType.TIMESTAMP) {
            throw new GyreException.InvalidArgument("Column '" + column.name() + "' is " + source.wireName()
                    + " and cannot be cast to " + target.wireName() + "; cast it to text or numeric instead.");
        }
        int rows = column.size();
        Object[] values = new Object[rows];
        int failed = 0;
        for (int row = 0; row < rows; row++) {
            Object value = column.get(row);
            if (value == null) {
                continue;
            }
            Object converted = convert(value, target);
            if (converted == null) {
                if (!toMissing) {
                    throw new GyreException.InvalidArgument("Column '" + column.name() + "': the value '"
                            + abbreviate(text(value)) + "' in row " + row + " does not convert to "
                            + target.wireName() + "; fix the data, or set on_error: missing to make such"
                            + " values missing.");
                }
                failed++;
            }
            values[row] = converted;
        }
        return new Outcome(build(column.name(), target, values), failed);
    }

    /** A column of the given type from boxed values of that type (Double, String, Boolean, Long millis). */
    static Column build(String name, ColumnType type, Object[] values) {
        int rows = values.length;
        BitSet missing = new BitSet(rows);
        for (int row = 0; row < rows; row++) {
            if (values[row] == null) {
                missing.set(row);
            }
        }
        switch (type) {
            case NUMERIC -> {
                double[] out = new double[rows];
                for (int row = 0; row < rows; row++) {
                    out[row] = values[row] == null ? 0.0 : (Double) values[row];
                }
                return new NumericColumn(name, out, missing);
            }
            case TIMESTAMP -> {
                long[] out = new long[rows];
                for (int row = 0; row < rows; row++) {
                    out[row] = values[row] == null ? 0L : (Long) values[row];
                }
                return new TimestampColumn(name, out, missing);
            }
            case BOOLEAN -> {
                BitSet out = new BitSet(rows);
                for (int row = 0; row < rows; row++) {
                    if (Boolean.TRUE.equals(values[row])) {
                        out.set(row);
                    }
                }
                return new BooleanColumn(name, rows, out, missing);
            }
            case CATEGORICAL -> {
                String[] out = new String[rows];
                for (int row = 0; row < rows; row++) {
                    out[row] = (String) values[row];
                }
                return CategoricalColumn.of(name, out);
            }
            default -> {
                String[] out = new String[rows];
                for (int row = 0; row < rows; row++) {
                    out[row] = (String) values[row];
                }
                return new TextColumn(name, out);
            }
        }
    }

    /**
     * One value converted to the boxed form of {@code target} (Double, String, Boolean, Long epoch millis), or
     * {@code null} when it does not convert.
     *
     * @param value a boxed value as {@link Column#get} returns it
     */
    static Object convert(Object value, ColumnType target) {
        return switch (target) {
            case TEXT, CATEGORICAL -> text(value);
            case NUMERIC -> {
                if (value instanceof Double d) {
                    yield d;
                }
                if (value instanceof Boolean b) {
                    yield b ? 1.0 : 0.0;
                }
                if (value instanceof Instant instant) {
                    yield (double) instant.toEpochMilli();
                }
                String s = ((String) value).strip();
                yield DECIMAL.matcher(s).matches() ? Double.valueOf(s) : null;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (value instanceof Double d) {
                    yield d == 1.0 ? Boolean.TRUE : d == 0.0 ? Boolean.FALSE : null;
                }
                yield switch (((String) value).strip().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> Boolean.TRUE;
                    case "false", "no", "0" -> Boolean.FALSE;
                    default -> null;
                };
            }
            case TIMESTAMP -> {
                if (value instanceof Instant instant) {
                    yield instant.toEpochMilli();
                }
                if (value instanceof Double d) {
                    yield Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Long) d.longValue() : null;
                }
                yield parseTimestamp((String) value);
            }
        };
    }

    /**
     * Epoch milliseconds of an ISO-8601 date-time with an offset, a local date-time (UTC) or a date (midnight
     * UTC); {@code null} when the text is none of these.
     */
    static Long parseTimestamp(String text) {
        String s = text.strip();
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The text form of a boxed value (see the class comment). */
    static String text(Object value) {
        if (value instanceof Double d) {
            double v = d;
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return Double.toString(v);
        }
        return value.toString();
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
