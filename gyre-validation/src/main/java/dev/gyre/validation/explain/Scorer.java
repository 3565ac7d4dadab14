package dev.gyre.validation.explain;

import dev.gyre.training.Metrics;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A metric of a model's predictions on fixed rows, with its direction: it closes over the targets and
 * receives {@link dev.gyre.training.TrainedModel#predictBatch(double[][])}'s result, one prediction per row.
 *
 * @param name           shown in reports, e.g. {@code roc_auc}
 * @param metric         the metric of one set of predictions
 * @param higherIsBetter whether a larger value is better (accuracy, AUC, R²) or worse (RMSE, log loss)
 */
public record Scorer(String name, ToDoubleFunction<double[][]> metric, boolean higherIsBetter) {

    public Scorer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
    }

    /** The metric of the predictions. */
    public double score(double[][] predictions) {
        return metric.applyAsDouble(predictions);
    }

    /** How much worse {@code score} is than {@code baseline}: positive when the metric got worse. */
    public double drop(double baseline, double score) {
        return higherIsBetter ? baseline - score : score - baseline;
    }

    /** Accuracy of the most probable class, ties to the first class. */
    public static Scorer accuracy(String[] labels, List<String> classes) {
        return new Scorer("accuracy", p -> {
            String[] predicted = new String[p.length];
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int k = 1; k < p[i].length; k++) {
                    best = p[i][k] > p[i][best] ? k : best;
                }
                predicted[i] = classes.get(best);
            }
            return Metrics.accuracy(labels, predicted);
        }, true);
    }

    /** ROC AUC (binary, or macro one-vs-rest), as {@link Metrics#rocAuc(String[], double[][], List)}. */
    public static Scorer rocAuc(String[] labels, List<String> classes) {
        return new Scorer("roc_auc", p -> Metrics.rocAuc(labels, p, classes), true);
    }

    /** Log loss, lower is better. */
    public static Scorer logLoss(String[] labels, List<String> classes) {
        return new Scorer("log_loss", p -> Metrics.logLoss(labels, p, classes), false);
    }

    /** Root mean squared error of a regressor, lower is better. */
    public static Scorer rmse(double[] targets) {
        return new Scorer("rmse", p -> Metrics.rmse(targets, values(p)), false);
    }

    /** Coefficient of determination of a regressor. */
    public static Scorer r2(double[] targets) {
        return new Scorer("r2", p -> Metrics.r2(targets, values(p)), true);
    }

    private static double[] values(double[][] p) {
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = p[i][0];
        }
        return v;
    }
}
