package dev.gyre.core.charter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fair a model must be across the groups of the sensitive attributes, e.g.
 * {@code demographic_parity_ratio >= 0.8}, reported or blocking.
 *
 * <p>Known metrics: {@value #METRIC_LIST}. Ratios (worst group over best group, 1 is perfectly fair) ask
 * for {@code >=}/{@code >}; differences (best minus worst, 0 is perfectly fair) ask for {@code <=}/{@code <};
 * both lie in [0, 1].
 *
 * @param metric           one of the known fairness metrics
 * @param direction        how the measured value is compared with the threshold
 * @param threshold        within [0, 1]
 * @param mode             whether missing the threshold blocks promotion
 * @param privilegedGroups optional: per sensitive attribute, the values of its privileged group (the
 *                         reference group of ratios); never {@code null}, keys sorted
 */
public record FairnessPolicy(String metric, Direction direction, double threshold, FairnessMode mode,
                             Map<String, List<String>> privilegedGroups) {

    /** The fairness metrics a charter may use, comma separated. */
    public static final String METRIC_LIST = "demographic_parity_ratio, demographic_parity_difference,"
            + " equalized_odds_ratio, equalized_odds_difference, equal_opportunity_ratio, equal_opportunity_difference";

    /** The fairness metrics a charter may use. */
    public static final List<String> METRICS = List.of(METRIC_LIST.split(",\\s*"));

    public FairnessPolicy {
        Checks.metricName("fairness metric", metric);
        if (!METRICS.contains(metric)) {
            throw Checks.invalid("unknown fairness metric '" + metric + "'; use one of: " + METRIC_LIST);
        }
        if (direction == null) {
            throw Checks.invalid("comparison operator is missing for " + metric + "; use one of: >=, >, <=, <");
        }
        Checks.finite("threshold of " + metric, threshold);
        boolean ratio = metric.endsWith("_ratio");
        if (ratio != direction.higherIsBetter()) {
            throw Checks.invalid(metric + " is better when " + (ratio ? "higher" : "lower") + ": use "
                    + (ratio ? ">= or >" : "<= or <") + " (for example " + metric + (ratio ? " >= " : " <= ")
                    + Checks.number(threshold) + ")");
        }
        if (threshold < 0 || threshold > 1) {
            throw Checks.invalid("threshold of " + metric + " must be within [0, 1], got " + Checks.number(threshold));
        }
        if (mode == null) {
            mode = FairnessMode.REPORT_ONLY;
        }
        TreeMap<String, List<String>> groups = new TreeMap<>();
        if (privilegedGroups != null) {
            for (Map.Entry<String, List<String>> entry : privilegedGroups.entrySet()) {
                String attribute = Checks.column("privileged group attribute", entry.getKey());
                List<String> values = entry.getValue() == null ? List.of() : entry.getValue();
                if (values.isEmpty()) {
                    throw Checks.invalid("privileged group of " + attribute + " must list at least one value");
                }
                LinkedHashSet<String> distinct = new LinkedHashSet<>();
                for (String value : values) {
                    if (value == null) {
                        throw Checks.invalid("privileged group of " + attribute + " contains an empty value");
                    }
                    if (!distinct.add(value)) {
                        throw Checks.invalid("privileged group of " + attribute + " lists '" + value + "' twice");
                    }
                }
                groups.put(attribute, List.copyOf(new ArrayList<>(distinct)));
            }
        }
        privilegedGroups = Collections.unmodifiableMap(groups);
    }

    /** Whether a measured value meets the threshold; NaN never does. */
    public boolean isMetBy(double value) {
        return direction.test(value, threshold);
    }

    /** Whether missing the threshold blocks promotion. */
    public boolean blocking() {
        return mode == FairnessMode.BLOCKING;
    }
}
