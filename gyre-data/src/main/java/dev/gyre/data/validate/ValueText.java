package dev.gyre.data.validate;

import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;

/**
 * The string form of a value, which {@code in_set}, {@code regex} and {@code unique} compare and reports show:
 * text and categories as they are; numbers without a fractional part as integers ({@code 3}, not {@code 3.0}),
 * others as Java prints a double ({@code 2.5}, {@code 1.0E-7}); booleans {@code true}/{@code false};
 * timestamps ISO-8601 in UTC ({@code 2024-01-31T12:00:00Z}).
 */
final class ValueText {
    private ValueText() {
    }

    /** Whether a row is missing; a numeric NaN counts as missing. */
    static boolean isMissing(Column column, int row) {
        if (column instanceof NumericColumn numeric) {
            return Double.isNaN(numeric.getDouble(row));
        }
        return column.isMissing(row);
    }

    /** The string form of a present row. */
    static String of(Column column, int row) {
        if (column instanceof NumericColumn numeric) {
            return number(numeric.getDouble(row));
        }
        if (column instanceof TimestampColumn timestamp) {
            return Instant.ofEpochMilli(timestamp.getEpochMillis(row)).toString();
        }
        if (column instanceof BooleanColumn bool) {
            return Boolean.toString(bool.getBoolean(row));
        }
        return (String) column.get(row);
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
