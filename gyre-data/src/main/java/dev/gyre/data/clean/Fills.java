package dev.gyre.data.clean;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The two {@code fill_missing} steps: constants per column, and mean / median / most frequent value. */
final class Fills {

    private Fills() {
    }

    static Table constants(Table table, Map<String, Object> values, List<String> notes) {
        Cleaner.requireColumns(table, List.copyOf(values.keySet()));
        Table out = table;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Column column = table.column(entry.getKey());
            Object fill = constant(column, entry.getValue());
            out = out.with(fill(column, fill, notes));
        }
        return out;
    }

    static Table computed(Table table, CleanStep.Strategy strategy, List<String> names, List<String> notes) {
        List<String> targets = names;
        if (targets.isEmpty()) {
            targets = table.columns().stream()
                    .filter(c -> c.missingCount() > 0)
                    .filter(c -> strategy == CleanStep.Strategy.MOST_FREQUENT || c.type() == ColumnType.NUMERIC)
                    .map(Column::name).toList();
        }
        Cleaner.requireColumns(table, targets);
        Table out = table;
        for (String name : targets) {
            Column column = table.column(name);
            if (strategy != CleanStep.Strategy.MOST_FREQUENT && column.type() != ColumnType.NUMERIC) {
                throw new GyreException.InvalidArgument("column '" + name + "' is " + column.type().wireName()
                        + ", and " + strategy.name().toLowerCase(Locale.ROOT) + " needs a numeric column;"
                        + " use strategy most_frequent or a constant (values: {" + name + ": ...}).");
            }
            if (column.missingCount() == 0) {
                continue;
            }
            if (column.missingCount() == column.size()) {
                notes.add("'" + name + "' has no values to compute a fill from and stays missing");
                continue;
            }
            Object fill = switch (strategy) {
                case MEAN -> mean((NumericColumn) column);
                case MEDIAN -> median((NumericColumn) column);
                case MOST_FREQUENT -> mostFrequent(column);
            };
            out = out.with(fill(column, fill, notes));
        }
        return out;
    }

    /** The column with every missing value replaced by {@code fill} (a boxed value of the column's type). */
    private static Column fill(Column column, Object fill, List<String> notes) {
        int missing = column.missingCount();
        if (missing == 0) {
            return column;
        }
        Object[] values = new Object[column.size()];
        for (int row = 0; row < values.length; row++) {
            Object value = column.get(row);
            values[row] = value == null ? fill : value instanceof Instant instant ? instant.toEpochMilli() : value;
        }
        Object shown = fill instanceof Long millis && column.type() == ColumnType.TIMESTAMP
                ? Instant.ofEpochMilli(millis) : fill;
        notes.add("filled " + missing + " missing value" + (missing == 1 ? "" : "s") + " of '" + column.name()
                + "' with " + Casts.text(shown));
        return Casts.build(column.name(), column.type(), values);
    }

    /** The constant converted to the column's type (Double, String, Boolean, Long millis). */
    private static Object constant(Column column, Object value) {
        ColumnType type = column.type();
        Object converted = switch (type) {
            case NUMERIC -> value instanceof Double ? value : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case TEXT, CATEGORICAL -> Casts.text(value);
            case TIMESTAMP -> value instanceof String text ? Casts.parseTimestamp(text) : null;
        };
        if (converted == null) {
            String expected = switch (type) {
                case NUMERIC -> "a number";
                case BOOLEAN -> "true or false";
                case TIMESTAMP -> "an ISO-8601 date or time in quotes, such as '2024-01-31'";
                default -> "a value";
            };
            throw new GyreException.InvalidArgument("column '" + column.name() + "' is " + type.wireName()
                    + ", so its fill value must be " + expected + ", not '" + Casts.text(value) + "'.");
        }
        return converted;
    }

    private static Double mean(NumericColumn column) {
        double sum = 0;
        int n = 0;
        for (int row = 0; row < column.size(); row++) {
            if (!column.isMissing(row)) {
                sum += column.getDouble(row);
                n++;
            }
        }
        return sum / n;
    }

    private static Double median(NumericColumn column) {
        double[] present = new double[column.size() - column.missingCount()];
        int n = 0;
        for (int row = 0; row < column.size(); row++) {
            if (!column.isMissing(row)) {
                present[n++] = column.getDouble(row);
            }
        }
        Arrays.sort(present);
        int middle = n / 2;
        return n % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2.0;
    }

    /** The most frequent present value; ties go to the value that occurs first. */
    private static Object mostFrequent(Column column) {
        Map<Object, Integer> counts = new LinkedHashMap<>();
        for (int row = 0; row < column.size(); row++) {
            Object value = column.get(row);
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        Object best = null;
        int bestCount = 0;
        for (Map.Entry<Object, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
            }
        }
        return best instanceof Instant instant ? instant.toEpochMilli() : best;
    }
}
