package dev.gyre.validation.metrics;

/**
 * A bootstrap percentile confidence interval. {@code lower} and {@code upper} are not applicable when the point
 * estimate is not applicable or no resample gave a value; resamples on which the metric was undefined are
 * counted in {@code skipped} (with the first such reason), never mixed in as NaN.
 *
 * @param estimate   the metric on all rows
 * @param lower      the {@code (1 - level) / 2} quantile of the resampled values
 * @param upper      the {@code (1 + level) / 2} quantile of the resampled values
 * @param level      the confidence level, e.g. 0.95
 * @param requested  resamples drawn
 * @param used       resamples on which the metric was defined
 * @param skipped    resamples on which it was not ({@code requested - used})
 * @param skipReason why the first skipped resample was undefined; {@code null} when none was skipped
 */
public record BootstrapInterval(MetricValue estimate, MetricValue lower, MetricValue upper, double level,
                                int requested, int used, int skipped, String skipReason) {
}
