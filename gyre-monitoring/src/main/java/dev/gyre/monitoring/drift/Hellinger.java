package dev.gyre.monitoring.drift;

/**
 * Hellinger distance (1/√2) · ‖√r − √c‖₂ between the binned or per-category proportions, between 0 and 1.
 * Drift when the distance ≥ threshold (0.1).
 */
public final class Hellinger implements DriftTest {

    @Override
    public String name() {
        return "hellinger";
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

    /** The distance between two proportion vectors over the same bins. */
    public static double of(double[] reference, double[] current) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.sqrt(reference[i]) - Math.sqrt(current[i]);
            sum += d * d;
        }
        return Math.sqrt(sum) / Math.sqrt(2);
    }
}
