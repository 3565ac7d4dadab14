package dev.gyre.monitoring.drift;

/**
 * Population stability index Σ (r_i − c_i) · ln(r_i / c_i) over bins (numeric columns with more than 20
 * distinct reference values: Sturges bins over both samples) or categories; empty bins count as 0.0001.
 * Drift when PSI ≥ threshold (0.1).
 */
public final class Psi implements DriftTest {

    @Override
    public String name() {
        return "psi";
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
        double psi = of(b.reference(), b.current());
        return DriftResult.ofDistance(name(), psi, threshold);
    }

    /** PSI between two proportion vectors over the same bins; empty bins count as 0.0001. */
    public static double of(double[] reference, double[] current) {
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i] == 0 ? Samples.EMPTY_BIN : reference[i];
            double c = current[i] == 0 ? Samples.EMPTY_BIN : current[i];
            psi += (r - c) * Math.log(r / c);
        }
        return psi;
    }
}
