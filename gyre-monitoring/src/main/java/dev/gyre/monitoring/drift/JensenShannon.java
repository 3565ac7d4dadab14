package dev.gyre.monitoring.drift;

/**
 * Jensen–Shannon distance (natural log, the square root of the divergence, as scipy's
 * {@code spatial.distance.jensenshannon}) between the binned or per-category proportions. Empty bins stay 0.
 * Drift when the distance ≥ threshold (0.1).
 */
public final class JensenShannon implements DriftTest {

    @Override
    public String name() {
        return "jensenshannon";
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
        Samples.Binned b = Samples.binned(name(), reference, current);
        return DriftResult.ofDistance(name(), of(b.reference(), b.current()), threshold);
    }

    /** The distance between two proportion (or count) vectors over the same bins, each normalised to sum 1. */
    public static double of(double[] reference, double[] current) {
        double[] p = normalised(reference);
        double[] q = normalised(current);
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            left += relativeEntropy(p[i], m);
            right += relativeEntropy(q[i], m);
        }
        double divergence = (left + right) / 2;
        return Math.sqrt(Math.max(0.0, divergence));
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0.0 : x * Math.log(x / y);
    }

    private static double[] normalised(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / sum;
        }
        return out;
    }
}
