package dev.gyre.core.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Table} of a given schema row by row (or value by value per column). Values are the boxed
 * types of {@link Column#get}: a {@link Number} for numeric, a {@link String} for categorical and text, a
 * {@link Boolean}, an {@link Instant} (or epoch-millisecond {@link Number}) for a timestamp; {@code null}
 * is missing. Not thread-safe; reusable after {@link #build()} only through {@link #reset()}.
 */
public final class TableBuilder {
    private final Schema schema;
    private final ColumnBuilder[] builders;
    private int rows;

    public TableBuilder(Schema schema) {
        this.schema = schema;
        this.builders = new ColumnBuilder[schema.size()];
        reset();
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rows;
    }

    /** Forgets every row appended so far. */
    public void reset() {
        for (int i = 0; i < builders.length; i++) {
            builders[i] = new ColumnBuilder(schema.fields().get(i));
        }
        rows = 0;
    }

    /**
     * Appends one row, values in schema order.
     *
     * @throws IllegalArgumentException for a wrong count or a value of the wrong type (nothing is appended)
     */
    public TableBuilder addRow(Object... values) {
        if (values.length != builders.length) {
            throw new IllegalArgumentException("A row of " + values.length + " values for a table of "
                    + builders.length + " columns " + schema.names() + ".");
        }
        for (int i = 0; i < values.length; i++) {
            builders[i].check(values[i]);
        }
        for (int i = 0; i < values.length; i++) {
            builders[i].add(values[i]);
        }
        rows++;
        return this;
    }

    /** Appends one row from a name → value map; absent names are missing. */
    public TableBuilder addRow(Map<String, ?> values) {
        Object[] row = new Object[builders.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(schema.fields().get(i).name());
        }
        return addRow(row);
    }

    public Table build() {
        List<Column> columns = new ArrayList<>(builders.length);
        for (ColumnBuilder builder : builders) {
            columns.add(builder.build(rows));
        }
        return new Table(columns);
    }

    private static final class ColumnBuilder {
        private final Field field;
        private double[] numbers = new double[0];
        private long[] longs = new long[0];
        private int[] codes = new int[0];
        private String[] strings = new String[0];
        private final BitSet bits = new BitSet();
        private final BitSet missing = new BitSet();
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> dictionary = new ArrayList<>();
        private int size;

        ColumnBuilder(Field field) {
            this.field = field;
        }

        void check(Object value) {
            if (value == null) {
                return;
            }
            boolean ok = switch (field.type()) {
                case NUMERIC -> value instanceof Number;
                case CATEGORICAL, TEXT -> value instanceof String;
                case BOOLEAN -> value instanceof Boolean;
                case TIMESTAMP -> value instanceof Instant || value instanceof Number;
            };
            if (!ok) {
                throw new IllegalArgumentException("Column '" + field.name() + "' is " + field.type().wireName()
                        + " and cannot hold the " + value.getClass().getSimpleName() + " value '" + value + "'.");
            }
        }

        void add(Object value) {
            int row = size++;
            if (value == null) {
                missing.set(row);
            }
            switch (field.type()) {
                case NUMERIC -> {
                    numbers = grow(numbers, row);
                    numbers[row] = value == null ? 0.0 : ((Number) value).doubleValue();
                }
                case TIMESTAMP -> {
                    longs = grow(longs, row);
                    longs[row] = value == null ? 0L
                            : value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue();
                }
                case CATEGORICAL -> {
                    codes = grow(codes, row);
                    codes[row] = value == null ? CategoricalColumn.MISSING
                            : index.computeIfAbsent((String) value, v -> {
                                dictionary.add(v);
                                return dictionary.size() - 1;
                            });
                }
                case TEXT -> {
                    strings = grow(strings, row);
                    strings[row] = (String) value;
                }
                case BOOLEAN -> {
                    if (Boolean.TRUE.equals(value)) {
                        bits.set(row);
                    }
                }
            }
        }

        Column build(int rows) {
            return switch (field.type()) {
                case NUMERIC -> new NumericColumn(field.name(), Arrays.copyOf(numbers, rows), missing);
                case TIMESTAMP -> new TimestampColumn(field.name(), Arrays.copyOf(longs, rows), missing);
                case CATEGORICAL -> new CategoricalColumn(field.name(), dictionary, Arrays.copyOf(codes, rows));
                case TEXT -> new TextColumn(field.name(), Arrays.copyOf(strings, rows));
                case BOOLEAN -> new BooleanColumn(field.name(), rows, bits, missing);
            };
        }

        private static double[] grow(double[] a, int row) {
            return row < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }

        private static long[] grow(long[] a, int row) {
            return row < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }

        private static int[] grow(int[] a, int row) {
            return row < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }

        private static String[] grow(String[] a, int row) {
            return row < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }
    }
}
