package dev.gyre.features.internal;

/** Conventions shared by every step: how numbers become category names, and what counts as missing. */
public final class Values {
    private Values() {
    }

    /** A non-finite number (NaN, ±infinity) is missing, written NaN. */
    public static double finite(double x) {
        return Double.isFinite(x) ? x : Double.NaN;
    }

    /**
     * The category name of a number: an integral value below 10^15 in magnitude without a fraction
     * ({@code 3}, {@code -2}), any other as {@link Double#toString(double)} ({@code 0.5}); -0 is 0.
     */
    public static String name(double x) {
        double v = x + 0.0;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The key a number is looked up by among categories: -0 becomes 0. */
    public static double key(double x) {
        return x + 0.0;
    }
}
