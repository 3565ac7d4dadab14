package dev.gyre.monitoring.report;

import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;

import java.util.List;

/**
 * One column of a {@link DriftReport}: counts and moments of both sides, the column's drift result, and either a
 * shared-bin histogram (numeric) or the top categories (categorical) of the reference and the current window.
 * Built by {@link #of}; a side whose profile is absent has null counts and statistics.
 *
 * @param column           the column's name
 * @param kind             the kind of the profiles (of the side present when one is missing)
 * @param referenceCount   present values in the reference; null when the reference has no such column
 * @param currentCount     present values in the current window; null when the current profile has no such column
 * @param referenceMissing missing values (null or NaN) in the reference; null when absent
 * @param currentMissing   missing values in the current window; null when absent
 * @param referenceStats   numeric moments of the reference; null for categorical columns or without values
 * @param currentStats     numeric moments of the current window; null for categorical columns or without values
 * @param histogram        numeric columns with values on at least one side: the shared-bin histogram; else null
 * @param categories       categorical columns with values on at least one side: the top categories and "other"; else empty
 * @param drift            the column's drift result; null when the drift evaluation did not test it
 * @param note             why something is missing ("no data in the current window", a column absent on one side);
 *                         null when the column is complete
 */
public record ColumnSummary(String column, ColumnProfile.Kind kind, Long referenceCount, Long currentCount,
                            Long referenceMissing, Long currentMissing, NumericStats referenceStats,
                            NumericStats currentStats, Histogram histogram, List<CategoryShare> categories,
                            DriftResult drift, String note) {

    public ColumnSummary {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** Bins of a numeric column's histogram (equal width over the union of both sides' [min, max]). */
    public static final int HISTOGRAM_BINS = 20;
    /** Most categories listed per column; the rest are reported together as "other". */
    public static final int TOP_CATEGORIES = 20;

    /**
     * The summary of one column from its reference and current profiles, either of which may be null (the
     * column is absent on that side; the note says so). A side with no present values gets null statistics and
     * shares and the note "no data". Neither profile is changed.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument when the column name is null or empty
     */
    public static ColumnSummary of(String column, ColumnProfile reference, ColumnProfile current, DriftResult drift) {
        return Summaries.summarise(column, reference, current, drift);
    }

    /** Whether the column's test ran and drifted. */
    public boolean drifted() {
        return drift != null && drift.applicable() && drift.drifted();
    }

    /**
     * Moments of the present values of a numeric column.
     *
     * @param std population standard deviation √(M2 / n)
     */
    public record NumericStats(double min, double max, double mean, double std) {
    }

    /**
     * Shares of the present values per bin, on the same bins for both sides. Bins are [e_i, e_i+1) and the last
     * one is closed; each side's shares sum to 1 (up to the sketch's rounding) or the side is null when it has
     * no values.
     *
     * @param edges     bin edges, ascending, one more than bins
     * @param reference reference share per bin; null when the reference has no values
     * @param current   current share per bin; null when the current window has no values
     * @param method    how the shares were obtained ("exact counts" or "KLL sketch, each share within ±ε")
     */
    public record Histogram(List<Double> edges, List<Double> reference, List<Double> current, String method) {
        public Histogram {
            edges = List.copyOf(edges);
            reference = reference == null ? null : List.copyOf(reference);
            current = current == null ? null : List.copyOf(current);
        }

        public int bins() {
            return edges.size() - 1;
        }
    }

    /**
     * One category's share of the present values on each side; a share is null when that side has no values.
     *
     * @param label the category, or "other" for the remaining categories together when {@code other} is true
     * @param other whether this row stands for all categories not listed
     */
    public record CategoryShare(String label, boolean other, Double reference, Double current) {
    }
}
