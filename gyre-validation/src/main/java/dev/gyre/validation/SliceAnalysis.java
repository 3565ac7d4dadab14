package dev.gyre.validation;

import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.validation.SliceReport.Slice;
import dev.gyre.validation.internal.Quantiles;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RowMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds the slice section of a report: the success metric per categorical value and per numeric quantile bin. */
final class SliceAnalysis {

    private SliceAnalysis() {
    }

    static SliceReport analyse(SuccessCriterion success, Predictions test, Table table, String target,
                               ValidationOptions options) {
        String fallback = test.classification ? "accuracy" : "mae";
        List<Slice> slices = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Column column : table.columns()) {
            if (column.name().equals(target)) {
                continue;
            }
            Map<String, List<Integer>> groups;
            if (column.type() == ColumnType.NUMERIC) {
                groups = numericBins((NumericColumn) column, options.numericBins());
            } else if (column.type() == ColumnType.CATEGORICAL || column.type() == ColumnType.BOOLEAN) {
                groups = new TreeMap<>();
                for (int i = 0; i < column.size(); i++) {
                    String key = column.isMissing(i) ? FairnessAnalysis.MISSING : Predictions.label(column, i);
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                }
                if (groups.size() > options.maxCategories()) {
                    skipped.add(column.name() + ": " + groups.size() + " distinct values, more than "
                            + options.maxCategories());
                    continue;
                }
            } else {
                skipped.add(column.name() + ": " + column.type().toString().toLowerCase(Locale.ROOT)
                        + " columns are not sliced");
                continue;
            }
            for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
                int[] rows = group.getValue().stream().mapToInt(Integer::intValue).toArray();
                MetricValue value = test.compute(success.metric(), rows);
                String metric = success.metric();
                if (!value.isApplicable()) {
                    metric = fallback;
                    value = test.compute(fallback, rows);
                }
                slices.add(new Slice(column.name(), group.getKey(), rows.length, metric, value));
            }
        }
        boolean higher = success.direction().higherIsBetter();
        Comparator<Slice> worstFirst = Comparator.comparingDouble(s -> higher ? s.value().get() : -s.value().get());
        List<Slice> worst = slices.stream()
                .filter(s -> s.rows() >= options.minSliceSize() && s.metric().equals(success.metric())
                        && s.value().isApplicable())
                .sorted(worstFirst.thenComparing(Slice::column).thenComparing(Slice::slice))
                .limit(options.worstSlices())
                .toList();
        List<Slice> tooSmall = slices.stream().filter(s -> s.rows() < options.minSliceSize()).toList();
        MetricValue overall = test.compute(success.metric(), RowMetric.allRows(test.rows()));
        return new SliceReport(success.metric(), overall, options.minSliceSize(), slices, worst, tooSmall, skipped);
    }

    /** Rows per quantile bin {@code [lo, hi)} (the last bin closed), missing values in their own slice. */
    private static Map<String, List<Integer>> numericBins(NumericColumn column, int bins) {
        double[] present = new double[column.size() - column.missingCount()];
        int j = 0;
        for (int i = 0; i < column.size(); i++) {
            if (!column.isMissing(i)) {
                present[j++] = column.getDouble(i);
            }
        }
        Arrays.sort(present);
        Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        double[] edges = new double[0];
        if (present.length > 0) {
            edges = Arrays.stream(java.util.stream.IntStream.rangeClosed(0, bins)
                    .mapToDouble(b -> Quantiles.ofSorted(present, (double) b / bins)).toArray()).distinct().toArray();
        }
        String[] labels = new String[Math.max(edges.length - 1, 1)];
        if (edges.length == 1) {
            labels[0] = "[" + num(edges[0]) + "]";
        }
        for (int b = 0; b + 1 < edges.length; b++) {
            boolean last = b + 2 == edges.length;
            labels[b] = "[" + num(edges[b]) + ", " + num(edges[b + 1]) + (last ? "]" : ")");
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (String label : labels) {
            List<Integer> list = new ArrayList<>();
            rows.add(list);
            if (edges.length > 0) {
                out.put(label, list);
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < column.size(); i++) {
            if (column.isMissing(i)) {
                missing.add(i);
                continue;
            }
            double v = column.getDouble(i);
            int b = 0;
            while (b + 2 < edges.length && v >= edges[b + 1]) {
                b++;
            }
            rows.get(b).add(i);
        }
        out.values().removeIf(List::isEmpty);
        if (!missing.isEmpty()) {
            out.put(FairnessAnalysis.MISSING, missing);
        }
        return out;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
