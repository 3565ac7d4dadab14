package dev.gyre.validation;

import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.MetricValue;
import java.util.List;
import java.util.Map;

/**
 * Bias across the charter's sensitive attributes on the test split: one entry per attribute and, with several
 * attributes, one for their intersection; then the verdict of the charter's fairness policy.
 *
 * <p>Classification figures are about the positive class (binary tasks); a multiclass task is compared by
 * per-group accuracy only. Regression is compared by per-group MAE and RMSE, and the policy (defined on binary
 * predictions) is not applicable.
 *
 * @param minGroupSize groups with fewer rows are flagged {@code below_minimum_size}
 * @param entries      one per attribute, then the intersection; an attribute missing from the test table gives
 *                     an entry that is not applicable with the reason
 * @param policy       the policy verdict
 */
public record FairnessReport(int minGroupSize, List<AttributeFairness> entries, PolicyVerdict policy) {

    public FairnessReport {
        entries = List.copyOf(entries);
    }

    /**
     * Fairness across the groups of one attribute or of an intersection.
     *
     * @param attributes    the attribute names (several for an intersection)
     * @param notApplicable why there are no figures (e.g. the column is missing), {@code null} when there are
     * @param groups        one row per group, sorted by group values
     * @param measures      the measures across groups (e.g. {@code demographic_parity_ratio}); the policy
     *                      metric carries a bootstrap interval
     * @param smallGroups   the groups with fewer rows than the minimum, as text ({@code Sex=female})
     */
    public record AttributeFairness(List<String> attributes, String notApplicable, List<GroupRow> groups,
                                    List<Measure> measures, List<String> smallGroups) {
        public AttributeFairness {
            attributes = List.copyOf(attributes);
            groups = List.copyOf(groups);
            measures = List.copyOf(measures);
            smallGroups = List.copyOf(smallGroups);
        }

        /** The measure of this name, if computed. */
        public java.util.Optional<Measure> measure(String name) {
            return measures.stream().filter(m -> m.name().equals(name)).findFirst();
        }
    }

    /**
     * One group's row.
     *
     * @param group            the group as text, e.g. {@code Sex=female}
     * @param values           the attribute values of the group, by attribute
     * @param size             test rows in the group
     * @param belowMinimumSize whether {@code size} is below the minimum group size
     * @param metrics          by name: {@code selection_rate}, {@code accuracy}, {@code true_positive_rate},
     *                         {@code false_positive_rate}, {@code precision} (binary); {@code accuracy}
     *                         (multiclass); {@code mae}, {@code rmse} (regression)
     */
    public record GroupRow(String group, Map<String, String> values, int size, boolean belowMinimumSize,
                           Map<String, MetricValue> metrics) {
        public GroupRow {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /**
     * A fairness measure across groups.
     *
     * @param name     e.g. {@code demographic_parity_ratio}, {@code disparate_impact_ratio}, {@code mae_difference}
     * @param value    the measure, or not applicable with the reason
     * @param interval bootstrap interval, {@code null} when none was computed
     */
    public record Measure(String name, MetricValue value, BootstrapInterval interval) {
    }

    /**
     * The charter's fairness policy applied to the worst entry.
     *
     * @param metric    the policy metric, {@code null} without a policy
     * @param direction the comparison, e.g. {@code >=}
     * @param threshold the threshold
     * @param mode      {@code report_only} or {@code blocking}
     * @param status    passed, failed or not applicable
     * @param value     the worst value over the entries (lowest ratio, highest difference)
     * @param worstOn   the attributes of the entry the value comes from
     * @param message   the verdict in a sentence
     */
    public record PolicyVerdict(String metric, String direction, Double threshold, String mode, GateStatus status,
                                MetricValue value, List<String> worstOn, String message) {
        public PolicyVerdict {
            worstOn = worstOn == null ? List.of() : List.copyOf(worstOn);
        }
    }
}
