package dev.gyre.data.ingest;

import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates rows of raw values into typed columns and builds a {@link Table} chunk. A raw value is a
 * {@link String} (text as read), a {@link Number}, a {@link Boolean}, an {@link Instant} or {@code null}
 * (missing). Strings that are {@linkplain TextValues#isMissing missing markers} are missing in numeric,
 * boolean and timestamp columns always, and in categorical and text columns when the source is text
 * ({@code markersInStrings}). A NaN number is missing too. Other values that do not fit the column's type raise {@link Mismatch}.
 * Categorical dictionaries are per chunk, so memory stays bounded by the chunk.
 */
final class ChunkBuilder {

    /** A value that does not fit its column's type. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int column;
        final transient Object value;

        Mismatch(int column, Object value) {
            super(null, null, false, false);
            this.column = column;
            this.value = value;
        }
    }

    private final Schema schema;
    private final ColumnType[] types;
    private final boolean[] lenientBooleans;
    private final boolean markersInStrings;
    private int rows;
    private int capacity;
    private double[][] numbers;
    private long[][] millis;
    private int[][] codes;
    private String[][] strings;
    private BitSet[] flags;
    private BitSet[] missing;
    private List<Map<String, Integer>> dictionaryIndex;
    private List<List<String>> dictionaries;

    /**
     * @param lenientBooleans per column, whether a boolean column also accepts yes/no, 1/0 and the like
     */
    ChunkBuilder(Schema schema, boolean[] lenientBooleans, boolean markersInStrings) {
        this.schema = schema;
        this.types = schema.fields().stream().map(f -> f.type()).toArray(ColumnType[]::new);
        this.lenientBooleans = lenientBooleans.clone();
        this.markersInStrings = markersInStrings;
        reset();
    }

    int rows() {
        return rows;
    }

    /**
     * Appends one row, values in schema order; a shorter row's tail is missing.
     *
     * @throws Mismatch for the first value that does not fit (the row is then partly appended: discard the
     *                  builder)
     */
    void add(Object[] row) {
        if (rows == capacity) {
            grow();
        }
        int r = rows;
        for (int c = 0; c < types.length; c++) {
            Object value = c < row.length ? row[c] : null;
            if (value == null) {
                missing[c].set(r);
                if (types[c] == ColumnType.CATEGORICAL) {
                    codes[c][r] = CategoricalColumn.MISSING;
                }
                continue;
            }
            switch (types[c]) {
                case NUMERIC -> addNumber(c, r, value);
                case BOOLEAN -> addBoolean(c, r, value);
                case TIMESTAMP -> addTimestamp(c, r, value);
                case CATEGORICAL -> addCategory(c, r, value);
                case TEXT -> strings[c][r] = string(c, r, value);
            }
        }
        rows++;
    }

    /** The rows added since the last build, as a table; starts a new chunk. */
    Table build() {
        List<Column> columns = new ArrayList<>(types.length);
        for (int c = 0; c < types.length; c++) {
            String name = schema.fields().get(c).name();
            columns.add(switch (types[c]) {
                case NUMERIC -> new NumericColumn(name, Arrays.copyOf(numbers[c], rows), missing[c]);
                case BOOLEAN -> new BooleanColumn(name, rows, flags[c], missing[c]);
                case TIMESTAMP -> new TimestampColumn(name, Arrays.copyOf(millis[c], rows), missing[c]);
                case CATEGORICAL -> new CategoricalColumn(name, dictionaries.get(c), Arrays.copyOf(codes[c], rows));
                case TEXT -> new TextColumn(name, Arrays.copyOf(strings[c], rows));
            });
        }
        reset();
        return new Table(columns);
    }

    /** Text for a value of another type that goes into a string column (numbers as {@link CsvWriter} writes them). */
    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return TextValues.formatNumber(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    private void addNumber(int c, int r, Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                missing[c].set(r);
            } else {
                numbers[c][r] = d;
            }
            return;
        }
        String s = value instanceof String string ? string : text(value);
        if (TextValues.isMissing(s)) {
            missing[c].set(r);
            return;
        }
        try {
            numbers[c][r] = TextValues.parseNumber(s);
        } catch (NumberFormatException e) {
            throw new Mismatch(c, value);
        }
    }

    private void addBoolean(int c, int r, Object value) {
        if (value instanceof Boolean bool) {
            flags[c].set(r, bool);
            return;
        }
        String s = value instanceof String string ? string : text(value);
        if (TextValues.isMissing(s)) {
            missing[c].set(r);
            return;
        }
        try {
            flags[c].set(r, TextValues.parseBoolean(s, lenientBooleans[c]));
        } catch (IllegalArgumentException e) {
            throw new Mismatch(c, value);
        }
    }

    private void addTimestamp(int c, int r, Object value) {
        try {
            if (value instanceof Instant instant) {
                millis[c][r] = instant.toEpochMilli();
                return;
            }
            String s = value instanceof String string ? string : text(value);
            if (TextValues.isMissing(s)) {
                missing[c].set(r);
                return;
            }
            millis[c][r] = TextValues.parseTimestamp(s);
        } catch (DateTimeException | ArithmeticException e) {
            throw new Mismatch(c, value);
        }
    }

    private void addCategory(int c, int r, Object value) {
        String s = string(c, r, value);
        if (s == null) {
            codes[c][r] = CategoricalColumn.MISSING;
            return;
        }
        Integer code = dictionaryIndex.get(c).get(s);
        if (code == null) {
            List<String> dictionary = dictionaries.get(c);
            code = dictionary.size();
            dictionary.add(s);
            dictionaryIndex.get(c).put(s, code);
        }
        codes[c][r] = code;
    }

    /** The value as a string, or null (and marked missing) when it is a missing marker of a text source. */
    private String string(int c, int r, Object value) {
        String s = value instanceof String string ? string : text(value);
        if (markersInStrings && value instanceof String && TextValues.isMissing(s)) {
            missing[c].set(r);
            return null;
        }
        return s;
    }

    private void reset() {
        rows = 0;
        capacity = 0;
        int n = types.length;
        numbers = new double[n][];
        millis = new long[n][];
        codes = new int[n][];
        strings = new String[n][];
        flags = new BitSet[n];
        missing = new BitSet[n];
        dictionaryIndex = new ArrayList<>(n);
        dictionaries = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            flags[c] = new BitSet();
            missing[c] = new BitSet();
            dictionaryIndex.add(new HashMap<>());
            dictionaries.add(new ArrayList<>());
        }
        grow();
    }

    private void grow() {
        capacity = capacity == 0 ? 1024 : capacity * 2;
        for (int c = 0; c < types.length; c++) {
            switch (types[c]) {
                case NUMERIC -> numbers[c] = numbers[c] == null ? new double[capacity] : Arrays.copyOf(numbers[c], capacity);
                case TIMESTAMP -> millis[c] = millis[c] == null ? new long[capacity] : Arrays.copyOf(millis[c], capacity);
                case CATEGORICAL -> codes[c] = codes[c] == null ? new int[capacity] : Arrays.copyOf(codes[c], capacity);
                case TEXT -> strings[c] = strings[c] == null ? new String[capacity] : Arrays.copyOf(strings[c], capacity);
                case BOOLEAN -> {
                    // bit sets grow by themselves
                }
            }
        }
    }
}
