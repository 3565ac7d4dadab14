package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Input checks, distinct counts, category counts and Evidently-style binning shared by the tests. */
final class Samples {

    /** Numeric columns with more distinct reference values than this are binned; others use one bin per value. */
    static final int BINNING_DISTINCT_LIMIT = 20;
    /** Replaces empty bins' proportions in PSI, as Evidently does. */
    static final double EMPTY_BIN = 0.0001;

    private Samples() {
    }

    static void requireNonEmpty(String test, Column reference, Column current) {
        if (reference == null || current == null) {
            throw new GyreException.InvalidArgument(test + ": reference and current columns are required; pass both samples");
        }
        if (reference.size() == 0) {
            throw new GyreException.InvalidArgument(test + ": the reference sample is empty; a drift test needs at least one value in each sample");
        }
        if (current.size() == 0) {
            throw new GyreException.InvalidArgument(test + ": the current sample is empty; a drift test needs at least one value in each sample");
        }
    }

    static double[] numeric(String test, Column column, String role) {
        if (column instanceof Column.Numeric n) {
            return n.raw();
        }
        throw new GyreException.InvalidArgument(test + " needs numeric values but the " + role
                + " column is categorical; use chi-square or Jensen–Shannon for categories");
    }

    static void requireSameKind(String test, Column reference, Column current) {
        if (reference.getClass() != current.getClass()) {
            throw new GyreException.InvalidArgument(test + ": the reference column is "
                    + kind(reference) + " but the current column is " + kind(current) + "; compare columns of the same kind");
        }
    }

    static String kind(Column c) {
        return c instanceof Column.Numeric ? "numeric" : "categorical";
    }

    /** Labels of a column as comparable keys: doubles for numeric columns, strings for categorical ones. */
    static List<Comparable<?>> keys(Column column) {
        List<Comparable<?>> out = new ArrayList<>(column.size());
        if (column instanceof Column.Numeric n) {
            for (double v : n.raw()) {
                out.add(v == 0.0 ? 0.0 : v); // −0.0 and 0.0 are one value
            }
        } else {
            out.addAll(((Column.Categorical) column).values());
        }
        return out;
    }

    /**
     * The number of distinct values of the columns together, counted only up to {@code cap + 1}: the callers
     * compare it with small limits (2, 5, 20), and stopping there keeps test selection linear and cheap on
     * millions of continuous values.
     */
    static int distinctUpTo(int cap, Column... columns) {
        java.util.HashSet<Object> seen = new java.util.HashSet<>();
        for (Column column : columns) {
            if (column instanceof Column.Numeric n) {
                for (double v : n.raw()) {
                    if (seen.add(v == 0.0 ? 0.0 : v) && seen.size() > cap) {
                        return seen.size();
                    }
                }
            } else {
                for (String v : ((Column.Categorical) column).values()) {
                    if (seen.add(v) && seen.size() > cap) {
                        return seen.size();
                    }
                }
            }
        }
        return seen.size();
    }

    /** Counts per label, over the union of both samples' labels in sorted order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Counts counts(Column reference, Column current) {
        TreeMap<Comparable, long[]> map = new TreeMap<>();
        for (Comparable k : keys(reference)) {
            map.computeIfAbsent(k, x -> new long[2])[0]++;
        }
        for (Comparable k : keys(current)) {
            map.computeIfAbsent(k, x -> new long[2])[1]++;
        }
        int size = map.size();
        List<String> labels = new ArrayList<>(size);
        long[] ref = new long[size];
        long[] cur = new long[size];
        int i = 0;
        for (Map.Entry<Comparable, long[]> e : map.entrySet()) {
            labels.add(String.valueOf(e.getKey()));
            ref[i] = e.getValue()[0];
            cur[i] = e.getValue()[1];
            i++;
        }
        return new Counts(labels, ref, cur);
    }

    record Counts(List<String> labels, long[] reference, long[] current) {
    }

    /** Proportions per bin (numeric, more than 20 distinct reference values) or per label; edges null for labels. */
    record Binned(double[] reference, double[] current, double[] edges) {
    }

    static Binned binned(String test, Column reference, Column current) {
        requireNonEmpty(test, reference, current);
        requireSameKind(test, reference, current);
        if (reference instanceof Column.Numeric r && distinctUpTo(BINNING_DISTINCT_LIMIT, reference)
                > BINNING_DISTINCT_LIMIT) {
            double[] a = r.raw();
            double[] b = ((Column.Numeric) current).raw();
            double[] edges = sturgesEdges(a, b);
            return new Binned(histogram(a, edges), histogram(b, edges), edges);
        }
        Counts c = counts(reference, current);
        double[] rp = new double[c.labels().size()];
        double[] cp = new double[rp.length];
        for (int i = 0; i < rp.length; i++) {
            rp[i] = c.reference()[i] / (double) reference.size();
            cp[i] = c.current()[i] / (double) current.size();
        }
        return new Binned(rp, cp, null);
    }

    /**
     * Equal-width bins over both samples together, as many as Sturges' rule gives: ⌈range / width⌉ with
     * width = range / (log2(n) + 1), computed with the same floating-point steps as numpy's "sturges" edges.
     */
    static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    static void requireCounts(String test, List<String> labels, long[] reference, long[] current) {
        if (labels == null || reference == null || current == null || labels.isEmpty()
                || reference.length != labels.size() || current.length != labels.size()) {
            throw new GyreException.InvalidArgument(test + ": labels and both count arrays must be given with one entry per label");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (reference[i] < 0 || current[i] < 0) {
                throw new GyreException.InvalidArgument(test + ": negative count for '" + labels.get(i) + "'; counts must be ≥ 0");
            }
        }
        if (sum(reference) == 0 || sum(current) == 0) {
            throw new GyreException.InvalidArgument(test + ": a sample has no values; a drift test needs at least one value in each sample");
        }
    }

    static double[] sturgesEdges(double[] a, double[] b) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (double v : b) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return sturgesEdges(min, max, a.length + (long) b.length);
    }

    /** Sturges edges from the combined minimum, maximum and number of values. */
    static double[] sturgesEdges(double min, double max, long n) {
        int bins;
        if (max == min) {
            min -= 0.5;
            max += 0.5;
            bins = 1;
        } else {
            double log2 = Long.bitCount(n) == 1 ? Long.numberOfTrailingZeros(n) : Math.log(n) / Math.log(2.0);
            double width = (max - min) / (log2 + 1.0);
            bins = (int) Math.ceil((max - min) / width);
        }
        double[] edges = new double[bins + 1];
        double step = (max - min) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + min;
        }
        edges[bins] = max;
        return edges;
    }

    /** Share of values per bin; bins are [e_i, e_{i+1}) except the last, which includes its right edge. */
    static double[] histogram(double[] values, double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        for (double v : values) {
            if (v < edges[0] || v > edges[bins]) {
                continue;
            }
            int pos = Arrays.binarySearch(edges, v);
            int bin;
            if (pos >= 0) {
                // on an edge: the bin starting there (first of equal edges is irrelevant: edges increase strictly)
                bin = Math.min(pos, bins - 1);
            } else {
                bin = -pos - 2;
            }
            counts[bin]++;
        }
        double[] out = new double[bins];
        for (int i = 0; i < bins; i++) {
            out[i] = counts[i] / (double) values.length;
        }
        return out;
    }
}
