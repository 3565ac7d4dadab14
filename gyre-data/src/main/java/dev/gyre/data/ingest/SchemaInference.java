package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a {@link ColumnType} per column from a sample of its text values (see {@link TextValues} for what
 * each type accepts and what counts as missing).
 *
 * <p>The rules, in order, over the sampled values that are not missing:
 * <ol>
 *   <li>none at all → {@link ColumnType#TEXT} (it accepts anything later rows hold);</li>
 *   <li>all {@code true}/{@code false} → {@link ColumnType#BOOLEAN};</li>
 *   <li>all numbers → {@link ColumnType#NUMERIC} (a 0/1 column is numeric);</li>
 *   <li>all ISO-8601 dates or date-times → {@link ColumnType#TIMESTAMP};</li>
 *   <li>otherwise strings, split by {@link #stringType}: {@link ColumnType#CATEGORICAL} when there are at
 *       most {@code max(20, 5% of the non-missing values)} distinct values and their mean length is at most
 *       {@value #MAX_CATEGORICAL_MEAN_LENGTH} characters, else {@link ColumnType#TEXT}.</li>
 * </ol>
 * A type override replaces the rules for its column. Later rows that do not fit the inferred type are an
 * error of the reader, never silently missing.
 */
public final class SchemaInference {

    /** Categorical values are short: a longer mean length makes a column text. */
    public static final int MAX_CATEGORICAL_MEAN_LENGTH = 40;
    /** Categorical needs at most this many distinct values, or 5% of the values if that is more. */
    public static final int MIN_CATEGORICAL_DISTINCT = 20;

    private final Map<String, ColumnType> overrides;

    /** Inference with these per-column overrides (may be empty). */
    public SchemaInference(Map<String, ColumnType> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * The schema of columns {@code names} given sampled rows (each row's values in column order; a row may be
     * shorter, its missing tail counting as missing).
     *
     * @throws GyreException.InvalidArgument when an override names a column that does not exist
     */
    public Schema infer(List<String> names, List<String[]> rows, String source) {
        checkOverrides(overrides, names, source);
        List<Field> fields = new ArrayList<>(names.size());
        for (int column = 0; column < names.size(); column++) {
            String name = names.get(column);
            ColumnType type = overrides.get(name);
            if (type == null) {
                type = inferType(columnValues(rows, column));
            }
            fields.add(new Field(name, type));
        }
        return new Schema(fields);
    }

    /** Whether the type of this column was given by an override rather than inferred. */
    public boolean isOverridden(String column) {
        return overrides.containsKey(column);
    }

    /** The type of one column from its sampled values ({@code null} is missing). */
    public static ColumnType inferType(List<String> values) {
        boolean booleans = true;
        boolean numbers = true;
        boolean timestamps = true;
        int present = 0;
        for (String value : values) {
            if (TextValues.isMissing(value)) {
                continue;
            }
            present++;
            booleans = booleans && TextValues.isBoolean(value);
            numbers = numbers && !booleans && TextValues.isNumber(value);
            timestamps = timestamps && !booleans && !numbers && TextValues.isTimestamp(value);
            if (!booleans && !numbers && !timestamps) {
                return stringType(values);
            }
        }
        if (present == 0) {
            return ColumnType.TEXT;
        }
        return booleans ? ColumnType.BOOLEAN : numbers ? ColumnType.NUMERIC : ColumnType.TIMESTAMP;
    }

    /**
     * {@link ColumnType#CATEGORICAL} or {@link ColumnType#TEXT} for string values by the cardinality rule
     * above; missing values ({@code null} or markers) are not counted. All missing → text.
     */
    public static ColumnType stringType(List<String> values) {
        int present = 0;
        long totalLength = 0;
        for (String value : values) {
            if (!TextValues.isMissing(value)) {
                present++;
                totalLength += value.length();
            }
        }
        if (present == 0 || (double) totalLength / present > MAX_CATEGORICAL_MEAN_LENGTH) {
            return ColumnType.TEXT;
        }
        int limit = Math.max(MIN_CATEGORICAL_DISTINCT, (int) (present * 0.05));
        Set<String> distinct = new HashSet<>();
        for (String value : values) {
            if (!TextValues.isMissing(value) && distinct.add(value) && distinct.size() > limit) {
                return ColumnType.TEXT;
            }
        }
        return ColumnType.CATEGORICAL;
    }

    /**
     * Fails when an override names no column of the source.
     *
     * @throws GyreException.InvalidArgument naming the unknown column and the columns there are
     */
    static void checkOverrides(Map<String, ColumnType> overrides, List<String> names, String source) {
        for (String name : overrides.keySet()) {
            if (!names.contains(name)) {
                throw new GyreException.InvalidArgument(source + " has no column '" + name + "' for "
                        + IngestOptions.FLAG_TYPE + " " + name + "=" + overrides.get(name).wireName()
                        + ": the columns are " + names + " (names are case-sensitive).");
            }
        }
    }

    private static List<String> columnValues(List<String[]> rows, int column) {
        List<String> values = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            values.add(column < row.length ? row[column] : null);
        }
        return values;
    }
}
