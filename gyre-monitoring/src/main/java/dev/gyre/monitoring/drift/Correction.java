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

    /**
     * Corrects the verdicts of the applicable p-value tests among {@code results} in place (distances keep their
     * thresholds): with {@link #BONFERRONI} a test drifts when p &lt; its threshold / n; with
     * {@link #BENJAMINI_HOCHBERG} the level α is the default p-value threshold (0.05) for all of them and a test
     * drifts when p ≤ the largest k·α/n with p_(k) ≤ k·α/n; n counts those tests. Each corrected result carries
     * the threshold used and a note. {@link #NONE} changes nothing.
     */
    public void applyTo(java.util.Map<String, DriftResult> results) {
        if (this == NONE) {
            return;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, DriftResult> e : results.entrySet()) {
            if (e.getValue().applicable() && e.getValue().pValue() != null) {
                names.add(e.getKey());
            }
        }
        int n = names.size();
        if (n == 0) {
            return;
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = results.get(names.get(i)).pValue();
        }
        double alpha = DriftDefaults.P_VALUE_THRESHOLD;
        double bhCut = benjaminiHochbergCutoff(p, alpha);
        for (int i = 0; i < n; i++) {
            DriftResult r = results.get(names.get(i));
            double threshold;
            boolean drifted;
            String note;
            if (this == BONFERRONI) {
                threshold = r.threshold() / n;
                drifted = p[i] < threshold;
                note = "Bonferroni over " + n + " p-value tests";
            } else {
                threshold = Math.max(bhCut, 0.0);
                drifted = bhCut >= 0 && p[i] <= bhCut;
                note = "Benjamini–Hochberg over " + n + " p-value tests at level " + alpha;
            }
            results.put(names.get(i), new DriftResult(r.test(), r.statistic(), r.pValue(), threshold, drifted, true,
                    r.note() == null ? note : r.note() + "; " + note));
        }
    }
}
