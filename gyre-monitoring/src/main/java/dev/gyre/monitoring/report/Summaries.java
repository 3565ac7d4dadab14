package dev.gyre.monitoring.report;

import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds {@link ColumnSummary} values from column profiles. */
final class Summaries {

    private Summaries() {
    }

    static ColumnSummary summarise(String column, ColumnProfile reference, ColumnProfile current, DriftResult drift) {
        if (column == null || column.isEmpty()) {
            throw new GyreException.InvalidArgument("a report column needs a name; pass the column's name from the profile");
        }
        List<String> notes = new ArrayList<>();
        if (reference == null && current == null) {
            notes.add("no data: the column is in neither profile");
            return new ColumnSummary(column, null, null, null, null, null, null, null, null, List.of(), drift,
                    String.join("; ", notes));
        }
        if (reference == null) {
            notes.add("column missing from the reference profile");
        }
        if (current == null) {
            notes.add("column missing from the current profile");
        }
        if (reference != null && current != null && reference.kind() != current.kind()) {
            notes.add("the reference profile is " + lower(reference.kind()) + " but the current one is " + lower(current.kind())
                    + "; profile the column with one kind on both sides");
            return new ColumnSummary(column, reference.kind(), reference.count(), current.count(), reference.missing(),
                    current.missing(), stats(reference), stats(current), null, List.of(), drift, String.join("; ", notes));
        }
        ColumnProfile.Kind kind = reference != null ? reference.kind() : current.kind();
        ColumnProfile ref = reference != null && reference.count() > 0 ? reference : null;
        ColumnProfile cur = current != null && current.count() > 0 ? current : null;
        if (reference != null && ref == null) {
            notes.add("no data in the reference window");
        }
        if (current != null && cur == null) {
            notes.add("no data in the current window");
        }
        if (drift == null) {
            notes.add("not tested for drift");
        }
        ColumnSummary.Histogram histogram = null;
        List<ColumnSummary.CategoryShare> categories = List.of();
        if (ref != null || cur != null) {
            if (kind == ColumnProfile.Kind.NUMERIC) {
                histogram = histogram(ref, cur);
            } else {
                categories = categories(ref, cur);
            }
        }
        return new ColumnSummary(column, kind,
                reference == null ? null : reference.count(), current == null ? null : current.count(),
                reference == null ? null : reference.missing(), current == null ? null : current.missing(),
                stats(reference), stats(current), histogram, categories, drift,
                notes.isEmpty() ? null : String.join("; ", notes));
    }

    private static String lower(ColumnProfile.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ColumnSummary.NumericStats stats(ColumnProfile p) {
        if (p == null || p.kind() != ColumnProfile.Kind.NUMERIC || p.count() == 0) {
            return null;
        }
        return new ColumnSummary.NumericStats(p.min(), p.max(), p.mean(), Math.sqrt(p.variance()));
    }

    // ------------------------------------------------------------ numeric

    /** Equal-width edges over the union of the sides' ranges; one bin [v, v] when every value is v. */
    static double[] edges(double lo, double hi, int bins) {
        if (!(hi > lo)) {
            return new double[] {lo, hi};
        }
        double[] e = new double[bins + 1];
        double width = hi - lo;
        for (int i = 0; i <= bins; i++) {
            e[i] = i == bins ? hi : lo + width * i / bins;
        }
        for (int i = 1; i <= bins; i++) {
            if (!(e[i] > e[i - 1]) || !Double.isFinite(e[i])) {
                return new double[] {lo, hi}; // a range too narrow (or too wide) to split into distinct finite edges
            }
        }
        return e;
    }

    private static ColumnSummary.Histogram histogram(ColumnProfile ref, ColumnProfile cur) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ColumnProfile p : new ColumnProfile[] {ref, cur}) {
            if (p != null) {
                lo = Math.min(lo, p.min());
                hi = Math.max(hi, p.max());
            }
        }
        double[] edges = edges(lo, hi, ColumnSummary.HISTOGRAM_BINS);
        boolean exact = (ref == null || ref.hasExactCounts()) && (cur == null || cur.hasExactCounts());
        double error = 0;
        for (ColumnProfile p : new ColumnProfile[] {ref, cur}) {
            if (p != null && !exact && p.quantiles().isEstimationMode()) {
                error = Math.max(error, p.quantiles().getNormalizedRankError(true));
            }
        }
        String method = exact ? "exact counts"
                : error == 0 ? "KLL sketch holding every value"
                : String.format(java.util.Locale.ROOT, "KLL sketch, each share within ±%.4f (99%% confidence)", 2 * error);
        return new ColumnSummary.Histogram(boxed(edges),
                ref == null ? null : boxed(exact ? exactShares(ref.numericCounts(), edges) : sketchShares(ref.quantiles(), edges)),
                cur == null ? null : boxed(exact ? exactShares(cur.numericCounts(), edges) : sketchShares(cur.quantiles(), edges)),
                method);
    }

    /** Shares from exact counts: bins [e_i, e_i+1), the last closed. */
    static double[] exactShares(Map<Double, Long> counts, double[] edges) {
        int bins = edges.length - 1;
        double[] out = new double[bins];
        long n = 0;
        for (Map.Entry<Double, Long> e : counts.entrySet()) {
            int pos = Arrays.binarySearch(edges, e.getKey());
            int bin = pos >= 0 ? Math.min(pos, bins - 1) : -pos - 2;
            out[Math.max(0, Math.min(bins - 1, bin))] += e.getValue();
            n += e.getValue();
        }
        for (int i = 0; i < bins; i++) {
            out[i] /= n;
        }
        return out;
    }

    /**
     * Shares from the KLL CDF at the inner edges: F(e_i+1) − F(e_i) with F the share of values below the edge, the
     * first bin from 0 and the last to 1, so the shares sum to 1.
     */
    static double[] sketchShares(KllDoublesSketch sketch, double[] edges) {
        int bins = edges.length - 1;
        if (bins == 1) {
            return new double[] {1.0};
        }
        double[] inner = Arrays.copyOfRange(edges, 1, bins);
        double[] cdf = sketch.getCDF(inner, QuantileSearchCriteria.EXCLUSIVE); // bins − 1 ranks, then 1.0
        double[] out = new double[bins];
        double previous = 0;
        for (int i = 0; i < bins; i++) {
            double f = i == bins - 1 ? 1.0 : Math.max(previous, Math.min(1.0, cdf[i]));
            out[i] = f - previous;
            previous = f;
        }
        return out;
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    // -------------------------------------------------------- categorical

    private static List<ColumnSummary.CategoryShare> categories(ColumnProfile ref, ColumnProfile cur) {
        Map<String, Double> r = shares(ref);
        Map<String, Double> c = shares(cur);
        TreeSet<String> labels = new TreeSet<>();
        labels.addAll(r.keySet());
        labels.addAll(c.keySet());
        List<String> order = new ArrayList<>(labels);
        // largest combined share first (a category new in the current window ranks by its current share); ties by label
        order.sort(Comparator.comparingDouble((String l) -> -(r.getOrDefault(l, 0.0) + c.getOrDefault(l, 0.0)))
                .thenComparing(Comparator.naturalOrder()));
        List<ColumnSummary.CategoryShare> out = new ArrayList<>();
        double rs = 0;
        double cs = 0;
        for (String label : order.subList(0, Math.min(order.size(), ColumnSummary.TOP_CATEGORIES))) {
            Double a = ref == null ? null : r.getOrDefault(label, 0.0);
            Double b = cur == null ? null : c.getOrDefault(label, 0.0);
            rs += a == null ? 0 : a;
            cs += b == null ? 0 : b;
            out.add(new ColumnSummary.CategoryShare(label, false, a, b));
        }
        boolean more = order.size() > ColumnSummary.TOP_CATEGORIES || !exact(ref) || !exact(cur);
        if (more) {
            out.add(new ColumnSummary.CategoryShare("other", true,
                    ref == null ? null : Math.max(0.0, 1.0 - rs), cur == null ? null : Math.max(0.0, 1.0 - cs)));
        }
        return out;
    }

    private static boolean exact(ColumnProfile p) {
        return p == null || p.hasExactCounts();
    }

    /** Share of each category: exact, or the frequent-items estimate of the categories the sketch may hold. */
    private static Map<String, Double> shares(ColumnProfile p) {
        Map<String, Double> out = new HashMap<>();
        if (p == null) {
            return out;
        }
        double n = p.count();
        if (p.hasExactCounts()) {
            p.labelCounts().forEach((label, count) -> out.put(label, count / n));
            return out;
        }
        ItemsSketch<String> sketch = p.frequentItems();
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            out.put(row.getItem(), row.getEstimate() / n);
        }
        return out;
    }
}
