package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The mutable statistics of one column, fed chunk by chunk and merged with the statistics of other parts
 * of the same data. Memory is bounded by the sketch sizes and the exact value limit, never by the row count.
 * The fields are read directly by the profile views and the JSON codec of this package.
 */
final class ColumnState {
    static final int HLL_LG_K = 12;
    private static final byte[] EMPTY_STRING_KEY = {0};

    final String name;
    final ColumnType type;
    long count;
    long missing;
    HllSketch hll;

    // numeric: moments of the present values (Chan et al.'s parallel update), extremes, zeros, quantiles
    long n;
    double mean;
    double m2;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long zeros;
    KllDoublesSketch kll;

    // categorical and text
    ValueCounter values;

    // text lengths in code points
    long totalLength;
    long minLength = Long.MAX_VALUE;
    long maxLength = -1;

    // boolean
    long trueCount;

    // timestamp
    long minMillis = Long.MAX_VALUE;
    long maxMillis = Long.MIN_VALUE;

    ColumnState(String name, ColumnType type, ProfileOptions options) {
        this(name, type);
        this.hll = new HllSketch(HLL_LG_K);
        if (type == ColumnType.NUMERIC) {
            kll = KllDoublesSketch.newHeapInstance(options.quantileK());
        }
        if (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT) {
            values = new ValueCounter(options.exactValueLimit());
        }
    }

    /** A state without sketches, for {@link #copy()} and the JSON codec to fill in. */
    ColumnState(String name, ColumnType type) {
        this.name = name;
        this.type = type;
    }

    /** Present (not missing) rows. */
    long present() {
        return count - missing;
    }

    void add(Column column) {
        if (!column.name().equals(name) || column.type() != type) {
            throw new IllegalArgumentException("column " + column.field() + " fed to the profile of " + name);
        }
        if (column instanceof NumericColumn numeric) {
            addNumeric(numeric);
        } else if (column instanceof CategoricalColumn categorical) {
            addCategorical(categorical);
        } else if (column instanceof TextColumn text) {
            addText(text);
        } else if (column instanceof BooleanColumn bool) {
            addBoolean(bool);
        } else if (column instanceof TimestampColumn timestamp) {
            addTimestamp(timestamp);
        }
    }

    private void addNumeric(NumericColumn column) {
        int size = column.size();
        long chunkN = 0;
        double chunkMean = 0;
        double chunkM2 = 0;
        for (int i = 0; i < size; i++) {
            double v = column.getDouble(i);
            if (Double.isNaN(v)) {
                continue;
            }
            chunkN++;
            double delta = v - chunkMean;
            chunkMean += delta / chunkN;
            chunkM2 += delta * (v - chunkMean);
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (v == 0.0) {
                zeros++;
            }
            kll.update(v);
            hll.update(v);
        }
        count += size;
        missing += size - chunkN;
        combineMoments(chunkN, chunkMean, chunkM2);
    }

    /** Chan, Golub and LeVeque's pairwise combination of counts, means and sums of squared deviations. */
    private void combineMoments(long otherN, double otherMean, double otherM2) {
        if (otherN == 0) {
            return;
        }
        if (n == 0) {
            n = otherN;
            mean = otherMean;
            m2 = otherM2;
            return;
        }
        long total = n + otherN;
        double delta = otherMean - mean;
        mean += delta * otherN / total;
        m2 += otherM2 + delta * delta * ((double) n * otherN / total);
        n = total;
    }

    private void addCategorical(CategoricalColumn column) {
        List<String> dictionary = column.dictionary();
        long[] perCode = new long[dictionary.size()];
        int size = column.size();
        for (int i = 0; i < size; i++) {
            int code = column.code(i);
            if (code >= 0) {
                perCode[code]++;
            }
        }
        for (int code = 0; code < perCode.length; code++) {
            if (perCode[code] > 0) {
                String value = dictionary.get(code);
                values.add(value, perCode[code]);
                updateHll(value);
            }
        }
        count += size;
        missing += column.missingCount();
    }

    private void addText(TextColumn column) {
        int size = column.size();
        for (int i = 0; i < size; i++) {
            String value = column.get(i);
            if (value == null) {
                continue;
            }
            values.add(value, 1);
            updateHll(value);
            long length = value.codePointCount(0, value.length());
            totalLength += length;
            minLength = Math.min(minLength, length);
            maxLength = Math.max(maxLength, length);
        }
        count += size;
        missing += column.missingCount();
    }

    private void updateHll(String value) {
        // The sketch ignores empty input, yet the empty string is a value of its own.
        if (value.isEmpty()) {
            hll.update(EMPTY_STRING_KEY);
        } else {
            hll.update(value);
        }
    }

    private void addBoolean(BooleanColumn column) {
        int size = column.size();
        long trues = column.trueCount();
        long present = size - column.missingCount();
        trueCount += trues;
        if (trues > 0) {
            hll.update(1L);
        }
        if (present - trues > 0) {
            hll.update(0L);
        }
        count += size;
        missing += column.missingCount();
    }

    private void addTimestamp(TimestampColumn column) {
        int size = column.size();
        for (int i = 0; i < size; i++) {
            if (column.isMissing(i)) {
                continue;
            }
            long millis = column.getEpochMillis(i);
            minMillis = Math.min(minMillis, millis);
            maxMillis = Math.max(maxMillis, millis);
            hll.update(millis);
        }
        count += size;
        missing += column.missingCount();
    }

    /**
     * Adds another state's statistics to this one.
     *
     * @throws GyreException.InvalidArgument when the other column has another name or type
     */
    void merge(ColumnState other) {
        if (!other.name.equals(name) || other.type != type) {
            throw new GyreException.InvalidArgument("Cannot merge the profile of column '" + other.name + "' ("
                    + other.type.wireName() + ") into that of '" + name + "' (" + type.wireName()
                    + "): merge profiles of data with the same schema.");
        }
        count += other.count;
        missing += other.missing;
        Union union = new Union(Math.max(hll.getLgConfigK(), other.hll.getLgConfigK()));
        union.update(hll);
        union.update(other.hll);
        hll = union.getResult(TgtHllType.HLL_4);
        combineMoments(other.n, other.mean, other.m2);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        zeros += other.zeros;
        if (kll != null && other.kll != null) {
            kll.merge(other.kll);
        }
        if (values != null && other.values != null) {
            values.merge(other.values);
        }
        totalLength += other.totalLength;
        minLength = Math.min(minLength, other.minLength);
        maxLength = Math.max(maxLength, other.maxLength);
        trueCount += other.trueCount;
        minMillis = Math.min(minMillis, other.minMillis);
        maxMillis = Math.max(maxMillis, other.maxMillis);
    }

    /** A deep copy: sketches included. */
    ColumnState copy() {
        ColumnState out = new ColumnState(name, type);
        out.count = count;
        out.missing = missing;
        out.hll = hll.copy();
        out.n = n;
        out.mean = mean;
        out.m2 = m2;
        out.min = min;
        out.max = max;
        out.zeros = zeros;
        out.kll = kll == null ? null : heapifyKll(kll.toByteArray());
        out.values = values == null ? null : values.copy();
        out.totalLength = totalLength;
        out.minLength = minLength;
        out.maxLength = maxLength;
        out.trueCount = trueCount;
        out.minMillis = minMillis;
        out.maxMillis = maxMillis;
        return out;
    }

    static KllDoublesSketch heapifyKll(byte[] bytes) {
        return KllDoublesSketch.heapify(Memory.wrap(bytes));
    }
}
