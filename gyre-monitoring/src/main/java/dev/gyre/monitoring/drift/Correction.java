package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.Arrays;
import java.util.Comparator;

/** Multiple-testing correction over the p-value tests of one dataset comparison. */
public enum Correction {
    /** Each column's own threshold, uncorrected (Evidently's default). */
    NONE,
    /** Drift when p &lt; α / n, n the number of p-value tests. */
    BONFERRONI,
    /** Benjamini–Hochberg step-up: with p sorted ascending, k* the largest k with p_(k) ≤ k·α/n, drift for the k* smallest. */
    BENJAMINI_HOCHBERG;

    /** Which of {@code pValues} are rejected (drifted) at level {@code alpha} under this correction. */
    public boolean[] reject(double[] pValues, double alpha) {
        check(pValues, alpha);
        int n = pValues.length;
        boolean[] out = new boolean[n];
        switch (this) {
            case NONE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = pValues[i] < alpha;
                }
            }
            case BONFERRONI -> {
                for (int i = 0; i < n; i++) {
                    out[i] = pValues[i] < alpha / n;
                }
            }
            case BENJAMINI_HOCHBERG -> {
                double cut = benjaminiHochbergCutoff(pValues, alpha);
                for (int i = 0; i < n; i++) {
                    out[i] = pValues[i] <= cut;
                }
            }
        }
        return out;
    }

    /** α·k* ÷ n, the largest p-value Benjamini–Hochberg rejects at (−1 when it rejects none). */
    static double benjaminiHochbergCutoff(double[] pValues, double alpha) {
        double[] sorted = pValues.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        for (int k = n; k >= 1; k--) {
            if (sorted[k - 1] <= alpha * k / n) {
                return alpha * k / n;
            }
        }
        return -1;
    }

    /** Benjamini–Hochberg adjusted p-values: min over j ≥ rank of p_(j)·n/j, capped at 1, in input order. */
    public static double[] benjaminiHochbergAdjusted(double[] pValues) {
        check(pValues, 0.05);
        int n = pValues.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] out = new double[n];
        double running = Double.POSITIVE_INFINITY;
        for (int r = n; r >= 1; r--) {
            int idx = order[r - 1];
            running = Math.min(running, pValues[idx] * n / r);
            out[idx] = Math.min(running, 1.0);
        }
        return out;
    }

    private static void check(double[] pValues, double alpha) {
        if (pValues == null) {
            throw new GyreException.InvalidArgument("p-values are null; pass an array of p-values in [0, 1]");
        }
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new GyreException.InvalidArgument("p-value " + pValues[i] + " at index " + i
                        + " is not in [0, 1]; pass p-values as computed by the tests");
            }
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new GyreException.InvalidArgument("significance level " + alpha + " is not in (0, 1); use for example 0.05");
        }
    }
}
