package dev.gyre.validation.fairness;

import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.metrics.MetricValue;

/**
 * The symmetric fairness measures of a charter's fairness policy, as Fairlearn defines them: a difference is
 * the largest minus the smallest group value (0 is perfectly fair), a ratio the smallest over the largest (1 is
 * perfectly fair). Equalised odds takes the worse of the TPR and FPR figures (the larger difference, the smaller
 * ratio). Results are {@link MetricValue}s: not applicable when fewer than two groups have a value.
 */
public enum FairnessMeasure {
    DEMOGRAPHIC_PARITY_DIFFERENCE("demographic_parity_difference"),
    DEMOGRAPHIC_PARITY_RATIO("demographic_parity_ratio"),
    EQUALIZED_ODDS_DIFFERENCE("equalized_odds_difference"),
    EQUALIZED_ODDS_RATIO("equalized_odds_ratio"),
    EQUAL_OPPORTUNITY_DIFFERENCE("equal_opportunity_difference"),
    EQUAL_OPPORTUNITY_RATIO("equal_opportunity_ratio");

    private final String metricName;

    FairnessMeasure(String metricName) {
        this.metricName = metricName;
    }

    /** The name used in charters, e.g. {@code demographic_parity_ratio}. */
    public String metricName() {
        return metricName;
    }

    /**
     * The measure with a charter name.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument for an unknown name
     */
    public static FairnessMeasure byName(String name) {
        for (FairnessMeasure m : values()) {
            if (m.metricName.equals(name)) {
                return m;
            }
        }
        throw Checks.invalid("unknown fairness metric '" + name + "'; use one of: " + FairnessPolicy.METRIC_LIST);
    }

    private boolean isRatio() {
        return metricName.endsWith("_ratio");
    }

    /** The measure on all rows. */
    public MetricValue compute(FairnessData data) {
        return compute(data, dev.gyre.validation.metrics.RowMetric.allRows(data.rowCount()));
    }

    /** The measure on the given rows (indices may repeat). */
    public MetricValue compute(FairnessData data, int[] rows) {
        return switch (this) {
            case DEMOGRAPHIC_PARITY_DIFFERENCE, DEMOGRAPHIC_PARITY_RATIO ->
                    pick(table(BinaryRates.selectionRate(data), data, rows));
            case EQUAL_OPPORTUNITY_DIFFERENCE, EQUAL_OPPORTUNITY_RATIO ->
                    pick(table(BinaryRates.truePositiveRate(data), data, rows));
            case EQUALIZED_ODDS_DIFFERENCE, EQUALIZED_ODDS_RATIO -> {
                MetricValue tpr = pick(table(BinaryRates.truePositiveRate(data), data, rows));
                MetricValue fpr = pick(table(BinaryRates.falsePositiveRate(data), data, rows));
                if (!tpr.isApplicable()) {
                    yield MetricValue.notApplicable("true-positive rates: " + tpr.reason());
                }
                if (!fpr.isApplicable()) {
                    yield MetricValue.notApplicable("false-positive rates: " + fpr.reason());
                }
                yield MetricValue.of(isRatio() ? Math.min(tpr.get(), fpr.get()) : Math.max(tpr.get(), fpr.get()));
            }
        };
    }

    private MetricValue pick(GroupMetrics table) {
        return isRatio() ? table.ratio() : table.difference();
    }

    private static GroupMetrics table(dev.gyre.validation.metrics.RowMetric metric, FairnessData data, int[] rows) {
        return GroupMetrics.of(metric, data.groups(), rows, data.minGroupSize());
    }
}
