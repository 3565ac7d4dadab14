package dev.gyre.data.profile;

import java.util.List;

/**
 * Counts of values in consecutive bins, in increasing order; see {@link NumericSummary#histogram(int)} for
 * how they are estimated.
 *
 * @param bins the bins, lowest first; empty when there are no values
 */
public record Histogram(List<Bin> bins) {
    public Histogram {
        bins = List.copyOf(bins);
    }

    /** The sum of the bins' counts. */
    public long total() {
        return bins.stream().mapToLong(Bin::count).sum();
    }

    /**
     * One bin.
     *
     * @param low   its lower edge (included for the first bin only)
     * @param high  its upper edge (included)
     * @param count how many values fall in it (approximate)
     */
    public record Bin(double low, double high, long count) {
    }
}
