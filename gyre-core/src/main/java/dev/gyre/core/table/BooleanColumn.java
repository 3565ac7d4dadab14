package dev.gyre.core.table;

import java.util.BitSet;
import java.util.Objects;

/** Booleans as two bit sets: the values and the missing mask. */
public final class BooleanColumn implements Column {
    private final String name;
    private final int size;
    private final BitSet values;
    private final BitSet missing;

    public BooleanColumn(String name, int size, BitSet values, BitSet missing) {
        this.name = Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        this.size = size;
        this.missing = missing == null ? new BitSet() : (BitSet) missing.clone();
        this.values = values == null ? new BitSet() : (BitSet) values.clone();
        this.values.andNot(this.missing);
        if (this.values.length() > size || this.missing.length() > size) {
            throw new IllegalArgumentException("bit set longer than the column");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.BOOLEAN;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isMissing(int row) {
        Objects.checkIndex(row, size);
        return missing.get(row);
    }

    @Override
    public int missingCount() {
        return missing.cardinality();
    }

    /** The value; false for a missing row (check {@link #isMissing}). */
    public boolean getBoolean(int row) {
        Objects.checkIndex(row, size);
        return values.get(row);
    }

    /** How many rows are true. */
    public int trueCount() {
        return values.cardinality();
    }

    @Override
    public Boolean get(int row) {
        return isMissing(row) ? null : values.get(row);
    }

    @Override
    public BooleanColumn rename(String newName) {
        return new BooleanColumn(newName, size, values, missing);
    }

    @Override
    public BooleanColumn take(int[] rows) {
        BitSet out = new BitSet(rows.length);
        for (int i = 0; i < rows.length; i++) {
            Objects.checkIndex(rows[i], size);
            if (values.get(rows[i])) {
                out.set(i);
            }
        }
        return new BooleanColumn(name, rows.length, out, Missing.take(missing, rows));
    }

    @Override
    public BooleanColumn slice(int from, int to) {
        Missing.checkRange(from, to, size);
        return new BooleanColumn(name, to - from, values.get(from, to), Missing.slice(missing, from, to));
    }
}
