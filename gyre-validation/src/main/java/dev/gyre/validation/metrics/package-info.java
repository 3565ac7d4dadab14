/**
 * Model-agnostic evaluation metrics on plain arrays: classification (labels are {@code int} class indices
 * {@code 0..K-1}, the positive class of binary tasks is {@code 1}), ranking and probability metrics, regression
 * metrics and seeded bootstrap confidence intervals. Definitions follow scikit-learn 1.2; every scalar result is a
 * {@link dev.gyre.validation.metrics.MetricValue}, which is either a finite number or "not applicable" with a reason.
 */
package dev.gyre.validation.metrics;
