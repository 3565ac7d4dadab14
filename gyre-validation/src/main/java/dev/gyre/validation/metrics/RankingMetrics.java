package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.BinaryCurve;
import dev.gyre.validation.internal.Checks;

/**
 * Metrics on scores rather than labels: ROC AUC (binary and one-vs-rest multiclass) and average precision.
 * Scores are any finite numbers where higher means "more positive"; rows with equal scores are treated as one
 * threshold, as scikit-learn 1.2 does. When a metric is undefined (only one class present, no positives) the
 * result is {@linkplain MetricValue#notApplicable not applicable} with the reason. Invalid input (null, empty,
 * different lengths, labels outside the classes, non-finite scores, probability rows not summing to 1) throws
 * {@link dev.gyre.core.GyreException.InvalidArgument}.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /**
     * Binary ROC AUC: the trapezoid area under (FPR, TPR) over the distinct score thresholds, as
     * {@code roc_auc_score}. Not applicable when y_true holds only one class.
     *
     * @param yTrue  0 or 1 per row
     * @param scores score of class 1 per row
     */
    public static MetricValue rocAuc(int[] yTrue, double[] scores) {
        Checks.sameLength(yTrue, "y_true", scores, "scores");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.finite(scores, "scores");
        boolean[] positive = new boolean[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) {
            positive[i] = yTrue[i] == 1;
        }
        return rocAuc(BinaryCurve.of(positive, scores), "");
    }

    /**
     * Multiclass ROC AUC, one class against the rest, macro-averaged, as
     * {@code roc_auc_score(multi_class='ovr', average='macro')}. Not applicable when some class of the
     * probability matrix has no row in y_true (scikit-learn raises an error there).
     *
     * @param yTrue         class index per row, in {@code 0..K-1}
     * @param probabilities n x K class probabilities, rows summing to 1
     */
    public static MetricValue rocAucOvr(int[] yTrue, double[][] probabilities) {
        int k = Checks.probabilityRows(probabilities, "probabilities", 2);
        int n = Checks.sameLength(yTrue, "y_true", probabilities, "probabilities");
        Checks.labels(yTrue, "y_true", k);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            boolean[] positive = new boolean[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                positive[i] = yTrue[i] == c;
                scores[i] = probabilities[i][c];
            }
            MetricValue auc = rocAuc(BinaryCurve.of(positive, scores), " for class " + c + " against the rest");
            if (!auc.isApplicable()) {
                return auc;
            }
            sum += auc.get();
        }
        return MetricValue.of(sum / k);
    }

    private static MetricValue rocAuc(BinaryCurve curve, String which) {
        long p = curve.positives();
        long q = curve.negatives();
        if (p == 0 || q == 0) {
            return MetricValue.notApplicable("ROC AUC" + which + " needs both classes in y_true, but all "
                    + (p + q) + " rows are " + (p == 0 ? "negative" : "positive"));
        }
        // Trapezoids between consecutive (fpr, tpr) points, starting at (0, 0).
        double area = 0;
        double prevFpr = 0;
        double prevTpr = 0;
        for (int i = 0; i < curve.size(); i++) {
            double fpr = (double) curve.fps()[i] / q;
            double tpr = (double) curve.tps()[i] / p;
            area += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevFpr = fpr;
            prevTpr = tpr;
        }
        return MetricValue.of(area);
    }

    /**
     * Average precision, scikit-learn's step-wise definition (no interpolation): the sum over distinct thresholds,
     * highest first, of (recall gained at the threshold) x (precision at the threshold). Not applicable when
     * y_true has no positives (scikit-learn warns and returns a meaningless value there).
     *
     * @param yTrue  0 or 1 per row
     * @param scores score of class 1 per row
     */
    public static MetricValue averagePrecision(int[] yTrue, double[] scores) {
        Checks.sameLength(yTrue, "y_true", scores, "scores");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.finite(scores, "scores");
        boolean[] positive = new boolean[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) {
            positive[i] = yTrue[i] == 1;
        }
        BinaryCurve curve = BinaryCurve.of(positive, scores);
        long p = curve.positives();
        if (p == 0) {
            return MetricValue.notApplicable("average precision needs at least one positive row in y_true, but all "
                    + yTrue.length + " rows are negative");
        }
        double ap = 0;
        double prevRecall = 0;
        for (int i = 0; i < curve.size(); i++) {
            long tp = curve.tps()[i];
            double precision = (double) tp / (tp + curve.fps()[i]);
            double recall = (double) tp / p;
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return MetricValue.of(ap);
    }
}
