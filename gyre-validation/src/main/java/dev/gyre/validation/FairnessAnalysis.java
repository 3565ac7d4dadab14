package dev.gyre.validation;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.core.table.Table;
import dev.gyre.validation.FairnessReport.AttributeFairness;
import dev.gyre.validation.FairnessReport.GroupRow;
import dev.gyre.validation.FairnessReport.Measure;
import dev.gyre.validation.FairnessReport.PolicyVerdict;
import dev.gyre.validation.fairness.BinaryRates;
import dev.gyre.validation.fairness.Fairness;
import dev.gyre.validation.fairness.FairnessData;
import dev.gyre.validation.fairness.FairnessMeasure;
import dev.gyre.validation.fairness.GroupKey;
import dev.gyre.validation.fairness.GroupMetrics;
import dev.gyre.validation.fairness.SensitiveGroups;
import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.ClassificationMetrics;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RegressionMetrics;
import dev.gyre.validation.metrics.RowMetric;
import dev.gyre.validation.metrics.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the fairness section of a report from test predictions and the raw test table. */
final class FairnessAnalysis {

    static final String MISSING = "<missing>";

    private FairnessAnalysis() {
    }

    static FairnessReport analyse(Charter charter, Predictions test, Table testTable, ValidationOptions options) {
        List<AttributeFairness> entries = new ArrayList<>();
        Map<String, String[]> present = new LinkedHashMap<>();
        for (String attribute : charter.sensitiveAttributes()) {
            if (!testTable.hasColumn(attribute)) {
                entries.add(notApplicable(List.of(attribute), "the test table has no column '" + attribute
                        + "'; fairness across it cannot be measured (columns: " + testTable.schema().names() + ")"));
                continue;
            }
            String[] values = values(testTable, attribute);
            present.put(attribute, values);
            entries.add(entry(charter, test, SensitiveGroups.of(attribute, values), options));
        }
        if (present.size() >= 2) {
            entries.add(entry(charter, test, SensitiveGroups.of(present), options));
        }
        return new FairnessReport(options.minGroupSize(), entries, verdict(charter, test, entries));
    }

    private static AttributeFairness notApplicable(List<String> attributes, String reason) {
        return new AttributeFairness(attributes, reason, List.of(), List.of(), List.of());
    }

    private static String[] values(Table table, String attribute) {
        var column = table.column(attribute);
        String[] out = new String[column.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = column.isMissing(i) ? MISSING : Predictions.label(column, i);
        }
        return out;
    }

    private static AttributeFairness entry(Charter charter, Predictions test, SensitiveGroups groups,
                                           ValidationOptions options) {
        Map<String, GroupMetrics> tables = new LinkedHashMap<>();
        List<Measure> measures = new ArrayList<>();
        int minSize = options.minGroupSize();
        if (test.binary) {
            int[] yPred = test.yPred;
            FairnessData data = new FairnessData(test.yTrue, yPred, groups, minSize);
            tables.put("selection_rate", Fairness.byGroup(data, BinaryRates.selectionRate(data)));
            tables.put("accuracy", Fairness.byGroup(data, BinaryRates.accuracy(data)));
            tables.put("true_positive_rate", Fairness.byGroup(data, BinaryRates.truePositiveRate(data)));
            tables.put("false_positive_rate", Fairness.byGroup(data, BinaryRates.falsePositiveRate(data)));
            tables.put("precision", Fairness.byGroup(data, BinaryRates.precision(data)));
            FairnessPolicy policy = charter.fairness();
            for (FairnessMeasure measure : FairnessMeasure.values()) {
                BootstrapInterval interval = policy != null && policy.metric().equals(measure.metricName())
                        ? Fairness.interval(measure, data, options.seed(), options.bootstrapResamples(),
                                options.bootstrapLevel())
                        : null;
                measures.add(new Measure(measure.metricName(), measure.compute(data), interval));
            }
            Map<String, List<String>> privileged = privileged(policy, groups.attributes());
            if (!privileged.isEmpty()) {
                measures.add(new Measure("disparate_impact_ratio",
                        guarded(() -> Fairness.disparateImpactRatio(data, privileged)), null));
                measures.add(new Measure("statistical_parity_difference",
                        guarded(() -> Fairness.statisticalParityDifference(data, privileged)), null));
            }
        } else if (test.classification) {
            tables.put("accuracy", GroupMetrics.of(rows -> ClassificationMetrics.accuracy(
                    Rows.take(test.yTrue, rows), Rows.take(test.yPred, rows)), groups, minSize));
            spread(measures, "accuracy", tables.get("accuracy"));
        } else {
            RowMetric mae = rows -> RegressionMetrics.mae(Rows.take(test.valueTrue, rows),
                    Rows.take(test.valuePred, rows));
            RowMetric rmse = rows -> RegressionMetrics.rmse(Rows.take(test.valueTrue, rows),
                    Rows.take(test.valuePred, rows));
            tables.put("mae", GroupMetrics.of(mae, groups, minSize));
            tables.put("rmse", GroupMetrics.of(rmse, groups, minSize));
            spread(measures, "mae", tables.get("mae"));
        }
        List<GroupRow> rows = new ArrayList<>();
        List<String> small = new ArrayList<>();
        GroupMetrics first = tables.values().iterator().next();
        for (GroupMetrics.Group group : first.groups()) {
            GroupKey key = group.key();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < key.attributes().size(); i++) {
                values.put(key.attributes().get(i), key.values().get(i));
            }
            Map<String, MetricValue> metrics = new LinkedHashMap<>();
            tables.forEach((name, table) -> metrics.put(name, table.group(key).orElseThrow().value()));
            rows.add(new GroupRow(key.toString(), values, group.size(), group.belowMinimumSize(), metrics));
            if (group.belowMinimumSize()) {
                small.add(key.toString());
            }
        }
        return new AttributeFairness(groups.attributes(), null, rows, measures, small);
    }

    private static void spread(List<Measure> measures, String metric, GroupMetrics table) {
        measures.add(new Measure(metric + "_difference", table.difference(), null));
        measures.add(new Measure(metric + "_ratio", table.ratio(), null));
    }

    /** The privileged-group definition restricted to the attributes of this entry, when it covers them all. */
    private static Map<String, List<String>> privileged(FairnessPolicy policy, List<String> attributes) {
        if (policy == null || policy.privilegedGroups().isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String attribute : attributes) {
            List<String> values = policy.privilegedGroups().get(attribute);
            if (values != null) {
                out.put(attribute, values);
            }
        }
        return out;
    }

    private static MetricValue guarded(java.util.function.Supplier<MetricValue> figure) {
        try {
            return figure.get();
        } catch (GyreException.InvalidArgument e) {
            return MetricValue.notApplicable(e.getMessage());
        }
    }

    private static PolicyVerdict verdict(Charter charter, Predictions test, List<AttributeFairness> entries) {
        FairnessPolicy policy = charter.fairness();
        if (policy == null) {
            String reason = "the charter sets no fairness policy";
            return new PolicyVerdict(null, null, null, null, GateStatus.NOT_APPLICABLE,
                    MetricValue.notApplicable(reason), List.of(), reason);
        }
        String direction = policy.direction().symbol();
        String mode = policy.mode().wireName();
        if (!test.binary) {
            String reason = policy.metric() + " is defined on binary predictions; this is a "
                    + charter.taskType().wireName() + " task, so groups are compared by "
                    + (test.classification ? "accuracy" : "MAE") + " only";
            return new PolicyVerdict(policy.metric(), direction, policy.threshold(), mode, GateStatus.NOT_APPLICABLE,
                    MetricValue.notApplicable(reason), List.of(), reason);
        }
        boolean ratio = policy.metric().endsWith("_ratio");
        Double worst = null;
        List<String> worstOn = List.of();
        List<String> reasons = new ArrayList<>();
        for (AttributeFairness entry : entries) {
            if (entry.notApplicable() != null) {
                reasons.add(entry.notApplicable());
                continue;
            }
            MetricValue v = entry.measure(policy.metric()).orElseThrow().value();
            if (!v.isApplicable()) {
                reasons.add(entry.attributes() + ": " + v.reason());
                continue;
            }
            if (worst == null || (ratio ? v.get() < worst : v.get() > worst)) {
                worst = v.get();
                worstOn = entry.attributes();
            }
        }
        if (worst == null) {
            String reason = "no sensitive attribute gave a value of " + policy.metric() + ": " + String.join("; ", reasons);
            return new PolicyVerdict(policy.metric(), direction, policy.threshold(), mode, GateStatus.NOT_APPLICABLE,
                    MetricValue.notApplicable(reason), List.of(), reason);
        }
        boolean met = policy.isMetBy(worst);
        String message = policy.metric() + " across " + String.join(" x ", worstOn) + " is "
                + MetricThreshold.num(worst) + (met ? ", meeting " : ", missing ") + policy.metric() + " " + direction
                + " " + MetricThreshold.num(policy.threshold()) + " (" + mode + ")";
        return new PolicyVerdict(policy.metric(), direction, policy.threshold(), mode,
                met ? GateStatus.PASSED : GateStatus.FAILED, MetricValue.of(worst), worstOn, message);
    }
}
