package dev.gyre.training;

import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Evaluation metrics, computed exactly (no binning or sampling) with scikit-learn's definitions. Every
 * method needs at least one row and arrays of equal length, and throws
 * {@link GyreException.InvalidArgument} otherwise or when the metric is undefined for the data (for example
 * ROC AUC when only one class is present).
 */
public final class Metrics {

    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before the logarithm in {@link #logLoss}. */
    public static final double EPSILON = 1e-15;

    private Metrics() {
    }

    /** The share of rows whose predicted label equals the actual one. */
    public static double accuracy(String[] actual, String[] predicted) {
        check(actual.length, predicted.length);
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            right += Objects.equals(actual[i], predicted[i]) ? 1 : 0;
        }
        return (double) right / actual.length;
    }

    /**
     * Area under the ROC curve of a binary score: the probability that a random positive row scores above a
     * random negative one, ties counting one half.
     *
     * @throws GyreException.InvalidArgument when all rows are positive or all negative
     */
    public static double rocAuc(boolean[] positive, double[] score) {
        check(positive.length, score.length);
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;   // ranks are 1-based; ties share their mean rank
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new GyreException.InvalidArgument("ROC AUC needs both positive and negative rows, but all " + n
                    + " rows are " + (positives == 0 ? "negative" : "positive"));
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * ROC AUC of class probabilities: for two classes, the AUC of the second class's probability; for more,
     * the unweighted mean of each class's one-versus-rest AUC (scikit-learn's {@code multi_class="ovr",
     * average="macro"}).
     *
     * @param probabilities one row per example, one column per class in {@code classes} order
     * @throws GyreException.InvalidArgument when a class has no row, or a label is not a class
     */
    public static double rocAuc(String[] actual, double[][] probabilities, List<String> classes) {
        int[] y = indices(actual, classes, probabilities);
        if (classes.size() == 2) {
            return rocAuc(is(y, 1), column(probabilities, 1));
        }
        double sum = 0;
        for (int k = 0; k < classes.size(); k++) {
            boolean[] positive = is(y, k);
            try {
                sum += rocAuc(positive, column(probabilities, k));
            } catch (GyreException.InvalidArgument e) {
                throw new GyreException.InvalidArgument("one-versus-rest ROC AUC is undefined: class '"
                        + classes.get(k) + "' has " + (count(positive) == 0 ? "no rows" : "every row")
                        + "; evaluate on rows that include every class");
            }
        }
        return sum / classes.size();
    }

    /**
     * Mean negative log-likelihood of the actual classes: {@code -mean(log p[actual])}, each probability
     * clipped to {@code [1e-15, 1 - 1e-15]}.
     */
    public static double logLoss(String[] actual, double[][] probabilities, List<String> classes) {
        int[] y = indices(actual, classes, probabilities);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i][y[i]]));
            sum -= Math.log(p);
        }
        return sum / y.length;
    }

    /**
     * F1 of one class: {@code 2 tp / (2 tp + fp + fn)}, 0 when there are no true or predicted positives.
     */
    public static double f1(String[] actual, String[] predicted, String positiveClass) {
        check(actual.length, predicted.length);
        Objects.requireNonNull(positiveClass, "positiveClass");
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < actual.length; i++) {
            boolean a = positiveClass.equals(actual[i]);
            boolean p = positiveClass.equals(predicted[i]);
            tp += a && p ? 1 : 0;
            fp += !a && p ? 1 : 0;
            fn += a && !p ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** The unweighted mean of {@link #f1} over every label that is actual or predicted at least once. */
    public static double macroF1(String[] actual, String[] predicted) {
        check(actual.length, predicted.length);
        TreeSet<String> labels = new TreeSet<>(Arrays.asList(actual));
        labels.addAll(Arrays.asList(predicted));
        double sum = 0;
        for (String label : labels) {
            sum += f1(actual, predicted, label);
        }
        return sum / labels.size();
    }

    /** Root mean squared error. */
    public static double rmse(double[] actual, double[] predicted) {
        check(actual.length, predicted.length);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = actual[i] - predicted[i];
            sum += e * e;
        }
        return Math.sqrt(sum / actual.length);
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] predicted) {
        check(actual.length, predicted.length);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - predicted[i]);
        }
        return sum / actual.length;
    }

    /**
     * Coefficient of determination: {@code 1 - SS_res / SS_tot}. When the actual values are all equal it is
     * 1 for a perfect prediction and 0 otherwise.
     */
    public static double r2(double[] actual, double[] predicted) {
        check(actual.length, predicted.length);
        double mean = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= actual.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    private static void check(int actual, int predicted) {
        if (actual != predicted) {
            throw new GyreException.InvalidArgument("there are " + actual + " actual values but " + predicted
                    + " predictions; give one prediction per row");
        }
        if (actual == 0) {
            throw new GyreException.InvalidArgument("a metric needs at least one row");
        }
    }

    private static int[] indices(String[] actual, List<String> classes, double[][] probabilities) {
        check(actual.length, probabilities.length);
        Map<String, Integer> index = new HashMap<>();
        for (String c : classes) {
            index.put(c, index.size());
        }
        int[] y = new int[actual.length];
        for (int i = 0; i < actual.length; i++) {
            Integer k = index.get(actual[i]);
            if (k == null) {
                throw new GyreException.InvalidArgument("row " + i + " has label '" + actual[i]
                        + "', which is not one of the classes " + classes);
            }
            if (probabilities[i].length != classes.size()) {
                throw new GyreException.InvalidArgument("row " + i + " has " + probabilities[i].length
                        + " probabilities for " + classes.size() + " classes");
            }
            y[i] = k;
        }
        return y;
    }

    private static boolean[] is(int[] y, int k) {
        boolean[] b = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            b[i] = y[i] == k;
        }
        return b;
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) {
            c += v ? 1 : 0;
        }
        return c;
    }

    private static double[] column(double[][] m, int k) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][k];
        }
        return c;
    }
}
