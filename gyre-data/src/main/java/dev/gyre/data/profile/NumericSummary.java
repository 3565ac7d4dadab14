package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The statistics of a numeric column's present values (missing values and NaN are left out).
 *
 * <p>Count, minimum, maximum, mean, standard deviation and zeros are exact (up to floating point; the
 * moments of merged parts are combined with Chan et al.'s parallel formula). Quantiles, the CDF and the
 * histogram come from a KLL sketch and are approximate: the rank of a returned quantile is within
 * {@link #rankError()} of the asked rank with 99% confidence; with no more values than the sketch's
 * {@code k} they are exact. Undefined statistics (no values; a standard deviation of fewer than two values;
 * a mean with infinite values) are NaN.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class NumericSummary {
    /** The ranks reported by {@link #quantiles()}: 1%, 5%, 25%, 50%, 75%, 95%, 99%. */
    public static final List<Double> REPORTED_RANKS = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
    /** The number of bins of {@link #histogram()}. */
    public static final int DEFAULT_BINS = 20;

    private final ColumnState state;

    NumericSummary(ColumnState state) {
        this.state = state;
    }

    /** The number of present values. */
    public long count() {
        return state.n;
    }

    /** The smallest value; NaN when there are none. */
    public double min() {
        return state.n == 0 ? Double.NaN : state.min;
    }

    /** The largest value; NaN when there are none. */
    public double max() {
        return state.n == 0 ? Double.NaN : state.max;
    }

    /** The arithmetic mean; NaN when there are no values. */
    public double mean() {
        return state.n == 0 ? Double.NaN : state.mean;
    }

    /** The sample variance (divided by n - 1); NaN for fewer than two values. */
    public double variance() {
        return state.n < 2 ? Double.NaN : Math.max(0.0, state.m2 / (state.n - 1));
    }

    /** The sample standard deviation (n - 1); NaN for fewer than two values. */
    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    /** How many values are exactly zero. */
    public long zeros() {
        return state.zeros;
    }

    /**
     * The approximate quantile at a rank: the smallest value whose rank (the fraction of values at most it)
     * is at least {@code rank}; NaN when there are no values.
     *
     * @throws GyreException.InvalidArgument unless 0 ≤ rank ≤ 1
     */
    public double quantile(double rank) {
        if (!(rank >= 0.0 && rank <= 1.0)) {
            throw new GyreException.InvalidArgument("A quantile rank is " + rank + "; use a number from 0 to 1.");
        }
        KllDoublesSketch kll = state.kll;
        synchronized (kll) {
            return kll.isEmpty() ? Double.NaN : kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
        }
    }

    /** The quantiles at {@link #REPORTED_RANKS}, keyed {@code p1, p5, p25, p50, p75, p95, p99}. */
    public Map<String, Double> quantiles() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (double rank : REPORTED_RANKS) {
            out.put("p" + Math.round(rank * 100), quantile(rank));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The approximate fraction of values at most each split point.
     *
     * @param splitPoints finite, strictly increasing
     * @return one fraction per split point; all NaN when there are no values
     */
    public double[] cdf(double... splitPoints) {
        for (int i = 0; i < splitPoints.length; i++) {
            if (!Double.isFinite(splitPoints[i]) || (i > 0 && splitPoints[i] <= splitPoints[i - 1])) {
                throw new GyreException.InvalidArgument("CDF split points must be finite and strictly increasing.");
            }
        }
        double[] out = new double[splitPoints.length];
        KllDoublesSketch kll = state.kll;
        synchronized (kll) {
            if (kll.isEmpty()) {
                Arrays.fill(out, Double.NaN);
                return out;
            }
            if (splitPoints.length == 0) {
                return out;
            }
            double[] cdf = kll.getCDF(splitPoints, QuantileSearchCriteria.INCLUSIVE);
            System.arraycopy(cdf, 0, out, 0, out.length);
            return out;
        }
    }

    /** The normalized rank error of the quantile sketch (for either side, 99% confidence). */
    public double rankError() {
        return state.kll.getNormalizedRankError(false);
    }

    /** The quantile sketch's {@code k}. */
    public int quantileK() {
        return state.kll.getK();
    }

    /** {@link #histogram(int)} with {@value #DEFAULT_BINS} bins. */
    public Histogram histogram() {
        return histogram(DEFAULT_BINS);
    }

    /**
     * A histogram of equal-width bins from {@link #min()} to {@link #max()}, the first closed
     * {@code [min, e1]}, the others half-open {@code (e_i, e_i+1]}. The counts are read off the quantile
     * sketch's CDF at the bin edges, so they are approximate (each cumulative count within
     * {@link #rankError()} × count, exact with at most {@code k} values) and the histogram of merged
     * profiles is that of the merged data. Counts add up to {@link #count()}. With no values the histogram
     * is empty; when all values are equal (or the range is not finite) it has one bin.
     *
     * @throws GyreException.InvalidArgument unless 1 ≤ bins ≤ 10000
     */
    public Histogram histogram(int bins) {
        if (bins < 1 || bins > 10_000) {
            throw new GyreException.InvalidArgument("A histogram has " + bins + " bins; use 1 to 10000.");
        }
        long total = state.n;
        if (total == 0) {
            return new Histogram(List.of());
        }
        double low = min();
        double high = max();
        double width = (high - low) / bins;
        double[] edges = new double[bins - 1];
        boolean usable = bins > 1 && Double.isFinite(width) && width > 0;
        for (int i = 0; usable && i < edges.length; i++) {
            edges[i] = low + width * (i + 1);
            usable = edges[i] < high && (i == 0 ? edges[i] > low : edges[i] > edges[i - 1]);
        }
        if (!usable) {
            return new Histogram(List.of(new Histogram.Bin(low, high, total)));
        }
        double[] cdf = cdf(edges);
        List<Histogram.Bin> out = new ArrayList<>(bins);
        long before = 0;
        for (int i = 0; i < bins; i++) {
            long cumulative = i < edges.length ? Math.min(total, Math.round(cdf[i] * total)) : total;
            cumulative = Math.max(cumulative, before);
            double from = i == 0 ? low : edges[i - 1];
            double to = i < edges.length ? edges[i] : high;
            out.add(new Histogram.Bin(from, to, cumulative - before));
            before = cumulative;
        }
        return new Histogram(out);
    }
}
