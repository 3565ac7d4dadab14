package dev.gyre.validation.fairness;

import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.metrics.Bootstrap;
import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RowMetric;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fairness figures on {@link FairnessData}: the symmetric measures of {@link FairnessMeasure} with bootstrap
 * intervals, and AIF360-style figures against a named privileged group. Invalid input throws
 * {@link dev.gyre.core.GyreException.InvalidArgument}; undefined figures are not-applicable {@link MetricValue}s.
 */
public final class Fairness {

    private Fairness() {
    }

    /** Selection rate (share predicted positive) per group. */
    public static GroupMetrics selectionRates(FairnessData data) {
        return data.byGroup(BinaryRates::selectionRate);
    }

    /**
     * A bootstrap interval for a measure: rows are resampled over the whole data (groups are not stratified,
     * so a small group may be missing from some resamples; resamples where the measure is undefined are counted
     * as skipped).
     */
    public static BootstrapInterval interval(FairnessMeasure measure, FairnessData data, long seed, int resamples,
                                             double level) {
        if (measure == null || data == null) {
            throw Checks.invalid("a fairness interval needs both a measure and the data");
        }
        return Bootstrap.interval(rows -> measure.compute(data, rows), data.rowCount(), seed, resamples, level);
    }

    /** {@link #interval(FairnessMeasure, FairnessData, long, int, double)} with the bootstrap defaults. */
    public static BootstrapInterval interval(FairnessMeasure measure, FairnessData data, long seed) {
        return interval(measure, data, seed, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_LEVEL);
    }

    /**
     * Disparate-impact ratio P(ŷ = 1 | unprivileged) / P(ŷ = 1 | privileged), where the unprivileged rows are
     * all rows outside the privileged group. Not applicable when no privileged row is predicted positive.
     *
     * @param privileged per sensitive attribute, the values of the privileged group (a row is privileged when
     *                   each listed attribute has one of its listed values), as in a charter's fairness policy
     * @throws dev.gyre.core.GyreException.InvalidArgument when the privileged group names an unknown attribute or
     *                                                     a value that no row has, or covers all rows or none
     */
    public static MetricValue disparateImpactRatio(FairnessData data, Map<String, List<String>> privileged) {
        double[] rates = selectionRates(data, privileged);
        if (rates[0] == 0) {
            return MetricValue.notApplicable("disparate impact is undefined because no row of the privileged group "
                    + privileged + " is predicted positive");
        }
        return MetricValue.of(rates[1] / rates[0]);
    }

    /** Statistical-parity difference P(ŷ = 1 | unprivileged) - P(ŷ = 1 | privileged); same arguments. */
    public static MetricValue statisticalParityDifference(FairnessData data, Map<String, List<String>> privileged) {
        double[] rates = selectionRates(data, privileged);
        return MetricValue.of(rates[1] - rates[0]);
    }

    /** {privileged selection rate, unprivileged selection rate}. */
    private static double[] selectionRates(FairnessData data, Map<String, List<String>> privileged) {
        if (data == null) {
            throw Checks.invalid("fairness data is missing");
        }
        if (privileged == null || privileged.isEmpty()) {
            throw Checks.invalid("the privileged group is missing; name it by attribute and values, e.g."
                    + " sex = [male]");
        }
        SensitiveGroups groups = data.groups();
        for (Map.Entry<String, List<String>> entry : privileged.entrySet()) {
            if (!groups.attributes().contains(entry.getKey())) {
                throw Checks.invalid("the privileged group names attribute '" + entry.getKey()
                        + "', which is not a sensitive attribute; known attributes: " + groups.attributes());
            }
            Set<String> present = groups.valuesOf(entry.getKey());
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw Checks.invalid("the privileged group lists no value for '" + entry.getKey() + "'; values"
                        + " present: " + present);
            }
            for (String value : entry.getValue()) {
                if (!present.contains(value)) {
                    throw Checks.invalid("unknown privileged group: no row has " + entry.getKey() + " = '" + value
                            + "'; values present: " + present);
                }
            }
        }
        int[] yPred = data.yPred();
        long[] rows = new long[2];
        long[] positive = new long[2];
        for (int r = 0; r < yPred.length; r++) {
            int side = isPrivileged(groups, r, privileged) ? 0 : 1;
            rows[side]++;
            positive[side] += yPred[r];
        }
        if (rows[0] == 0 || rows[1] == 0) {
            throw Checks.invalid("the privileged group " + privileged + " covers " + (rows[0] == 0 ? "no" : "every")
                    + " row; it must split the rows into a privileged and an unprivileged part");
        }
        return new double[] {(double) positive[0] / rows[0], (double) positive[1] / rows[1]};
    }

    private static boolean isPrivileged(SensitiveGroups groups, int row, Map<String, List<String>> privileged) {
        for (Map.Entry<String, List<String>> entry : privileged.entrySet()) {
            if (!entry.getValue().contains(groups.valueOf(entry.getKey(), row))) {
                return false;
            }
        }
        return true;
    }

    /** Any per-group metric, e.g. {@code Fairness.byGroup(data, BinaryRates.truePositiveRate(data))}. */
    public static GroupMetrics byGroup(FairnessData data, RowMetric metric) {
        return GroupMetrics.of(metric, data.groups(), data.minGroupSize());
    }
}
