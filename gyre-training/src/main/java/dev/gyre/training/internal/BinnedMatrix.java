package dev.gyre.training.internal;

import dev.gyre.training.TrainingSet;
import java.util.Arrays;

/**
 * A training matrix with each feature cut into at most {@code maxBins} ordered bins, stored column by
 * column as unsigned bytes. A feature with few distinct values gets one bin per value; otherwise the bins
 * hold about equal numbers of rows. Bin {@code b} of feature {@code f} holds the values
 * {@code x <= upper[f][b]} (and above the previous edge), so a split "bin ≤ b" is the split
 * {@code x <= upper[f][b]} on raw values, and trees predict without binning.
 */
final class BinnedMatrix {

    final int rows;
    final int features;
    /** {@code bins[f][row]}, unsigned. */
    final byte[][] bins;
    /** The number of bins of each feature (1 for a constant feature). */
    final int[] binCount;
    /** {@code upper[f][b]} for {@code b < binCount[f] - 1}: the largest value in bin {@code b}'s range. */
    final double[][] upper;

    private BinnedMatrix(int rows, int features, byte[][] bins, int[] binCount, double[][] upper) {
        this.rows = rows;
        this.features = features;
        this.bins = bins;
        this.binCount = binCount;
        this.upper = upper;
    }

    static BinnedMatrix of(TrainingSet data, int maxBins) {
        int n = data.rows();
        int d = data.features();
        byte[][] bins = new byte[d][n];
        int[] binCount = new int[d];
        double[][] upper = new double[d][];
        double[] column = new double[n];
        for (int f = 0; f < d; f++) {
            for (int i = 0; i < n; i++) {
                column[i] = data.value(i, f);
            }
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            double[] edges = edges(sorted, maxBins);
            upper[f] = edges;
            binCount[f] = edges.length + 1;
            byte[] col = bins[f];
            for (int i = 0; i < n; i++) {
                col[i] = (byte) bin(edges, column[i]);
            }
        }
        return new BinnedMatrix(n, d, bins, binCount, upper);
    }

    /** The bin of a value: the first edge it does not exceed, or the last bin. */
    static int bin(double[] edges, double v) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v <= edges[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Cut points between distinct values, at most {@code maxBins - 1} of them, at about equal frequency. */
    private static double[] edges(double[] sorted, int maxBins) {
        int n = sorted.length;
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        double[] edges = new double[Math.min(distinct, maxBins) - 1];
        int count = 0;
        if (distinct <= maxBins) {
            for (int i = 1; i < n; i++) {
                if (sorted[i] != sorted[i - 1]) {
                    edges[count++] = between(sorted[i - 1], sorted[i]);
                }
            }
            return edges;
        }
        // Equal-frequency cuts: close a bin at the first value change once its share of rows is reached.
        int target = 1;
        for (int i = 1; i < n && count < edges.length; i++) {
            if (sorted[i] != sorted[i - 1] && i >= (long) target * n / maxBins) {
                edges[count++] = between(sorted[i - 1], sorted[i]);
                target = (int) Math.max(target + 1, (long) i * maxBins / n + 1);
            }
        }
        return Arrays.copyOf(edges, count);
    }

    /** A cut strictly below {@code hi} and at or above {@code lo}. */
    private static double between(double lo, double hi) {
        double mid = lo + (hi - lo) / 2;
        return mid < hi ? mid : lo;
    }
}
