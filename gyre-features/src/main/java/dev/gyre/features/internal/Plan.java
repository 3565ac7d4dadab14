package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiled, fitted feature program: load the input columns into slots, compute the derived
 * columns, run each feature column's chain into the output. One program serves the batch transform
 * (rows read from a {@link Table}) and the single-row transform (a map of values); only the loading
 * differs, and both load the same number for the same value. Immutable and thread-safe; the
 * {@link Row} scratch is per thread.
 */
public final class Plan {
    /** A column the program reads, its type when fitted, and its slot. */
    public record Input(String name, ColumnType type, int slot) {
    }

    final List<Input> inputs;
    final List<Derivation> derivations;
    final List<Chain> chains;
    final int slots;
    private final List<String> names;
    private final String[] sources;

    Plan(List<Input> inputs, List<Derivation> derivations, List<Chain> chains, int slots) {
        this.inputs = List.copyOf(inputs);
        this.derivations = List.copyOf(derivations);
        this.chains = List.copyOf(chains);
        this.slots = slots;
        List<String> names = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Chain chain : chains) {
            names.addAll(chain.names);
            for (int i = 0; i < chain.width(); i++) {
                sources.add(chain.column);
            }
        }
        this.names = List.copyOf(names);
        this.sources = sources.toArray(new String[0]);
    }

    /** The output column names, in order. */
    public List<String> featureNames() {
        return names;
    }

    /** The number of output columns. */
    public int width() {
        return sources.length;
    }

    /** The columns read, in slot order. */
    public List<Input> inputs() {
        return inputs;
    }

    /** The input or derived column an output column comes from. */
    public String sourceColumn(int feature) {
        return sources[feature];
    }

    /** Fresh scratch for one thread. */
    public Row newRow() {
        return new Row(slots);
    }

    /** Computes the derived columns and writes every output column of the loaded row. */
    public void evaluate(Row r, double[] out) {
        for (Derivation derivation : derivations) {
            derivation.compute(r);
        }
        for (Chain chain : chains) {
            chain.run(r, out);
        }
    }

    /**
     * Loads one row given as column name to value (the boxed types of {@link Column#get}); an absent name is
     * a missing value, and names the program does not read are ignored.
     *
     * @throws GyreException.InvalidArgument for a value of the wrong type, naming the column
     */
    public void load(Map<String, ?> values, Row r) {
        for (Input input : inputs) {
            Object value = values.get(input.name);
            int slot = input.slot;
            switch (input.type) {
                case NUMERIC -> {
                    if (value == null) {
                        r.num[slot] = Double.NaN;
                    } else if (value instanceof Number number) {
                        r.num[slot] = Values.finite(number.doubleValue());
                    } else {
                        throw wrongValue(input, value, "a number");
                    }
                }
                case BOOLEAN -> {
                    if (value == null) {
                        r.num[slot] = Double.NaN;
                    } else if (value instanceof Boolean bool) {
                        r.num[slot] = bool ? 1.0 : 0.0;
                    } else {
                        throw wrongValue(input, value, "true or false");
                    }
                }
                case CATEGORICAL, TEXT -> {
                    if (value == null || value instanceof String) {
                        r.str[slot] = (String) value;
                    } else {
                        throw wrongValue(input, value, "a text");
                    }
                }
                case TIMESTAMP -> {
                    if (value == null) {
                        r.num[slot] = Double.NaN;
                    } else if (value instanceof Instant instant) {
                        r.num[slot] = instant.toEpochMilli();
                    } else if (value instanceof Number number) {
                        r.num[slot] = number.longValue();
                    } else {
                        throw wrongValue(input, value, "an instant or epoch milliseconds");
                    }
                }
            }
        }
    }

    private static GyreException.InvalidArgument wrongValue(Input input, Object value, String expected) {
        return new GyreException.InvalidArgument("Column '" + input.name + "' is " + input.type.wireName()
                + " and needs " + expected + "; got the " + value.getClass().getSimpleName() + " '" + value + "'.");
    }

    /**
     * Resolves the input columns of a table once, for loading its rows.
     *
     * @throws GyreException.InvalidArgument when a column is absent or of another type than when fitted
     */
    public Cursor cursor(Table table) {
        Column[] columns = new Column[inputs.size()];
        for (int i = 0; i < columns.length; i++) {
            Input input = inputs.get(i);
            if (!table.hasColumn(input.name)) {
                throw new GyreException.InvalidArgument("The table has no column '" + input.name + "', which the"
                        + " features read; the table's columns are " + table.schema().names() + ".");
            }
            Column column = table.column(input.name);
            boolean texts = isText(input.type) && isText(column.type());
            if (column.type() != input.type && !texts) {
                throw new GyreException.InvalidArgument("Column '" + input.name + "' is " + column.type().wireName()
                        + " in this table but was " + input.type.wireName() + " when the features were fitted;"
                        + " convert it back to " + input.type.wireName() + " (a cast in the clean spec) or refit.");
            }
            columns[i] = column;
        }
        return new Cursor(columns);
    }

    private static boolean isText(ColumnType type) {
        return type == ColumnType.CATEGORICAL || type == ColumnType.TEXT;
    }

    /** Loads rows of one table into a {@link Row}. Not thread-safe. */
    public final class Cursor {
        private final NumericColumn[] numbers;
        private final BooleanColumn[] booleans;
        private final TimestampColumn[] times;
        private final Column[] texts;
        private final int[] slots;

        private Cursor(Column[] columns) {
            int n = columns.length;
            numbers = new NumericColumn[n];
            booleans = new BooleanColumn[n];
            times = new TimestampColumn[n];
            texts = new Column[n];
            slots = new int[n];
            for (int i = 0; i < n; i++) {
                slots[i] = inputs.get(i).slot;
                Column column = columns[i];
                if (column instanceof NumericColumn c) {
                    numbers[i] = c;
                } else if (column instanceof BooleanColumn c) {
                    booleans[i] = c;
                } else if (column instanceof TimestampColumn c) {
                    times[i] = c;
                } else {
                    texts[i] = column;
                }
            }
        }

        /** Loads row {@code index} of the table. */
        public void load(int index, Row r) {
            for (int i = 0; i < slots.length; i++) {
                int slot = slots[i];
                if (numbers[i] != null) {
                    r.num[slot] = Values.finite(numbers[i].getDouble(index));
                } else if (texts[i] != null) {
                    r.str[slot] = (String) texts[i].get(index);
                } else if (booleans[i] != null) {
                    r.num[slot] = booleans[i].isMissing(index) ? Double.NaN : booleans[i].getBoolean(index) ? 1.0 : 0.0;
                } else {
                    r.num[slot] = times[i].isMissing(index) ? Double.NaN : times[i].getEpochMillis(index);
                }
            }
        }
    }
}
