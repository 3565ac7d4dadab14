package dev.gyre.core.table;

import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/** Instants stored as epoch milliseconds (UTC), with an explicit missing mask. */
public final class TimestampColumn implements Column {
    private final String name;
    private final long[] millis;
    private final BitSet missing;

    public TimestampColumn(String name, long[] epochMillis, BitSet missing) {
        this.name = Objects.requireNonNull(name, "name");
        this.millis = epochMillis.clone();
        this.missing = missing == null ? new BitSet() : (BitSet) missing.clone();
        if (this.missing.length() > millis.length) {
            throw new IllegalArgumentException("missing mask longer than the column");
        }
        for (int i = this.missing.nextSetBit(0); i >= 0; i = this.missing.nextSetBit(i + 1)) {
            this.millis[i] = 0L;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TIMESTAMP;
    }

    @Override
    public int size() {
        return millis.length;
    }

    @Override
    public boolean isMissing(int row) {
        Objects.checkIndex(row, millis.length);
        return missing.get(row);
    }

    @Override
    public int missingCount() {
        return missing.cardinality();
    }

    /** Epoch milliseconds; 0 for a missing row (check {@link #isMissing}). */
    public long getEpochMillis(int row) {
        return millis[row];
    }

    @Override
    public Instant get(int row) {
        return isMissing(row) ? null : Instant.ofEpochMilli(millis[row]);
    }

    @Override
    public TimestampColumn rename(String newName) {
        return new TimestampColumn(newName, millis, missing);
    }

    @Override
    public TimestampColumn take(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = millis[rows[i]];
        }
        return new TimestampColumn(name, out, Missing.take(missing, rows));
    }

    @Override
    public TimestampColumn slice(int from, int to) {
        Missing.checkRange(from, to, millis.length);
        return new TimestampColumn(name, Arrays.copyOfRange(millis, from, to), Missing.slice(missing, from, to));
    }
}
