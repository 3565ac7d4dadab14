package dev.gyre.validation;

import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.CalibrationCurve;
import dev.gyre.validation.metrics.MetricValue;
import java.util.List;

/**
 * Metrics of the model on the sealed test split. Headline metrics carry a seeded bootstrap interval.
 *
 * @param rows           test rows evaluated
 * @param metrics        the headline metrics: classification accuracy, balanced_accuracy, precision, recall,
 *                       f1 (binary: of the positive class; multiclass: macro), roc_auc, pr_auc, log_loss, brier;
 *                       regression rmse, mae, r2, mape
 * @param classification per-class detail, {@code null} for regression
 * @param regression     residual detail, {@code null} for classification
 */
public record HoldoutReport(int rows, List<NamedMetric> metrics, ClassificationDetail classification,
                            RegressionDetail regression) {

    public HoldoutReport {
        metrics = List.copyOf(metrics);
    }

    /** The metric of this name, if reported. */
    public java.util.Optional<NamedMetric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * One metric with its interval.
     *
     * @param name     metric name as in charters, e.g. {@code roc_auc}
     * @param value    the value on all test rows, or not applicable with the reason
     * @param interval bootstrap interval, {@code null} when none was computed
     */
    public record NamedMetric(String name, MetricValue value, BootstrapInterval interval) {
    }

    /**
     * Per-class figures of a classifier.
     *
     * @param classes         the model's classes in prediction order
     * @param positiveClass   the positive class of a binary task, else {@code null}
     * @param perClass        precision, recall, F1 and support per class present in the test split or predictions
     * @param macro           unweighted mean over the classes
     * @param weighted        support-weighted mean over the classes
     * @param confusionMatrix counts of (true class, predicted class)
     * @param calibration     reliability curve of the positive class (10 uniform bins), {@code null} unless binary
     */
    public record ClassificationDetail(List<String> classes, String positiveClass, List<ClassFigures> perClass,
                                       ClassFigures macro, ClassFigures weighted, ConfusionTable confusionMatrix,
                                       CalibrationCurve calibration) {
        public ClassificationDetail {
            classes = List.copyOf(classes);
            perClass = List.copyOf(perClass);
        }
    }

    /**
     * Precision, recall and F1 of one class or of an average ({@code label} {@code macro} or {@code weighted}).
     *
     * @param support rows of the class in the test split (total rows for averages)
     */
    public record ClassFigures(String label, double precision, double recall, double f1, long support) {
    }

    /**
     * A confusion matrix: row {@code i} is the true class {@code labels[i]}, column {@code j} the predicted
     * class {@code labels[j]}.
     */
    public record ConfusionTable(List<String> labels, List<List<Long>> counts) {
        public ConfusionTable {
            labels = List.copyOf(labels);
            counts = counts.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Residuals (true minus predicted) of a regressor.
     *
     * @param residualQuantiles residual quantiles at 5, 25, 50, 75 and 95 %
     */
    public record RegressionDetail(List<Quantile> residualQuantiles) {
        public RegressionDetail {
            residualQuantiles = List.copyOf(residualQuantiles);
        }
    }

    /** A quantile: {@code level} in [0, 1] and its value. */
    public record Quantile(double level, double value) {
    }
}
