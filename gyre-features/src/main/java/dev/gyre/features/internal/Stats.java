package dev.gyre.features.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The statistics steps learn from training values; NaN (numbers) and {@code null} (strings) are skipped. */
public final class Stats {
    private Stats() {
    }

    /** The non-missing values, sorted ascending. */
    public static double[] present(double[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                out[n++] = Values.key(v);
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /** The arithmetic mean, summed in row order; NaN when there are no values. */
    public static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The population standard deviation (divided by n) around {@code mean}. */
    public static double std(double[] values, double mean) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                double d = v - mean;
                sum += d * d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones. */
    public static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The {@code p} quantile of sorted values by linear interpolation between closest ranks: with
     * {@code h = (n - 1) p}, {@code x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
     */
    public static double quantile(double[] sorted, double p) {
        int n = sorted.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** Counts of each distinct number, in ascending order. */
    public static TreeMap<Double, Integer> counts(double[] values) {
        TreeMap<Double, Integer> counts = new TreeMap<>();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                counts.merge(Values.key(v), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Counts of each distinct string, in ascending ({@link String#compareTo}) order. */
    public static TreeMap<String, Integer> counts(String[] values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) {
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        return new TreeMap<>(counts);
    }

    /** The most frequent key of ascending counts, the smallest on ties; {@code null} when empty. */
    public static <K> K mostFrequent(TreeMap<K, Integer> counts) {
        K best = null;
        int bestCount = 0;
        for (Map.Entry<K, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
