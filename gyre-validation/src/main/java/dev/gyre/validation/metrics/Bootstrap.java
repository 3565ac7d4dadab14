package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.internal.Quantiles;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded bootstrap percentile intervals for any {@link RowMetric}: rows are drawn with replacement (as many as
 * the data has) from a {@link SplittableRandom} seeded with the given seed, so the same seed, data and metric
 * always give the same interval. The bounds are quantiles of the resampled values with numpy's linear
 * interpolation.
 */
public final class Bootstrap {

    /** Resamples drawn by default. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /** Confidence level by default. */
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {
    }

    /** The interval with {@link #DEFAULT_RESAMPLES} resamples at {@link #DEFAULT_LEVEL}. */
    public static BootstrapInterval interval(RowMetric metric, int rowCount, long seed) {
        return interval(metric, rowCount, seed, DEFAULT_RESAMPLES, DEFAULT_LEVEL);
    }

    /**
     * The interval.
     *
     * @param metric    evaluated once on all rows (the estimate) and once per resample
     * @param rowCount  the number of rows of the data the metric reads
     * @param seed      the random seed
     * @param resamples how many resamples to draw, at least 1
     * @param level     confidence level strictly between 0 and 1
     * @throws dev.gyre.core.GyreException.InvalidArgument for a null metric, no rows, fewer than 1 resample or a
     *                                                     level outside (0, 1), and whatever the metric throws
     */
    public static BootstrapInterval interval(RowMetric metric, int rowCount, long seed, int resamples, double level) {
        if (metric == null) {
            throw Checks.invalid("no metric given to bootstrap");
        }
        Checks.nonEmpty(rowCount, "the data to bootstrap");
        if (resamples < 1) {
            throw Checks.invalid("resamples is " + resamples + "; draw at least 1 (1000 is usual)");
        }
        Checks.level(level);
        MetricValue estimate = metric.compute(RowMetric.allRows(rowCount));
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int used = 0;
        String skipReason = null;
        int[] rows = new int[rowCount];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < rowCount; i++) {
                rows[i] = random.nextInt(rowCount);
            }
            MetricValue value = metric.compute(rows.clone());
            if (value.isApplicable()) {
                values[used++] = value.get();
            } else if (skipReason == null) {
                skipReason = value.reason();
            }
        }
        MetricValue lower;
        MetricValue upper;
        if (!estimate.isApplicable()) {
            lower = MetricValue.notApplicable("no interval: " + estimate.reason());
            upper = lower;
        } else if (used == 0) {
            lower = MetricValue.notApplicable("no interval: the metric was undefined on all " + resamples
                    + " resamples (" + skipReason + ")");
            upper = lower;
        } else {
            double[] sorted = Arrays.copyOf(values, used);
            Arrays.sort(sorted);
            lower = MetricValue.of(Quantiles.ofSorted(sorted, (1 - level) / 2));
            upper = MetricValue.of(Quantiles.ofSorted(sorted, (1 + level) / 2));
        }
        return new BootstrapInterval(estimate, lower, upper, level, resamples, used, resamples - used, skipReason);
    }
}
