package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

/** The binning rule of PSI, Jensen–Shannon and Hellinger, for callers that only know summaries of the samples. */
public final class Binning {

    /** Numeric columns with more distinct reference values than this are cut into Sturges bins. */
    public static final int DISTINCT_LIMIT = Samples.BINNING_DISTINCT_LIMIT;
    /** The proportion PSI uses for an empty bin. */
    public static final double EMPTY_BIN = Samples.EMPTY_BIN;

    private Binning() {
    }

    /**
     * Sturges edges over both samples together, from their combined minimum, maximum and number of values; the
     * same edges as the exact tests compute from the values.
     */
    public static double[] sturgesEdges(double min, double max, long n) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max || n <= 0) {
            throw new GyreException.InvalidArgument("binning needs finite min ≤ max and a positive count, got min " + min
                    + ", max " + max + ", n " + n + "; profile at least one finite value per sample");
        }
        return Samples.sturgesEdges(min, max, n);
    }
}
