package dev.gyre.core.table;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/** Doubles with an explicit missing mask; a missing row's stored value is 0 and never read as data. */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;
    private final BitSet missing;

    /** Takes ownership of neither array: both are copied. */
    public NumericColumn(String name, double[] values, BitSet missing) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.clone();
        this.missing = missing == null ? new BitSet() : (BitSet) missing.clone();
        if (this.missing.length() > values.length) {
            throw new IllegalArgumentException("missing mask longer than the column");
        }
        for (int i = this.missing.nextSetBit(0); i >= 0; i = this.missing.nextSetBit(i + 1)) {
            this.values[i] = 0.0;
        }
    }

    /** A column with no missing values. */
    public static NumericColumn of(String name, double... values) {
        return new NumericColumn(name, values, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.NUMERIC;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        Objects.checkIndex(row, values.length);
        return missing.get(row);
    }

    @Override
    public int missingCount() {
        return missing.cardinality();
    }

    /** The value, or NaN when missing (check {@link #isMissing} when NaN could be data). */
    public double getDouble(int row) {
        return missing.get(row) ? Double.NaN : values[row];
    }

    @Override
    public Double get(int row) {
        return isMissing(row) ? null : values[row];
    }

    /** A copy of the values, with 0 at missing rows. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public NumericColumn rename(String newName) {
        return new NumericColumn(newName, values, missing);
    }

    @Override
    public NumericColumn take(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new NumericColumn(name, out, Missing.take(missing, rows));
    }

    @Override
    public NumericColumn slice(int from, int to) {
        Missing.checkRange(from, to, values.length);
        return new NumericColumn(name, Arrays.copyOfRange(values, from, to), Missing.slice(missing, from, to));
    }
}
