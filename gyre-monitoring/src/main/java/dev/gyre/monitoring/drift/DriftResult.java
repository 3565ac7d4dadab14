package dev.gyre.monitoring.drift;

/**
 * The outcome of one drift test on one column.
 *
 * @param test       the test's name, for example {@code "ks"} or {@code "wasserstein_normed"}
 * @param statistic  the statistic or distance; null when the test is not applicable
 * @param pValue     the p-value for hypothesis tests; null for distances and when not applicable
 * @param threshold  the threshold the verdict used (a p-value level or a distance)
 * @param drifted    the verdict; false when not applicable
 * @param applicable whether the test could be computed on these samples
 * @param note       why the test is not applicable, or how it was computed (for example "exact"); may be null
 */
public record DriftResult(String test, Double statistic, Double pValue, double threshold, boolean drifted,
                          boolean applicable, String note) {

    public static DriftResult notApplicable(String test, double threshold, String why) {
        return new DriftResult(test, null, null, threshold, false, false, why);
    }

    /** A p-value test that drifts when p is below (or, if {@code inclusive}, at) the threshold. */
    static DriftResult ofPValue(String test, double statistic, double p, double threshold, boolean inclusive, String note) {
        boolean drifted = inclusive ? p <= threshold : p < threshold;
        return new DriftResult(test, statistic, p, threshold, drifted, true, note);
    }

    /** A distance that drifts when it reaches the threshold. */
    static DriftResult ofDistance(String test, double distance, double threshold) {
        return new DriftResult(test, distance, null, threshold, distance >= threshold, true, null);
    }
}
