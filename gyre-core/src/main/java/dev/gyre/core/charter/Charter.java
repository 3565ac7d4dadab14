package dev.gyre.core.charter;

import dev.gyre.core.GyreException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a project is for and how its models are judged: the outcome of stage 1.
 *
 * <p>Validation messages of the charter itself start with the name of the field in the charter document
 * ({@code success_metric: …}, {@code sensitive_attributes: …}) so a user can find what to fix.
 *
 * @param problemStatement   what the model is for, in words; 1-10 000 characters
 * @param taskType           the kind of prediction
 * @param targetColumn       the column the model predicts
 * @param successMetric      the criterion a model must meet; a metric of the task type, never report-only
 * @param secondaryMetrics   further criteria of the task type, possibly report-only; metric names distinct
 *                           from each other and from the success metric; never {@code null}
 * @param maxOverfittingGap  the largest allowed difference between training and validation score of the
 *                           success metric, &ge; 0, or {@code null} for no limit
 * @param sensitiveAttributes columns the model must be fair across; distinct, never the target; never
 *                           {@code null}
 * @param fairness           the fairness policy, or {@code null} for none; requires sensitive attributes
 * @param monitoring         monitoring defaults; {@code null} means {@link MonitoringDefaults#DEFAULTS}
 * @param promotion          promotion policy; {@code null} means {@link PromotionPolicy#DEFAULTS}
 */
public record Charter(String problemStatement, TaskType taskType, String targetColumn, SuccessCriterion successMetric,
                      List<SuccessCriterion> secondaryMetrics, Double maxOverfittingGap,
                      List<String> sensitiveAttributes, FairnessPolicy fairness, MonitoringDefaults monitoring,
                      PromotionPolicy promotion) {

    /** Longest problem statement accepted. */
    public static final int MAX_PROBLEM_LENGTH = 10_000;

    public Charter {
        if (problemStatement == null || problemStatement.isBlank()) {
            throw invalid("problem: describe the problem the model solves in a sentence or two");
        }
        problemStatement = problemStatement.strip();
        if (problemStatement.length() > MAX_PROBLEM_LENGTH) {
            throw invalid("problem: must be at most " + MAX_PROBLEM_LENGTH + " characters, got "
                    + problemStatement.length());
        }
        if (taskType == null) {
            throw invalid("task_type: missing; use one of: binary_classification, multiclass_classification, regression");
        }
        prefixed("target", () -> Checks.column("target column", targetColumn));
        if (successMetric == null) {
            throw invalid("success_metric: missing; write it as \"<metric> <op> <threshold>\", for example "
                    + (taskType.classification() ? "\"roc_auc >= 0.85\"" : "\"rmse <= 60\""));
        }
        prefixed("success_metric", () -> taskType.requireMetric(successMetric.metric()));
        if (successMetric.reportOnly()) {
            throw invalid("success_metric: cannot be report-only; it decides whether a model is good enough");
        }
        secondaryMetrics = List.copyOf(secondaryMetrics == null ? List.of() : secondaryMetrics);
        Set<String> metricNames = new HashSet<>();
        metricNames.add(successMetric.metric());
        for (int i = 0; i < secondaryMetrics.size(); i++) {
            SuccessCriterion criterion = secondaryMetrics.get(i);
            String path = "secondary_metrics[" + i + "]";
            if (criterion == null) {
                throw invalid(path + ": must not be empty");
            }
            prefixed(path, () -> taskType.requireMetric(criterion.metric()));
            if (!metricNames.add(criterion.metric())) {
                throw invalid(path + ": " + criterion.metric() + " is already a criterion of this charter;"
                        + " give each metric once");
            }
        }
        if (maxOverfittingGap != null && (!Double.isFinite(maxOverfittingGap) || maxOverfittingGap < 0)) {
            throw invalid("max_overfitting_gap: must be a number >= 0 (for example 0.05), got " + maxOverfittingGap);
        }
        LinkedHashSet<String> sensitive = new LinkedHashSet<>();
        List<String> given = sensitiveAttributes == null ? List.of() : sensitiveAttributes;
        for (int i = 0; i < given.size(); i++) {
            String path = "sensitive_attributes[" + i + "]";
            String column = given.get(i);
            prefixed(path, () -> Checks.column("sensitive attribute", column));
            if (column.equals(targetColumn)) {
                throw invalid(path + ": " + column + " is the target column and cannot also be a sensitive attribute");
            }
            if (!sensitive.add(column)) {
                throw invalid(path + ": " + column + " is listed twice");
            }
        }
        sensitiveAttributes = List.copyOf(sensitive);
        if (fairness != null) {
            if (sensitive.isEmpty()) {
                throw invalid("fairness: needs sensitive_attributes to measure fairness across; list them"
                        + " (for example [Sex]) or remove the fairness policy");
            }
            for (String attribute : fairness.privilegedGroups().keySet()) {
                if (!sensitive.contains(attribute)) {
                    throw invalid("fairness.privileged_groups." + attribute + ": " + attribute
                            + " is not a sensitive attribute; use one of: " + String.join(", ", sensitive));
                }
            }
        }
        if (monitoring == null) {
            monitoring = MonitoringDefaults.DEFAULTS;
        }
        if (promotion == null) {
            promotion = PromotionPolicy.DEFAULTS;
        }
    }

    /** Every criterion that blocks a model when missed: the success metric first, then blocking secondary ones. */
    public List<SuccessCriterion> blockingCriteria() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(successMetric),
                secondaryMetrics.stream().filter(c -> !c.reportOnly())).toList();
    }

    private static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    private static void prefixed(String path, Runnable check) {
        try {
            check.run();
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument(path + ": " + e.getMessage(), e);
        }
    }
}
