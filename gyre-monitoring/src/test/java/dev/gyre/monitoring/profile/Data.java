package dev.gyre.monitoring.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded samples for the profile tests. */
final class Data {

    /** Seeds DataSketches' KLL compaction generator; see {@link dev.gyre.monitoring.testing.Sketches#seed}. */
    static void seedSketches(long seed) {
        dev.gyre.monitoring.testing.Sketches.seed(seed);
    }


    enum Dist { NORMAL, LOGNORMAL, UNIFORM, EXPONENTIAL, MIXTURE, ROUNDED }

    private Data() {
    }

    /** n values of the distribution, shifted by {@code shift} and scaled by {@code scale}. */
    static double[] sample(Dist dist, int n, double shift, double scale, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = switch (dist) {
                case NORMAL -> rnd.nextGaussian();
                case LOGNORMAL -> Math.exp(rnd.nextGaussian());
                case UNIFORM -> rnd.nextDouble() * 10;
                case EXPONENTIAL -> -Math.log(1 - rnd.nextDouble()) * 3;
                case MIXTURE -> rnd.nextDouble() < 0.3 ? rnd.nextGaussian() * 0.5 - 4 : rnd.nextGaussian() * 2 + 3;
                case ROUNDED -> Math.round(rnd.nextGaussian() * 30) / 10.0; // about 200 distinct values, many ties
            };
            v[i] = x * scale + shift;
        }
        return v;
    }

    /** n labels from a skewed distribution over {@code categories} labels. */
    static List<String> labels(int n, int categories, double skew, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = (int) Math.min(categories - 1, Math.floor(Math.pow(rnd.nextDouble(), skew) * categories));
            out.add("c" + c);
        }
        return out;
    }

    static ColumnProfile numeric(double[] v) {
        return ColumnProfile.numeric().updateAll(v);
    }
}
