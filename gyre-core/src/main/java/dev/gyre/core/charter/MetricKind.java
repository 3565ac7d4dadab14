package dev.gyre.core.charter;

import java.util.Optional;

/**
 * The metrics a charter knows by name: which task they belong to, whether higher is better and the
 * range of values they can take. Names outside this list are refused by {@link Charter}, so a typo
 * cannot silently turn into a criterion that is never measured.
 */
public enum MetricKind {
    ACCURACY("accuracy", true, true, 0, 1),
    BALANCED_ACCURACY("balanced_accuracy", true, true, 0, 1),
    PRECISION("precision", true, true, 0, 1),
    RECALL("recall", true, true, 0, 1),
    F1("f1", true, true, 0, 1),
    ROC_AUC("roc_auc", true, true, 0, 1),
    PR_AUC("pr_auc", true, true, 0, 1),
    LOG_LOSS("log_loss", true, false, 0, Double.POSITIVE_INFINITY),
    BRIER("brier", true, false, 0, 1),
    RMSE("rmse", false, false, 0, Double.POSITIVE_INFINITY),
    MAE("mae", false, false, 0, Double.POSITIVE_INFINITY),
    R2("r2", false, true, Double.NEGATIVE_INFINITY, 1),
    MAPE("mape", false, false, 0, Double.POSITIVE_INFINITY);

    private final String metricName;
    private final boolean classification;
    private final boolean higherIsBetter;
    private final double min;
    private final double max;

    MetricKind(String metricName, boolean classification, boolean higherIsBetter, double min, double max) {
        this.metricName = metricName;
        this.classification = classification;
        this.higherIsBetter = higherIsBetter;
        this.min = min;
        this.max = max;
    }

    /** The name used in charters and run metrics, e.g. {@code roc_auc}. */
    public String metricName() {
        return metricName;
    }

    /** Whether it measures a classifier (otherwise a regressor). */
    public boolean classification() {
        return classification;
    }

    /** Whether a higher value means a better model. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The smallest value the metric can take. */
    public double min() {
        return min;
    }

    /** The largest value the metric can take. */
    public double max() {
        return max;
    }

    /** The metric with this exact name, if it is known. */
    public static Optional<MetricKind> byName(String name) {
        for (MetricKind kind : values()) {
            if (kind.metricName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return metricName;
    }
}
