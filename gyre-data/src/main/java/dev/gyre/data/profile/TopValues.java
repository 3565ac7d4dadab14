package dev.gyre.data.profile;

import java.util.List;

/**
 * The most frequent values of a categorical, text or boolean column with their counts.
 *
 * <p>A column's values are counted exactly while it has at most {@link ProfileOptions#exactValueLimit()}
 * distinct values; past that the counts switch to a frequent-items sketch (for the rest of the profile and
 * for every profile merged with it) and become estimates, each within {@link #maximumError()} of the true
 * count, the sketch keeping only values frequent enough to matter. Boolean counts are always exact.
 *
 * <p>Immutable.
 *
 * @param exact        whether the counts are exact and {@link #values()} holds every distinct value
 * @param values       the counted values, most frequent first, ties in value order
 * @param maximumError the most an estimated count can be off by; 0 when exact
 */
public record TopValues(boolean exact, List<ValueCount> values, long maximumError) {
    public TopValues {
        values = List.copyOf(values);
    }

    /** The first {@code n} of {@link #values()}. */
    public List<ValueCount> top(int n) {
        return values.subList(0, Math.min(Math.max(n, 0), values.size()));
    }

    /** The count of a value among {@link #values()}, or 0. */
    public long count(String value) {
        for (ValueCount v : values) {
            if (v.value().equals(value)) {
                return v.count();
            }
        }
        return 0;
    }
}
