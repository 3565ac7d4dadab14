package dev.gyre.monitoring.drift;

import java.util.Arrays;

/**
 * First Wasserstein distance between the two empirical distributions, ∫|F_ref − F_cur| dx, computed exactly
 * from the step CDFs, divided by the reference's population standard deviation (at least 0.001) as Evidently
 * does. Drift when the normalised distance ≥ threshold (0.1).
 */
public final class Wasserstein implements DriftTest {

    static final double STD_FLOOR = 0.001;

    @Override
    public String name() {
        return "wasserstein_normed";
    }

    @Override
    public boolean usesPValue() {
        return false;
    }

    @Override
    public double defaultThreshold() {
        return 0.1;
    }

    @Override
    public DriftResult test(Column reference, Column current, double threshold) {
        Samples.requireNonEmpty(name(), reference, current);
        double[] a = Samples.numeric(name(), reference, "reference");
        double[] b = Samples.numeric(name(), current, "current");
        double norm = Math.max(populationStd(a), STD_FLOOR);
        return DriftResult.ofDistance(name(), distance(a, b) / norm, threshold);
    }

    /** The unnormalised distance, as scipy's {@code wasserstein_distance} with equal weights. */
    public static double distance(double[] u, double[] v) {
        double[] a = u.clone();
        double[] b = v.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int i = 0;
        int j = 0;
        double sum = 0;
        for (int k = 0; k < all.length - 1; k++) {
            double x = all[k];
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            double delta = all[k + 1] - x;
            sum += Math.abs(i / (double) a.length - j / (double) b.length) * delta;
        }
        return sum;
    }

    static double populationStd(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / x.length);
    }
}
