package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.Checks;

/**
 * Metrics on predicted class labels. Labels are {@code int} class indices ({@code >= 0}); the positive class of a
 * binary task is {@code 1}. Definitions follow scikit-learn 1.2 with {@code zero_division=0} (see
 * {@link ClassReport}). Every method throws {@link dev.gyre.core.GyreException.InvalidArgument} when an array is
 * null or empty, the lengths differ or a label is negative (binary methods: not 0 or 1); none returns NaN.
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /** The share of rows whose predicted label equals the true label. */
    public static MetricValue accuracy(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        long correct = 0;
        for (int i = 0; i < cm.labels().length; i++) {
            correct += cm.truePositives(i);
        }
        return MetricValue.of((double) correct / yTrue.length);
    }

    /**
     * The mean recall over the classes present in y_true. Classes that occur only in y_pred have no recall and
     * are left out of the mean, as scikit-learn does (it warns).
     */
    public static MetricValue balancedAccuracy(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        double sum = 0;
        int classes = 0;
        for (int i = 0; i < cm.labels().length; i++) {
            long actual = cm.trueCount(i);
            if (actual > 0) {
                sum += (double) cm.truePositives(i) / actual;
                classes++;
            }
        }
        return MetricValue.of(sum / classes);
    }

    /** The confusion matrix over the classes present in either array. */
    public static ConfusionMatrix confusionMatrix(int[] yTrue, int[] yPred) {
        return ConfusionMatrix.of(yTrue, yPred);
    }

    /** Per-class precision, recall and F1 with macro and weighted averages. */
    public static ClassReport report(int[] yTrue, int[] yPred) {
        return ClassReport.of(ConfusionMatrix.of(yTrue, yPred));
    }

    /** Binary precision of class 1: TP / (TP + FP), 0 when nothing is predicted positive. */
    public static MetricValue precision(int[] yTrue, int[] yPred) {
        return MetricValue.of(binary(yTrue, yPred).precision());
    }

    /** Binary recall of class 1: TP / (TP + FN), 0 when y_true has no positives. */
    public static MetricValue recall(int[] yTrue, int[] yPred) {
        return MetricValue.of(binary(yTrue, yPred).recall());
    }

    /** Binary F1 of class 1: 2PR / (P + R), 0 when precision and recall are both 0. */
    public static MetricValue f1(int[] yTrue, int[] yPred) {
        return MetricValue.of(binary(yTrue, yPred).f1());
    }

    private static ClassReport.PerClass binary(int[] yTrue, int[] yPred) {
        Checks.sameLength(yTrue, "y_true", yPred, "y_pred");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.binaryLabels(yPred, "y_pred");
        return report(yTrue, yPred).forLabel(1).orElse(new ClassReport.PerClass(1, 0, 0, 0, 0));
    }
}
