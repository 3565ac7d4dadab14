package dev.gyre.validation.internal;

import java.util.Arrays;

/**
 * Cumulative true- and false-positive counts at each distinct score threshold, highest threshold first: entry
 * {@code i} counts the rows whose score is at least {@code thresholds[i]}. Rows with equal scores always enter
 * together, which is how ties are handled by ROC AUC and average precision.
 *
 * @param thresholds distinct scores, descending
 * @param tps        positives with score {@code >=} the threshold
 * @param fps        negatives with score {@code >=} the threshold
 */
public record BinaryCurve(double[] thresholds, long[] tps, long[] fps) {

    /** Builds the curve; {@code positive[i]} says whether row i is of the positive class. */
    public static BinaryCurve of(boolean[] positive, double[] scores) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] thresholds = new double[n];
        long[] tps = new long[n];
        long[] fps = new long[n];
        int distinct = 0;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < n; k++) {
            int row = order[k];
            if (positive[row]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = k == n - 1 || scores[order[k + 1]] != scores[row];
            if (lastOfTie) {
                thresholds[distinct] = scores[row];
                tps[distinct] = tp;
                fps[distinct] = fp;
                distinct++;
            }
        }
        return new BinaryCurve(Arrays.copyOf(thresholds, distinct), Arrays.copyOf(tps, distinct),
                Arrays.copyOf(fps, distinct));
    }

    public int size() {
        return thresholds.length;
    }

    public long positives() {
        return tps[tps.length - 1];
    }

    public long negatives() {
        return fps[fps.length - 1];
    }
}
