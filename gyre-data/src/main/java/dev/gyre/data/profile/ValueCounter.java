package dev.gyre.data.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Counts values exactly while there are at most {@code limit} distinct ones, then switches for good to a
 * frequent-items sketch whose counts are estimates with a known maximum error. Mutable; not thread-safe.
 */
final class ValueCounter {
    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
    static final Comparator<ValueCount> BY_COUNT = Comparator.comparingLong(ValueCount::count).reversed()
            .thenComparing(ValueCount::value);

    private final int limit;
    private Map<String, Long> exact;
    private ItemsSketch<String> sketch;

    ValueCounter(int limit) {
        this.limit = limit;
        this.exact = new HashMap<>();
    }

    private ValueCounter(int limit, Map<String, Long> exact, ItemsSketch<String> sketch) {
        this.limit = limit;
        this.exact = exact;
        this.sketch = sketch;
    }

    static ValueCounter ofExact(int limit, Map<String, Long> counts) {
        ValueCounter counter = new ValueCounter(limit, new HashMap<>(counts), null);
        counter.switchIfOverLimit();
        return counter;
    }

    static ValueCounter ofSketch(int limit, byte[] bytes) {
        return new ValueCounter(limit, null, ItemsSketch.getInstance(Memory.wrap(bytes), SERDE));
    }

    int limit() {
        return limit;
    }

    boolean isExact() {
        return exact != null;
    }

    /** The exact counts; only while {@link #isExact()}. */
    Map<String, Long> exactCounts() {
        return exact;
    }

    byte[] sketchBytes() {
        return sketch.toByteArray(SERDE);
    }

    void add(String value, long count) {
        if (count <= 0) {
            return;
        }
        if (exact != null) {
            exact.merge(value, count, Long::sum);
            switchIfOverLimit();
        } else {
            sketch.update(value, count);
        }
    }

    void merge(ValueCounter other) {
        if (other.exact != null) {
            other.exact.forEach(this::add);
            return;
        }
        if (exact != null) {
            toSketch();
        }
        sketch.merge(other.sketch);
    }

    ValueCounter copy() {
        if (exact != null) {
            return new ValueCounter(limit, new HashMap<>(exact), null);
        }
        return ofSketch(limit, sketchBytes());
    }

    /** Every counted value (exact) or every value the sketch tracks, most frequent first, ties by value. */
    List<ValueCount> values() {
        List<ValueCount> out = new ArrayList<>();
        if (exact != null) {
            exact.forEach((value, count) -> out.add(new ValueCount(value, count)));
        } else {
            for (ItemsSketch.Row<String> row : sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
                out.add(new ValueCount(row.getItem(), row.getEstimate()));
            }
        }
        out.sort(BY_COUNT);
        return out;
    }

    /** The count of a value: exact, or the sketch's estimate. */
    long count(String value) {
        return exact != null ? exact.getOrDefault(value, 0L) : sketch.getEstimate(value);
    }

    /** The total of the counts: exact, or the sketch's stream length. */
    long totalCount() {
        return exact != null ? exact.values().stream().mapToLong(Long::longValue).sum() : sketch.getStreamLength();
    }

    /** The largest amount by which an estimated count can be off; 0 when exact. */
    long maximumError() {
        return exact != null ? 0 : sketch.getMaximumError();
    }

    private void switchIfOverLimit() {
        if (exact.size() > limit) {
            toSketch();
        }
    }

    private void toSketch() {
        sketch = new ItemsSketch<>(sketchMapSize(limit));
        exact.forEach(sketch::update);
        exact = null;
    }

    /** A power of two comfortably above the limit: the sketch tracks up to 3/4 of it. */
    static int sketchMapSize(int limit) {
        return Math.max(64, Integer.highestOneBit(Math.max(limit, 1)) << 2);
    }
}
