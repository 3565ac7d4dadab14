package dev.gyre.validation;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import dev.gyre.validation.metrics.ClassificationMetrics;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.ProbabilityMetrics;
import dev.gyre.validation.metrics.RankingMetrics;
import dev.gyre.validation.metrics.RegressionMetrics;
import dev.gyre.validation.metrics.RowMetric;
import dev.gyre.validation.metrics.Rows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's predictions on one table next to the true targets, and every charter metric on any subset of rows.
 * Classes are indices into the model's {@code classes()}; the positive class of a binary task is index 1.
 */
final class Predictions {

    final boolean classification;
    final boolean binary;
    final List<String> classes;
    final int[] yTrue;
    final double[][] probabilities;
    final int[] yPred;
    final double[] valueTrue;
    final double[] valuePred;

    private Predictions(boolean classification, List<String> classes, int[] yTrue, double[][] probabilities,
                        int[] yPred, double[] valueTrue, double[] valuePred) {
        this.classification = classification;
        this.binary = classification && classes.size() == 2;
        this.classes = classes;
        this.yTrue = yTrue;
        this.probabilities = probabilities;
        this.yPred = yPred;
        this.valueTrue = valueTrue;
        this.valuePred = valuePred;
    }

    int rows() {
        return classification ? yTrue.length : valueTrue.length;
    }

    /** Refuses a model whose task does not serve the charter's task type. */
    static void checkTask(TrainedModel model, TaskType taskType, String whose) {
        LearningTask task = model.task();
        if (task != LearningTask.of(taskType)) {
            throw new GyreException.InvalidArgument("the charter's task type is " + taskType.wireName() + " but the "
                    + whose + " is a " + task.wireName() + " model (" + model.algorithm()
                    + "); validate a model trained for the charter's task");
        }
        int k = model.classes().size();
        if (taskType == TaskType.BINARY_CLASSIFICATION && k != 2) {
            throw new GyreException.InvalidArgument("the charter's task type is binary_classification but the "
                    + whose + " predicts " + k + " classes " + model.classes() + "; use multiclass_classification");
        }
        if (taskType == TaskType.MULTICLASS_CLASSIFICATION && k < 3) {
            throw new GyreException.InvalidArgument("the charter's task type is multiclass_classification but the "
                    + whose + " predicts only " + k + " classes " + model.classes() + "; use binary_classification");
        }
    }

    /**
     * Predicts every row of a raw table and reads its targets.
     *
     * @throws GyreException.InvalidArgument when the target column is missing or has missing values, a label is
     *                                       not one of the model's classes, or the features do not fit the model
     */
    static Predictions of(TrainedModel model, FittedFeatures features, Table table, String target, String tableName) {
        if (!table.hasColumn(target)) {
            throw new GyreException.InvalidArgument("the " + tableName + " has no target column '" + target
                    + "'; its columns are " + table.schema().names() + ". Validate on the split that holds the labels.");
        }
        if (table.rowCount() == 0) {
            throw new GyreException.InvalidArgument("the " + tableName + " has no rows");
        }
        if (!features.featureNames().equals(model.featureNames())) {
            throw new GyreException.InvalidArgument("the fitted features produce " + features.featureCount()
                    + " columns " + features.featureNames() + " but the model expects " + model.featureNames()
                    + "; pass the fitted features the model was trained with");
        }
        Column column = table.column(target);
        if (column.missingCount() > 0) {
            throw new GyreException.InvalidArgument("the target column '" + target + "' of the " + tableName
                    + " is missing in " + column.missingCount() + " of " + column.size() + " rows; label them or"
                    + " drop them before validating");
        }
        double[][] out = model.predictBatch(features.toMatrix(table));
        int n = table.rowCount();
        if (model.task() == LearningTask.REGRESSION) {
            if (!(column instanceof NumericColumn numeric)) {
                throw new GyreException.InvalidArgument("a regression target must be numeric; '" + target + "' of the "
                        + tableName + " is " + column.type());
            }
            double[] pred = new double[n];
            for (int i = 0; i < n; i++) {
                pred[i] = out[i][0];
            }
            return new Predictions(false, List.of(), null, null, null, numeric.toArray(), pred);
        }
        List<String> classes = model.classes();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int[] y = new int[n];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            String label = label(column, i);
            Integer k = index.get(label);
            if (k == null) {
                throw new GyreException.InvalidArgument("row " + i + " of the " + tableName + " has target '" + label
                        + "', which is not one of the model's classes " + classes);
            }
            y[i] = k;
            double[] p = out[i];
            double sum = 0;
            int best = 0;
            for (int c = 0; c < p.length; c++) {
                p[c] = Math.min(1, Math.max(0, p[c]));
                sum += p[c];
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            for (int c = 0; c < p.length; c++) {
                p[c] /= sum;
            }
            pred[i] = best;
        }
        return new Predictions(true, classes, y, out, pred, null, null);
    }

    /** A class label as the training job writes it: whole numbers without a fraction, others as written. */
    static String label(Column column, int row) {
        Object v = column.get(row);
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** The metric as a function of row indices, for bootstraps and slices. */
    RowMetric metric(String name) {
        return rows -> compute(name, rows);
    }

    /** A charter metric on some rows (indices may repeat). */
    MetricValue compute(String name, int[] rows) {
        if (!classification) {
            double[] t = Rows.take(valueTrue, rows);
            double[] p = Rows.take(valuePred, rows);
            return switch (name) {
                case "rmse" -> RegressionMetrics.rmse(t, p);
                case "mae" -> RegressionMetrics.mae(t, p);
                case "r2" -> RegressionMetrics.r2(t, p);
                case "mape" -> RegressionMetrics.mape(t, p);
                default -> MetricValue.notApplicable(name + " is not a regression metric");
            };
        }
        int[] t = Rows.take(yTrue, rows);
        int[] p = Rows.take(yPred, rows);
        return switch (name) {
            case "accuracy" -> ClassificationMetrics.accuracy(t, p);
            case "balanced_accuracy" -> ClassificationMetrics.balancedAccuracy(t, p);
            case "precision" -> binary ? ClassificationMetrics.precision(t, p)
                    : MetricValue.of(ClassificationMetrics.report(t, p).macro().precision());
            case "recall" -> binary ? ClassificationMetrics.recall(t, p)
                    : MetricValue.of(ClassificationMetrics.report(t, p).macro().recall());
            case "f1" -> binary ? ClassificationMetrics.f1(t, p)
                    : MetricValue.of(ClassificationMetrics.report(t, p).macro().f1());
            case "roc_auc" -> binary ? RankingMetrics.rocAuc(t, positiveScores(rows))
                    : RankingMetrics.rocAucOvr(t, Rows.take(probabilities, rows));
            case "pr_auc" -> binary ? RankingMetrics.averagePrecision(t, positiveScores(rows))
                    : MetricValue.notApplicable("pr_auc (average precision) is reported for binary tasks only");
            case "log_loss" -> binary ? ProbabilityMetrics.logLoss(t, positiveScores(rows))
                    : ProbabilityMetrics.logLoss(t, Rows.take(probabilities, rows));
            case "brier" -> binary ? ProbabilityMetrics.brier(t, positiveScores(rows))
                    : MetricValue.notApplicable("the Brier score is reported for binary tasks only");
            default -> MetricValue.notApplicable(name + " is not a classification metric");
        };
    }

    /** P(positive class) of the given rows. */
    double[] positiveScores(int[] rows) {
        double[] s = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            s[i] = probabilities[rows[i]][1];
        }
        return s;
    }
}
