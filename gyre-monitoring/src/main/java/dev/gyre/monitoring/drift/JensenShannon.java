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
        double[] p = normalised(b.reference());
        double[] q = normalised(b.current());
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            left += relativeEntropy(p[i], m);
            right += relativeEntropy(q[i], m);
        }
        double divergence = (left + right) / 2;
        return DriftResult.ofDistance(name(), Math.sqrt(Math.max(0.0, divergence)), threshold);
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
