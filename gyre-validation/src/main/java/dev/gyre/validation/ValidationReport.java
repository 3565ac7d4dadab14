package dev.gyre.validation;

import java.util.List;

/**
 * The outcome of validating one model: every figure the decision rests on and the decision itself. Immutable;
 * serialise it with {@link ReportJson} (snake_case field names, never NaN or infinity: a figure that cannot be
 * computed is a {@link dev.gyre.validation.metrics.MetricValue} with a reason).
 *
 * @param subject          what was validated and with which settings
 * @param holdout          metrics on the sealed test split with bootstrap intervals
 * @param overfitting      the success metric on training, cross-validation and test data, and the gap
 * @param fairness         group tables, fairness measures and the charter's policy verdict
 * @param slices           the success metric per slice of the test table, worst slices first
 * @param champion         the comparison with the production model, not applicable without one
 * @param gates            one result per gate, in a fixed order
 * @param passed           whether no blocking gate failed
 * @param blockingFailures names of the blocking gates that failed, in gate order
 * @param backTo           stages to go back to, without duplicates, in gate order; empty when nothing failed
 * @param importance       feature importances filled in by the explanation step; {@code null} until then
 */
public record ValidationReport(Subject subject, HoldoutReport holdout, OverfittingReport overfitting,
                               FairnessReport fairness, SliceReport slices, ChampionReport champion,
                               List<GateResult> gates, boolean passed, List<String> blockingFailures,
                               List<String> backTo, List<FeatureImportance> importance) {

    public ValidationReport {
        gates = List.copyOf(gates);
        blockingFailures = List.copyOf(blockingFailures);
        backTo = List.copyOf(backTo);
        importance = importance == null ? null : List.copyOf(importance);
    }

    /**
     * What was validated.
     *
     * @param taskType          the charter's task type wire name, e.g. {@code binary_classification}
     * @param targetColumn      the target column
     * @param algorithm         the model's algorithm, e.g. {@code random_forest}
     * @param classes           the model's classes in prediction order; empty for regression
     * @param positiveClass     the positive class of a binary task (the second of {@code classes}), else {@code null}
     * @param successMetric     the charter's success criterion as text, e.g. {@code roc_auc >= 0.85}
     * @param trainRows         rows of the training table
     * @param testRows          rows of the test table
     * @param seed              the bootstrap seed
     * @param bootstrapResamples resamples per interval
     * @param bootstrapLevel    confidence level of the intervals
     */
    public record Subject(String taskType, String targetColumn, String algorithm, List<String> classes,
                          String positiveClass, String successMetric, int trainRows, int testRows, long seed,
                          int bootstrapResamples, double bootstrapLevel) {
        public Subject {
            classes = List.copyOf(classes);
        }
    }

    /** The gate of this name, if present. */
    public java.util.Optional<GateResult> gate(String name) {
        return gates.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The same report with feature importances attached. */
    public ValidationReport withImportance(List<FeatureImportance> value) {
        return new ValidationReport(subject, holdout, overfitting, fairness, slices, champion, gates, passed,
                blockingFailures, backTo, value);
    }
}
