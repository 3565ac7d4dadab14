package dev.gyre.monitoring.performance;

import dev.gyre.core.GyreException;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Model-quality metrics from arrays of true outcomes and predictions, with scikit-learn's definitions (checked
 * against {@code sklearn.metrics} to 1e-12). Every method refuses, with {@link GyreException.InvalidArgument},
 * empty input, arrays of different lengths, null labels and NaN or infinite numbers; the message says which
 * argument and index was wrong.
 * <ul>
 *   <li>accuracy: share of exact label matches;</li>
 *   <li>F1: binary with the positive label given, 2·TP / (2·TP + FP + FN), 0 when the positive label occurs in
 *       neither array (scikit-learn's zero-division value); macro F1 averages that per label over every label in
 *       either array;</li>
 *   <li>ROC AUC (binary): the Mann–Whitney form, the probability that a random positive scores above a random
 *       negative, ties counted half, from average ranks after one sort (O(n log n));</li>
 *   <li>log loss: −mean ln p(true label), probabilities clipped to [1e-15, 1 − 1e-15] (binary: the positive
 *       label's probability is clipped, the negative's is 1 minus that; multiclass: each row is clipped and divided
 *       by its new sum), as scikit-learn's {@code log_loss(eps=1e-15)};</li>
 *   <li>regression: RMSE, MAE and R² = 1 − SS_res / SS_tot; with constant truth (SS_tot = 0) R² is 1 for a
 *       perfect prediction and 0 otherwise, as scikit-learn's {@code r2_score}; R² of a single outcome is refused
 *       (scikit-learn answers NaN).</li>
 * </ul>
 */
public final class QualityMetrics {

    /** Probabilities are clipped to [EPS, 1 − EPS] before the logarithm. */
    public static final double LOG_LOSS_EPS = 1e-15;
    /** How far a row of class probabilities may sum from 1. */
    public static final double PROBABILITY_SUM_TOLERANCE = 1e-6;

    private QualityMetrics() {
    }

    // ------------------------------------------------------------ classification

    /** Share of predictions equal to the true label. */
    public static double accuracy(String[] truth, String[] predicted) {
        int n = requireLabels("accuracy", truth, predicted);
        long hits = 0;
        for (int i = 0; i < n; i++) {
            hits += truth[i].equals(predicted[i]) ? 1 : 0;
        }
        return hits / (double) n;
    }

    /** Binary F1 of the positive label: 2·TP / (2·TP + FP + FN); 0 when the label occurs in neither array. */
    public static double f1(String[] truth, String[] predicted, String positive) {
        int n = requireLabels("f1", truth, predicted);
        if (positive == null) {
            throw new GyreException.InvalidArgument("f1: the positive label is null; pass the label of the positive class");
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < n; i++) {
            boolean t = truth[i].equals(positive);
            boolean p = predicted[i].equals(positive);
            tp += t && p ? 1 : 0;
            fp += !t && p ? 1 : 0;
            fn += t && !p ? 1 : 0;
        }
        return f1(tp, fp, fn);
    }

    /** Macro F1: the unweighted mean of each label's F1 over every label in either array. */
    public static double macroF1(String[] truth, String[] predicted) {
        int n = requireLabels("macro f1", truth, predicted);
        Map<String, long[]> counts = new HashMap<>(); // tp, fp, fn
        for (int i = 0; i < n; i++) {
            long[] t = counts.computeIfAbsent(truth[i], k -> new long[3]);
            if (truth[i].equals(predicted[i])) {
                t[0]++;
            } else {
                t[2]++;
                counts.computeIfAbsent(predicted[i], k -> new long[3])[1]++;
            }
        }
        double sum = 0;
        for (String label : new TreeSet<>(counts.keySet())) { // a fixed order, so the sum is reproducible
            long[] c = counts.get(label);
            sum += f1(c[0], c[1], c[2]);
        }
        return sum / counts.size();
    }

    private static double f1(long tp, long fp, long fn) {
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
    }

    /** ROC AUC of scores for the positive label (true where {@code truth[i]} equals {@code positive}). */
    public static double rocAuc(String[] truth, double[] score, String positive) {
        if (truth == null || score == null || positive == null) {
            throw new GyreException.InvalidArgument("roc_auc: truth, scores and the positive label are required; pass all three");
        }
        requireLabels("roc_auc", truth, truth);
        boolean[] positives = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            positives[i] = truth[i].equals(positive);
        }
        return rocAuc(positives, score);
    }

    /**
     * ROC AUC of scores against binary outcomes: (Σ ranks of positives − n₊(n₊ + 1)/2) / (n₊ · n₋) with average ranks
     * for tied scores, so a tie between a positive and a negative counts half.
     *
     * @throws GyreException.InvalidArgument also when only one class is present (AUC needs both classes)
     */
    public static double rocAuc(boolean[] positive, double[] score) {
        if (positive == null || score == null || positive.length == 0) {
            throw new GyreException.InvalidArgument("roc_auc: no outcomes given; pass at least one positive and one negative");
        }
        requireSameLength("roc_auc", positive.length, score.length);
        requireFinite("roc_auc", "score", score);
        int n = score.length;
        long pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            throw new GyreException.InvalidArgument("roc_auc needs both classes but all " + n + " outcomes are "
                    + (pos == 0 ? "negative" : "positive") + "; compute it over a window holding both, or use accuracy");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSum = 0; // sum of the positives' 1-based average ranks
        int i = 0;
        while (i < n) {
            int j = i;
            long tiedPositives = 0;
            while (j < n && score[order[j]] == score[order[i]]) {
                tiedPositives += positive[order[j]] ? 1 : 0;
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1 … j
            rankSum += tiedPositives * averageRank;
            i = j;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Binary log loss from the positive label's probability. */
    public static double logLoss(String[] truth, double[] positiveProbability, String positive) {
        if (truth == null || positiveProbability == null || positive == null) {
            throw new GyreException.InvalidArgument("log_loss: truth, probabilities and the positive label are required; pass all three");
        }
        int n = requireLabels("log_loss", truth, truth);
        requireSameLength("log_loss", n, positiveProbability.length);
        requireProbabilities("log_loss", positiveProbability);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = clip(positiveProbability[i]); // clipped first, then complemented, as scikit-learn
            sum -= truth[i].equals(positive) ? Math.log(p) : Math.log(1 - p);
        }
        return sum / n;
    }

    /**
     * Multiclass log loss: {@code probabilities[i][k]} is the probability of {@code classes[k]} for row i; each row
     * must sum to 1 (within 1e-6) and every true label must be one of the classes.
     */
    public static double logLoss(String[] truth, double[][] probabilities, String[] classes) {
        if (truth == null || probabilities == null || classes == null) {
            throw new GyreException.InvalidArgument("log_loss: truth, probabilities and class labels are required; pass all three");
        }
        int n = requireLabels("log_loss", truth, truth);
        requireSameLength("log_loss", n, probabilities.length);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.length; k++) {
            if (classes[k] == null || index.put(classes[k], k) != null) {
                throw new GyreException.InvalidArgument("log_loss: class label " + k + " is null or repeated; list each class once");
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] row = probabilities[i];
            if (row == null || row.length != classes.length) {
                throw new GyreException.InvalidArgument("log_loss: row " + i + " has " + (row == null ? "no" : row.length)
                        + " probabilities but there are " + classes.length + " classes; give one per class");
            }
            requireProbabilities("log_loss", row);
            double total = 0;
            for (double p : row) {
                total += p;
            }
            if (Math.abs(total - 1) > PROBABILITY_SUM_TOLERANCE) {
                throw new GyreException.InvalidArgument("log_loss: the probabilities of row " + i + " sum to " + total
                        + ", not 1; normalise each row first");
            }
            Integer k = index.get(truth[i]);
            if (k == null) {
                throw new GyreException.InvalidArgument("log_loss: true label '" + truth[i] + "' at index " + i
                        + " is not among the classes " + Arrays.toString(classes) + "; list every class the model can see");
            }
            double clippedTotal = 0;
            for (double p : row) {
                clippedTotal += clip(p);
            }
            sum -= Math.log(clip(row[k]) / clippedTotal); // clipped, then renormalised, as scikit-learn
        }
        return sum / n;
    }

    private static double clip(double p) {
        return Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p));
    }

    // ------------------------------------------------------------ regression

    /** Root mean squared error. */
    public static double rmse(double[] truth, double[] predicted) {
        int n = requireNumbers("rmse", truth, predicted);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = truth[i] - predicted[i];
            sum += d * d;
        }
        return Math.sqrt(sum / n);
    }

    /** Mean absolute error. */
    public static double mae(double[] truth, double[] predicted) {
        int n = requireNumbers("mae", truth, predicted);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(truth[i] - predicted[i]);
        }
        return sum / n;
    }

    /**
     * Coefficient of determination 1 − SS_res / SS_tot; 1 or 0 when the truth is constant (see the class comment).
     *
     * @throws GyreException.InvalidArgument also for a single outcome, where R² is undefined
     */
    public static double r2(double[] truth, double[] predicted) {
        int n = requireNumbers("r2", truth, predicted);
        if (n < 2) {
            throw new GyreException.InvalidArgument("r2 needs at least two outcomes (it compares errors with the spread of"
                    + " the truth); use rmse or mae for a single outcome");
        }
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double r = truth[i] - predicted[i];
            double d = truth[i] - mean;
            ssRes += r * r;
            ssTot += d * d;
        }
        if (ssTot == 0) {
            return ssRes == 0 ? 1.0 : 0.0;
        }
        return 1 - ssRes / ssTot;
    }

    // ------------------------------------------------------------ checks

    static int requireLabels(String metric, String[] truth, String[] predicted) {
        if (truth == null || predicted == null || truth.length == 0) {
            throw new GyreException.InvalidArgument(metric + ": no labels given; pass at least one true and one predicted label");
        }
        requireSameLength(metric, truth.length, predicted.length);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == null || predicted[i] == null) {
                throw new GyreException.InvalidArgument(metric + ": " + (truth[i] == null ? "true" : "predicted")
                        + " label at index " + i + " is null; drop rows without a label or outcome");
            }
        }
        return truth.length;
    }

    static int requireNumbers(String metric, double[] truth, double[] predicted) {
        if (truth == null || predicted == null || truth.length == 0) {
            throw new GyreException.InvalidArgument(metric + ": no values given; pass at least one true value and one prediction");
        }
        requireSameLength(metric, truth.length, predicted.length);
        requireFinite(metric, "true value", truth);
        requireFinite(metric, "prediction", predicted);
        return truth.length;
    }

    private static void requireSameLength(String metric, int a, int b) {
        if (a != b) {
            throw new GyreException.InvalidArgument(metric + ": " + a + " true values but " + b
                    + " predictions; pass one prediction per outcome");
        }
    }

    private static void requireFinite(String metric, String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new GyreException.InvalidArgument(metric + ": " + what + " at index " + i + " is " + v[i]
                        + "; drop or impute non-finite values first");
            }
        }
    }

    private static void requireProbabilities(String metric, double[] p) {
        requireFinite(metric, "probability", p);
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || p[i] > 1) {
                throw new GyreException.InvalidArgument(metric + ": probability at index " + i + " is " + p[i]
                        + ", outside [0, 1]; pass probabilities, not scores or logits");
            }
        }
    }
}
