package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.Binning;
import dev.gyre.monitoring.drift.ChiSquare;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftDefaults;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.drift.Hellinger;
import dev.gyre.monitoring.drift.JensenShannon;
import dev.gyre.monitoring.drift.KolmogorovSmirnov;
import dev.gyre.monitoring.drift.Correction;
import dev.gyre.monitoring.drift.ProportionZ;
import dev.gyre.monitoring.drift.Psi;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The drift tests computed from two column profiles instead of the samples, and the same per-column default
 * choice as {@link DriftDefaults}. Results carry the same test names and thresholds as the exact tests; the note
 * says the result came from sketches and, for KS and Wasserstein, its error bound.
 * <ul>
 *   <li>KS: D = the largest gap between the two KLL CDF estimates over every item either sketch retains;
 *       |D − D_exact| ≤ ε_ref + ε_cur, each ε the KLL normalised rank error (99 % confidence), 0 while a sketch
 *       holds all its values. The p-value is the exact test's, from D and the two counts.</li>
 *   <li>Wasserstein: ∫ |Q_ref(u) − Q_cur(u)| du between the sketches' quantile step functions, integrated
 *       exactly over the union of their rank breakpoints, over max(σ_ref, 0.001) with σ from the exact moments;
 *       |W − W_exact| ≤ (ε_ref · range_ref + ε_cur · range_cur) / max(σ_ref, 0.001).</li>
 *   <li>PSI, Jensen–Shannon, Hellinger: the exact tests' bins (Sturges edges from the exact min, max and
 *       counts; or one bin per value); proportions from exact counts when both profiles keep them, otherwise
 *       from the KLL PMF at the bin edges (numeric) or the frequent-items estimates with the rest in one
 *       "other" bin (categorical).</li>
 *   <li>Chi-square and Z: from exact counts only; not applicable once a profile has dropped them.</li>
 * </ul>
 */
public final class SketchDrift {

    /** The tests available from profiles, by the exact tests' names. */
    public enum Test {
        KS("ks", true, 0.05), CHISQUARE("chisquare", true, 0.05), Z("z", true, 0.05), PSI("psi", false, 0.1),
        WASSERSTEIN("wasserstein_normed", false, 0.1), JENSEN_SHANNON("jensenshannon", false, 0.1),
        HELLINGER("hellinger", false, 0.1);

        private final String id;
        private final boolean pValue;
        private final double threshold;

        Test(String id, boolean pValue, double threshold) {
            this.id = id;
            this.pValue = pValue;
            this.threshold = threshold;
        }

        public String id() {
            return id;
        }

        public boolean usesPValue() {
            return pValue;
        }

        public double defaultThreshold() {
            return threshold;
        }

        public DriftResult run(ColumnProfile reference, ColumnProfile current, double threshold) {
            return switch (this) {
                case KS -> ks(reference, current, threshold);
                case CHISQUARE -> chiSquare(reference, current, threshold);
                case Z -> z(reference, current, threshold);
                case PSI -> psi(reference, current, threshold);
                case WASSERSTEIN -> wasserstein(reference, current, threshold);
                case JENSEN_SHANNON -> jensenShannon(reference, current, threshold);
                case HELLINGER -> hellinger(reference, current, threshold);
            };
        }
    }

    /** A chosen test and its threshold. */
    public record Choice(Test test, double threshold) {
    }

    private final Map<String, Test> tests;
    private final Map<String, Double> thresholds;
    private final double datasetShare;
    private final Correction correction;

    public SketchDrift() {
        this(Map.of(), Map.of(), DriftDefaults.DATASET_SHARE, Correction.NONE);
    }

    private SketchDrift(Map<String, Test> tests, Map<String, Double> thresholds, double share, Correction correction) {
        this.tests = Map.copyOf(tests);
        this.thresholds = Map.copyOf(thresholds);
        this.datasetShare = share;
        this.correction = correction;
    }

    /** The same with a multiple-testing correction over the p-value tests, as {@link DriftDefaults#withCorrection}. */
    public SketchDrift withCorrection(Correction value) {
        if (value == null) {
            throw new GyreException.InvalidArgument("no correction given; pass Correction.NONE for none");
        }
        return new SketchDrift(tests, thresholds, datasetShare, value);
    }

    public SketchDrift withTest(String column, Test test) {
        if (column == null || column.isBlank() || test == null) {
            throw new GyreException.InvalidArgument("override needs a column name and a test, for example withTest(\"age\", Test.PSI)");
        }
        Map<String, Test> t = new HashMap<>(tests);
        t.put(column, test);
        return new SketchDrift(t, thresholds, datasetShare, correction);
    }

    public SketchDrift withThreshold(String column, double threshold) {
        if (column == null || column.isBlank() || !(threshold > 0) || !Double.isFinite(threshold)) {
            throw new GyreException.InvalidArgument("threshold " + threshold + " for column '" + column
                    + "' must be a positive finite number for a named column, for example 0.05 or 0.1");
        }
        Map<String, Double> t = new HashMap<>(thresholds);
        t.put(column, threshold);
        return new SketchDrift(tests, t, datasetShare, correction);
    }

    public SketchDrift withDatasetShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new GyreException.InvalidArgument("dataset drift share " + share + " must be in (0, 1]; the default is 0.5");
        }
        return new SketchDrift(tests, thresholds, share, correction);
    }

    /** {@link DriftDefaults}' rule on profiles: reference rows and distinct values over both (exact or HLL). */
    public static Choice defaultFor(ColumnProfile reference, ColumnProfile current) {
        requireComparable("drift test selection", reference, current);
        long distinct = distinct(reference, current);
        boolean numeric = reference.kind() == ColumnProfile.Kind.NUMERIC;
        if (reference.count() <= DriftDefaults.SMALL_REFERENCE_ROWS) {
            if (numeric && distinct > DriftDefaults.DISTINCT_NUMERIC_LIMIT) {
                return new Choice(Test.KS, DriftDefaults.P_VALUE_THRESHOLD);
            }
            if (distinct <= 2) {
                return new Choice(Test.Z, DriftDefaults.P_VALUE_THRESHOLD);
            }
            return new Choice(Test.CHISQUARE, DriftDefaults.P_VALUE_THRESHOLD);
        }
        if (numeric && distinct > DriftDefaults.DISTINCT_NUMERIC_LIMIT) {
            return new Choice(Test.WASSERSTEIN, DriftDefaults.DISTANCE_THRESHOLD);
        }
        return new Choice(Test.JENSEN_SHANNON, DriftDefaults.DISTANCE_THRESHOLD);
    }

    /**
     * Every column of the reference profile against the same column of the current one, with the configured
     * multiple-testing correction over the p-value tests (none by default).
     */
    public DatasetDrift evaluate(DatasetProfile reference, DatasetProfile current) {
        if (reference == null || current == null || reference.columns().isEmpty()) {
            throw new GyreException.InvalidArgument("no columns to compare; pass reference and current profiles with columns");
        }
        if (!reference.columns().keySet().equals(current.columns().keySet())) {
            throw new GyreException.InvalidArgument("the profiles hold different columns (" + reference.columns().keySet()
                    + " and " + current.columns().keySet() + "); profile the same columns on both sides");
        }
        Map<String, DriftResult> results = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnProfile> e : reference.columns().entrySet()) {
            ColumnProfile cur = current.columns().get(e.getKey());
            Test test = tests.get(e.getKey());
            Double threshold = thresholds.get(e.getKey());
            if (test == null) {
                Choice c = defaultFor(e.getValue(), cur);
                test = c.test();
                threshold = threshold == null ? c.threshold() : threshold;
            } else if (threshold == null) {
                threshold = test.defaultThreshold();
            }
            results.put(e.getKey(), test.run(e.getValue(), cur, threshold));
        }
        correction.applyTo(results);
        int tested = 0;
        int drifted = 0;
        for (DriftResult r : results.values()) {
            if (r.applicable()) {
                tested++;
                drifted += r.drifted() ? 1 : 0;
            }
        }
        if (tested == 0) {
            return new DatasetDrift(results, 0, 0, null, datasetShare, false, correction,
                    "no column could be tested; see each column's note");
        }
        double share = drifted / (double) tested;
        return new DatasetDrift(results, tested, drifted, share, datasetShare, share >= datasetShare, correction, null);
    }

    // ---------------------------------------------------------------- KS

    /** KS from the two quantile sketches; see the class comment for the bound. */
    public static DriftResult ks(ColumnProfile reference, ColumnProfile current, double threshold) {
        requireNumeric("ks", reference, current);
        double d = ksStatistic(reference.quantiles(), current.quantiles());
        double p = new KolmogorovSmirnov().pValue(d, reference.count(), current.count());
        double bound = ksBound(reference, current);
        return new DriftResult("ks", d, p, threshold, p <= threshold, true,
                "from sketches; |D - D_exact| <= " + bound + " (KLL rank error, 99% confidence)");
    }

    /** ε_ref + ε_cur: the KLL normalised rank error of each sketch, 0 for a sketch that still holds every value. */
    public static double ksBound(ColumnProfile reference, ColumnProfile current) {
        return rankError(reference.quantiles()) + rankError(current.quantiles());
    }

    static double rankError(KllDoublesSketch s) {
        return s.isEstimationMode() ? s.getNormalizedRankError(false) : 0.0;
    }

    static double ksStatistic(KllDoublesSketch a, KllDoublesSketch b) {
        DoublesSortedView va = a.getSortedView();
        DoublesSortedView vb = b.getSortedView();
        double[] qa = va.getQuantiles();
        double[] qb = vb.getQuantiles();
        long[] wa = va.getCumulativeWeights();
        long[] wb = vb.getCumulativeWeights();
        double na = a.getN();
        double nb = b.getN();
        int i = 0;
        int j = 0;
        double best = 0;
        while (i < qa.length || j < qb.length) {
            double x = j >= qb.length || (i < qa.length && qa[i] <= qb[j]) ? qa[i] : qb[j];
            while (i < qa.length && qa[i] == x) {
                i++;
            }
            while (j < qb.length && qb[j] == x) {
                j++;
            }
            double fa = i == 0 ? 0 : wa[i - 1] / na;
            double fb = j == 0 ? 0 : wb[j - 1] / nb;
            best = Math.max(best, Math.abs(fa - fb));
        }
        return best;
    }

    // ---------------------------------------------------------------- Wasserstein

    /** Normalised Wasserstein from the quantile sketches; see the class comment for the bound. */
    public static DriftResult wasserstein(ColumnProfile reference, ColumnProfile current, double threshold) {
        requireNumeric("wasserstein_normed", reference, current);
        double norm = Math.max(Math.sqrt(reference.variance()), 0.001);
        double w = wassersteinDistance(reference.quantiles(), current.quantiles()) / norm;
        return new DriftResult("wasserstein_normed", w, null, threshold, w >= threshold, true,
                "from sketches; |W - W_exact| <= " + wassersteinBound(reference, current) + " (KLL rank error, 99% confidence)");
    }

    /** (ε_ref · range_ref + ε_cur · range_cur) / max(σ_ref, 0.001). */
    public static double wassersteinBound(ColumnProfile reference, ColumnProfile current) {
        double norm = Math.max(Math.sqrt(reference.variance()), 0.001);
        return (rankError(reference.quantiles()) * (reference.max() - reference.min())
                + rankError(current.quantiles()) * (current.max() - current.min())) / norm;
    }

    /** ∫₀¹ |Q_a(u) − Q_b(u)| du for the sketches' weighted items, exact over the merged rank breakpoints. */
    static double wassersteinDistance(KllDoublesSketch a, KllDoublesSketch b) {
        DoublesSortedView va = a.getSortedView();
        DoublesSortedView vb = b.getSortedView();
        double[] qa = va.getQuantiles();
        double[] qb = vb.getQuantiles();
        long[] wa = va.getCumulativeWeights();
        long[] wb = vb.getCumulativeWeights();
        double na = a.getN();
        double nb = b.getN();
        int i = 0;
        int j = 0;
        double previous = 0;
        double sum = 0;
        while (i < qa.length && j < qb.length) {
            double ua = wa[i] / na;
            double ub = wb[j] / nb;
            double u = Math.min(ua, ub);
            sum += (u - previous) * Math.abs(qa[i] - qb[j]);
            previous = u;
            if (ua <= u) {
                i++;
            }
            if (ub <= u) {
                j++;
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- binned distances

    public static DriftResult psi(ColumnProfile reference, ColumnProfile current, double threshold) {
        return binnedDistance("psi", reference, current, threshold);
    }

    public static DriftResult jensenShannon(ColumnProfile reference, ColumnProfile current, double threshold) {
        return binnedDistance("jensenshannon", reference, current, threshold);
    }

    public static DriftResult hellinger(ColumnProfile reference, ColumnProfile current, double threshold) {
        return binnedDistance("hellinger", reference, current, threshold);
    }

    /** Reference and current proportions over the same bins, and how they were obtained. */
    record Binned(double[] reference, double[] current, String note) {
    }

    private static DriftResult binnedDistance(String name, ColumnProfile reference, ColumnProfile current, double threshold) {
        requireComparable(name, reference, current);
        Binned b = binned(reference, current);
        if (b == null) {
            return DriftResult.notApplicable(name, threshold, "the reference has at most " + Binning.DISTINCT_LIMIT
                    + " distinct values but the current profile no longer keeps exact counts, so one bin per value cannot be"
                    + " built; use Wasserstein or KS");
        }
        double d = switch (name) {
            case "psi" -> Psi.of(b.reference(), b.current());
            case "jensenshannon" -> JensenShannon.of(b.reference(), b.current());
            default -> Hellinger.of(b.reference(), b.current());
        };
        return new DriftResult(name, d, null, threshold, d >= threshold, true, b.note());
    }

    static Binned binned(ColumnProfile reference, ColumnProfile current) {
        boolean exact = reference.hasExactCounts() && current.hasExactCounts();
        if (reference.kind() == ColumnProfile.Kind.NUMERIC) {
            boolean perValue = reference.hasExactCounts() && reference.numericCounts().size() <= Binning.DISTINCT_LIMIT;
            if (perValue) {
                if (!current.hasExactCounts()) {
                    return null;
                }
                Counts c = counts(reference.numericCounts(), current.numericCounts());
                return new Binned(shares(c.reference()), shares(c.current()), "from exact counts, one bin per value");
            }
            double min = Math.min(reference.min(), current.min());
            double max = Math.max(reference.max(), current.max());
            double[] edges = Binning.sturgesEdges(min, max, reference.count() + current.count());
            if (exact) {
                return new Binned(histogram(reference.numericCounts(), edges), histogram(current.numericCounts(), edges),
                        "from exact counts, " + (edges.length - 1) + " Sturges bins");
            }
            return new Binned(pmf(reference.quantiles(), edges), pmf(current.quantiles(), edges),
                    "from KLL sketches, " + (edges.length - 1) + " Sturges bins; each bin's share within "
                            + (pmfError(reference.quantiles()) + pmfError(current.quantiles())) + " (99% confidence)");
        }
        if (exact) {
            Counts c = counts(reference.labelCounts(), current.labelCounts());
            return new Binned(shares(c.reference()), shares(c.current()), "from exact counts, one bin per category");
        }
        return frequentBins(reference, current);
    }

    static double pmfError(KllDoublesSketch s) {
        return s.isEstimationMode() ? s.getNormalizedRankError(true) : 0.0;
    }

    /** Bin shares from the KLL PMF: bins [e_i, e_i+1), the last closed, as the exact histogram. */
    static double[] pmf(KllDoublesSketch s, double[] edges) {
        int bins = edges.length - 1;
        if (bins == 1) {
            return new double[] {1.0};
        }
        double[] split = new double[bins - 1];
        System.arraycopy(edges, 1, split, 0, bins - 1);
        // EXCLUSIVE: the masses of (−∞, e1), [e1, e2), …, [e_{B−1}, +∞); every value lies in [e0, e_B]
        double[] p = s.getPMF(split, QuantileSearchCriteria.EXCLUSIVE);
        double[] out = new double[bins];
        for (int i = 0; i < bins; i++) {
            out[i] = Math.max(0.0, p[i]);
        }
        return out;
    }

    static double[] histogram(Map<Double, Long> counts, double[] edges) {
        int bins = edges.length - 1;
        double[] out = new double[bins];
        long n = 0;
        for (Map.Entry<Double, Long> e : counts.entrySet()) {
            double v = e.getKey();
            int pos = java.util.Arrays.binarySearch(edges, v);
            int bin = pos >= 0 ? Math.min(pos, bins - 1) : -pos - 2;
            if (bin >= 0 && bin < bins) {
                out[bin] += e.getValue();
            }
            n += e.getValue();
        }
        for (int i = 0; i < bins; i++) {
            out[i] /= n;
        }
        return out;
    }

    private static Binned frequentBins(ColumnProfile reference, ColumnProfile current) {
        ItemsSketch<String> a = reference.frequentItems();
        ItemsSketch<String> b = current.frequentItems();
        TreeSet<String> labels = new TreeSet<>();
        // categories surely frequent on either side (lower bound above the sketch's error); the rest shares one bin on
        // both sides, so both distributions are coarsened the same way
        for (ItemsSketch.Row<String> row : a.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
            labels.add(row.getItem());
        }
        for (ItemsSketch.Row<String> row : b.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
            labels.add(row.getItem());
        }
        List<String> order = new ArrayList<>(labels);
        double[] r = new double[order.size() + 1];
        double[] c = new double[order.size() + 1];
        double rs = 0;
        double cs = 0;
        for (int i = 0; i < order.size(); i++) {
            r[i] = a.getEstimate(order.get(i)) / (double) reference.count();
            c[i] = b.getEstimate(order.get(i)) / (double) current.count();
            rs += r[i];
            cs += c[i];
        }
        r[order.size()] = Math.max(0.0, 1 - rs);
        c[order.size()] = Math.max(0.0, 1 - cs);
        return new Binned(r, c, "from frequent-items sketches, " + order.size() + " frequent categories and one bin for the rest;"
                + " each share within " + (a.getMaximumError() / (double) reference.count()
                + b.getMaximumError() / (double) current.count()));
    }

    // ---------------------------------------------------------------- counts tests

    public static DriftResult chiSquare(ColumnProfile reference, ColumnProfile current, double threshold) {
        requireComparable("chisquare", reference, current);
        Counts c = exactCounts(reference, current);
        if (c == null) {
            return DriftResult.notApplicable("chisquare", threshold, "a profile has more than "
                    + ColumnProfile.EXACT_COUNT_LIMIT + " distinct values and no longer keeps exact counts; use Jensen–Shannon");
        }
        return ChiSquare.fromCounts(c.labels(), c.reference(), c.current(), threshold);
    }

    public static DriftResult z(ColumnProfile reference, ColumnProfile current, double threshold) {
        requireComparable("z", reference, current);
        Counts c = exactCounts(reference, current);
        if (c == null) {
            throw new GyreException.InvalidArgument("z: a profile has more than " + ColumnProfile.EXACT_COUNT_LIMIT
                    + " distinct values but the Z test needs a binary column; use Jensen–Shannon");
        }
        return ProportionZ.fromCounts(c.labels(), c.reference(), c.current(), threshold);
    }

    record Counts(List<String> labels, long[] reference, long[] current) {
    }

    private static Counts exactCounts(ColumnProfile reference, ColumnProfile current) {
        if (!reference.hasExactCounts() || !current.hasExactCounts()) {
            return null;
        }
        return reference.kind() == ColumnProfile.Kind.NUMERIC
                ? counts(reference.numericCounts(), current.numericCounts())
                : counts(reference.labelCounts(), current.labelCounts());
    }

    private static <K extends Comparable<K>> Counts counts(Map<K, Long> a, Map<K, Long> b) {
        TreeMap<K, long[]> all = new TreeMap<>();
        a.forEach((k, v) -> all.computeIfAbsent(k, x -> new long[2])[0] = v);
        b.forEach((k, v) -> all.computeIfAbsent(k, x -> new long[2])[1] = v);
        List<String> labels = new ArrayList<>();
        long[] r = new long[all.size()];
        long[] c = new long[all.size()];
        int i = 0;
        for (Map.Entry<K, long[]> e : all.entrySet()) {
            labels.add(String.valueOf(e.getKey()));
            r[i] = e.getValue()[0];
            c[i] = e.getValue()[1];
            i++;
        }
        return new Counts(labels, r, c);
    }

    private static double[] shares(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] / (double) n;
        }
        return out;
    }

    // ---------------------------------------------------------------- checks

    static long distinct(ColumnProfile reference, ColumnProfile current) {
        Counts c = exactCounts(reference, current);
        if (c != null) {
            return c.labels().size();
        }
        Union u = new Union(ColumnProfile.HLL_LG_K);
        u.update(reference.hll());
        u.update(current.hll());
        return Math.round(u.getResult().getEstimate());
    }

    private static void requireComparable(String test, ColumnProfile reference, ColumnProfile current) {
        if (reference == null || current == null) {
            throw new GyreException.InvalidArgument(test + ": reference and current profiles are required; pass both");
        }
        if (reference.kind() != current.kind()) {
            throw new GyreException.InvalidArgument(test + ": the reference profile is " + reference.kind().name().toLowerCase()
                    + " but the current one is " + current.kind().name().toLowerCase() + "; compare columns of the same kind");
        }
        if (reference.count() == 0 || current.count() == 0) {
            throw new GyreException.InvalidArgument(test + ": a profile holds no values (reference " + reference.count()
                    + ", current " + current.count() + "); a drift test needs at least one value on each side");
        }
    }

    private static void requireNumeric(String test, ColumnProfile reference, ColumnProfile current) {
        requireComparable(test, reference, current);
        if (reference.kind() != ColumnProfile.Kind.NUMERIC) {
            throw new GyreException.InvalidArgument(test + " needs numeric profiles but the column is categorical;"
                    + " use chi-square or Jensen–Shannon for categories");
        }
    }
}
