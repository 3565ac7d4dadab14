package dev.gyre.validation;

import dev.gyre.validation.metrics.MetricValue;

/**
 * The charter's success metric on the training split, from cross-validation and on the test split, and the
 * overfitting gap: {@code train - test} when higher is better, {@code test - train} when lower is better (a
 * positive gap means the model does worse on unseen rows).
 *
 * @param metric          the success metric name
 * @param higherIsBetter  whether a higher value is better
 * @param train           on the training split
 * @param crossValidation the training run's cross-validation value; not applicable when not given
 * @param test            on the test split
 * @param gap             the gap, not applicable when either score is
 * @param maxGap          the charter's maximum gap, {@code null} for no limit
 */
public record OverfittingReport(String metric, boolean higherIsBetter, MetricValue train, MetricValue crossValidation,
                                MetricValue test, MetricValue gap, Double maxGap) {
}
