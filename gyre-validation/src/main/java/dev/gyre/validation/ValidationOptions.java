package dev.gyre.validation;

import dev.gyre.core.GyreException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of a validation run. Every figure drawn at random (bootstrap resamples) comes from {@code seed}, so
 * the same request and options give the same report.
 *
 * @param seed               the seed of every bootstrap
 * @param bootstrapResamples resamples per bootstrap interval, at least 1 (default 1000)
 * @param bootstrapLevel     confidence level of the intervals, strictly between 0 and 1 (default 0.95)
 * @param minGroupSize       fairness groups with fewer test rows are flagged as too small (default 30)
 * @param numericBins        quantile bins per numeric column in the slice analysis, at least 2 (default 4)
 * @param worstSlices        how many worst slices are listed, at least 1 (default 5)
 * @param minSliceSize       slices with fewer rows are listed as too small and never ranked (default 30)
 * @param maxCategories      categorical columns with more distinct values are not sliced (default 50)
 * @param championThresholds per metric name, how the candidate must compare with the champion; empty means
 *                           the charter's success metric must be at least as good as the champion's
 *                           ({@code min_absolute_change = 0}); never {@code null}
 */
public record ValidationOptions(long seed, int bootstrapResamples, double bootstrapLevel, int minGroupSize,
                                int numericBins, int worstSlices, int minSliceSize, int maxCategories,
                                Map<String, MetricThreshold> championThresholds) {

    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 42;

    /** @throws GyreException.InvalidArgument for a setting out of its range */
    public ValidationOptions {
        check(bootstrapResamples >= 1, "bootstrap resamples must be at least 1, got " + bootstrapResamples);
        check(bootstrapLevel > 0 && bootstrapLevel < 1, "bootstrap level must be strictly between 0 and 1, got "
                + bootstrapLevel);
        check(minGroupSize >= 0, "minimum group size must be 0 or more, got " + minGroupSize);
        check(numericBins >= 2, "numeric slice bins must be at least 2, got " + numericBins);
        check(worstSlices >= 1, "worst slices listed must be at least 1, got " + worstSlices);
        check(minSliceSize >= 1, "minimum slice size must be at least 1, got " + minSliceSize);
        check(maxCategories >= 1, "maximum categories per sliced column must be at least 1, got " + maxCategories);
        championThresholds = championThresholds == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(championThresholds));
    }

    /** Seed 42, 1000 resamples at 95 %, groups and slices of at least 30 rows, 4 bins, 5 worst slices. */
    public static ValidationOptions defaults() {
        return new ValidationOptions(DEFAULT_SEED, 1000, 0.95, 30, 4, 5, 30, 50, Map.of());
    }

    public ValidationOptions withSeed(long value) {
        return new ValidationOptions(value, bootstrapResamples, bootstrapLevel, minGroupSize, numericBins,
                worstSlices, minSliceSize, maxCategories, championThresholds);
    }

    public ValidationOptions withBootstrap(int resamples, double level) {
        return new ValidationOptions(seed, resamples, level, minGroupSize, numericBins, worstSlices, minSliceSize,
                maxCategories, championThresholds);
    }

    public ValidationOptions withMinGroupSize(int value) {
        return new ValidationOptions(seed, bootstrapResamples, bootstrapLevel, value, numericBins, worstSlices,
                minSliceSize, maxCategories, championThresholds);
    }

    public ValidationOptions withSlices(int bins, int worst, int minSize) {
        return new ValidationOptions(seed, bootstrapResamples, bootstrapLevel, minGroupSize, bins, worst, minSize,
                maxCategories, championThresholds);
    }

    public ValidationOptions withChampionThresholds(Map<String, MetricThreshold> value) {
        return new ValidationOptions(seed, bootstrapResamples, bootstrapLevel, minGroupSize, numericBins,
                worstSlices, minSliceSize, maxCategories, value);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new GyreException.InvalidArgument(message);
        }
    }
}
