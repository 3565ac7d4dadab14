package dev.gyre.validation.fairness;

import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RowMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric per group, like Fairlearn's {@code MetricFrame}: the value on every group (groups sorted by key),
 * on all rows ({@code overall}), and the spread across groups: {@code min}, {@code max}, {@code difference}
 * (max - min) and {@code ratio} (min / max). Groups smaller than the minimum size stay in the table, flagged, and
 * count in the spread. Groups whose value is not applicable (e.g. TPR of a group without positives) are kept
 * with their reason and left out of the spread; the spread is not applicable when fewer than two groups have a
 * value, and the ratio also when the maximum is 0. Nothing is {@code null} and no value is NaN.
 *
 * @param groups     one row per group present in the rows evaluated
 * @param overall    the metric on all rows evaluated
 * @param min        the smallest group value
 * @param max        the largest group value
 * @param difference max - min
 * @param ratio      min / max
 */
public record GroupMetrics(List<Group> groups, MetricValue overall, MetricValue min, MetricValue max,
                           MetricValue difference, MetricValue ratio) {

    /**
     * One group's row of the table.
     *
     * @param key              the group
     * @param size             rows in the group
     * @param value            the metric on the group's rows
     * @param belowMinimumSize whether {@code size} is below the minimum group size asked for
     */
    public record Group(GroupKey key, int size, MetricValue value, boolean belowMinimumSize) {
    }

    public GroupMetrics {
        groups = List.copyOf(groups);
    }

    /** The metric per group on all rows. */
    public static GroupMetrics of(RowMetric metric, SensitiveGroups groups, int minGroupSize) {
        return of(metric, groups, RowMetric.allRows(groups.rowCount()), minGroupSize);
    }

    /**
     * The metric per group on the given rows (indices may repeat, as in a bootstrap resample).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument for a null metric or groups, no rows, or a negative
     *                                                     minimum group size
     */
    public static GroupMetrics of(RowMetric metric, SensitiveGroups groups, int[] rows, int minGroupSize) {
        if (metric == null || groups == null) {
            throw Checks.invalid("a group metric needs both a metric and the sensitive groups");
        }
        Checks.nonEmpty(Checks.length(rows, "rows"), "rows");
        if (minGroupSize < 0) {
            throw Checks.invalid("minimum group size is " + minGroupSize + "; use 0 or more");
        }
        Map<GroupKey, List<Integer>> byGroup = new TreeMap<>();
        for (int row : rows) {
            byGroup.computeIfAbsent(groups.keyOf(row), k -> new ArrayList<>()).add(row);
        }
        List<Group> table = new ArrayList<>();
        List<GroupKey> defined = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<GroupKey, List<Integer>> entry : byGroup.entrySet()) {
            int[] groupRows = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            MetricValue value = metric.compute(groupRows);
            table.add(new Group(entry.getKey(), groupRows.length, value, groupRows.length < minGroupSize));
            if (value.isApplicable()) {
                defined.add(entry.getKey());
                min = Math.min(min, value.get());
                max = Math.max(max, value.get());
            }
        }
        MetricValue overall = metric.compute(rows.clone());
        if (defined.size() < 2) {
            MetricValue none = MetricValue.notApplicable("comparing groups needs at least two groups with a value,"
                    + " but " + (defined.isEmpty() ? "none has one" : "only " + defined.get(0) + " has one")
                    + " among " + table.size() + " groups");
            return new GroupMetrics(table, overall, none, none, none, none);
        }
        MetricValue ratio = max == 0
                ? MetricValue.notApplicable("the ratio min/max is undefined because the largest group value is 0")
                : MetricValue.of(min / max);
        return new GroupMetrics(table, overall, MetricValue.of(min), MetricValue.of(max), MetricValue.of(max - min),
                ratio);
    }

    /** The row of one group, if present. */
    public java.util.Optional<Group> group(GroupKey key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst();
    }
}
