package dev.gyre.validation.fairness;

import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RowMetric;

/**
 * Rates of binary predictions over a subset of rows, for use in {@link GroupMetrics}. A rate whose denominator
 * is empty in the subset (TPR without actual positives, FPR without actual negatives, precision without
 * predicted positives) is not applicable, with the reason; it is never NaN and never silently 0.
 */
public final class BinaryRates {

    private BinaryRates() {
    }

    /** Share of rows predicted positive. */
    public static RowMetric selectionRate(FairnessData data) {
        int[] yPred = data.yPred();
        return rows -> {
            if (rows.length == 0) {
                return MetricValue.notApplicable("selection rate of no rows");
            }
            long positive = 0;
            for (int r : rows) {
                positive += yPred[r];
            }
            return MetricValue.of((double) positive / rows.length);
        };
    }

    /** Share of rows whose prediction equals the outcome. */
    public static RowMetric accuracy(FairnessData data) {
        int[] yTrue = data.yTrue();
        int[] yPred = data.yPred();
        return rows -> {
            if (rows.length == 0) {
                return MetricValue.notApplicable("accuracy of no rows");
            }
            long correct = 0;
            for (int r : rows) {
                correct += yTrue[r] == yPred[r] ? 1 : 0;
            }
            return MetricValue.of((double) correct / rows.length);
        };
    }

    /** True-positive rate (recall): predicted positive among actual positives. */
    public static RowMetric truePositiveRate(FairnessData data) {
        return rate(data, 1, 1, "true-positive rate", "actual positives (y_true = 1)");
    }

    /** False-positive rate: predicted positive among actual negatives. */
    public static RowMetric falsePositiveRate(FairnessData data) {
        return rate(data, 0, 1, "false-positive rate", "actual negatives (y_true = 0)");
    }

    /** Precision: actual positives among rows predicted positive. */
    public static RowMetric precision(FairnessData data) {
        int[] yTrue = data.yTrue();
        int[] yPred = data.yPred();
        return rows -> {
            long predicted = 0;
            long correct = 0;
            for (int r : rows) {
                if (yPred[r] == 1) {
                    predicted++;
                    correct += yTrue[r];
                }
            }
            return predicted == 0
                    ? MetricValue.notApplicable("precision needs rows predicted positive (y_pred = 1), but none of"
                            + " these " + rows.length + " rows is")
                    : MetricValue.of((double) correct / predicted);
        };
    }

    private static RowMetric rate(FairnessData data, int condition, int predicted, String name, String needed) {
        int[] yTrue = data.yTrue();
        int[] yPred = data.yPred();
        return rows -> {
            long total = 0;
            long hits = 0;
            for (int r : rows) {
                if (yTrue[r] == condition) {
                    total++;
                    hits += yPred[r] == predicted ? 1 : 0;
                }
            }
            return total == 0
                    ? MetricValue.notApplicable(name + " needs " + needed + ", but none of these "
                            + rows.length + " rows is one")
                    : MetricValue.of((double) hits / total);
        };
    }
}
