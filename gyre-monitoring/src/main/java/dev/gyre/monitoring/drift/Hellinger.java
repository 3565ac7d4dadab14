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
        double sum = 0;
        for (int i = 0; i < b.reference().length; i++) {
            double d = Math.sqrt(b.reference()[i]) - Math.sqrt(b.current()[i]);
            sum += d * d;
        }
        return DriftResult.ofDistance(name(), Math.sqrt(sum) / Math.sqrt(2), threshold);
    }
}
