package dev.gyre.validation.internal;

import java.util.Arrays;

/**
 * Quantiles with linear interpolation between order statistics, the default method of numpy's
 * {@code quantile}/{@code percentile}: position {@code (n - 1) * q} in the sorted values, interpolated the way
 * numpy does it so results agree to the last bit.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /** The q-quantile ({@code 0 <= q <= 1}) of values that are already sorted ascending and not empty. */
    public static double ofSorted(double[] sorted, double q) {
        int n = sorted.length;
        double virtual = (n - 1) * q;
        int previous;
        int next;
        if (virtual >= n - 1) {
            previous = n - 1;
            next = n - 1;
        } else if (virtual < 0) {
            previous = 0;
            next = 0;
        } else {
            previous = (int) Math.floor(virtual);
            next = previous + 1;
        }
        double gamma = virtual - previous;
        return lerp(sorted[previous], sorted[next], gamma);
    }

    /** The q-quantile of unsorted values (the array is not modified). */
    public static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    private static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
