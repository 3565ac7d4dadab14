package dev.gyre.validation.metrics;

/**
 * A metric evaluated on a subset of rows, given as row indices into arrays the function holds (indices may
 * repeat, as in a bootstrap resample). Used by {@link Bootstrap} and by the fairness group table.
 * Implementations return a {@link MetricValue} (never {@code null}) and may throw
 * {@link dev.gyre.core.GyreException.InvalidArgument} for invalid input.
 */
@FunctionalInterface
public interface RowMetric {

    MetricValue compute(int[] rows);

    /** All rows {@code 0..n-1} in order. */
    static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
