package dev.gyre.monitoring.performance;

import dev.gyre.core.GyreException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model quality over one window of predictions whose ground truth has arrived: the task, the number of outcomes and
 * the metrics by name, so a caller can pick the charter's success metric ({@link #metric}). Names: {@code accuracy},
 * {@code f1}, {@code roc_auc}, {@code log_loss} for classification; {@code rmse}, {@code mae}, {@code r2} for
 * regression. A metric that cannot be computed on the window (ROC AUC when the window holds one class, R² of one
 * outcome) is left out
 * and the note says why.
 *
 * @param task    {@code "classification"} or {@code "regression"}
 * @param n       outcomes the metrics were computed on
 * @param metrics metric values by name, in the order listed above
 * @param note    why a metric is absent; null when none is
 */
public record QualitySummary(String task, long n, Map<String, Double> metrics, String note) {

    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";

    public QualitySummary {
        if (!CLASSIFICATION.equals(task) && !REGRESSION.equals(task)) {
            throw new GyreException.InvalidArgument("task '" + task + "' is not known; use \"classification\" or \"regression\"");
        }
        if (n <= 0) {
            throw new GyreException.InvalidArgument("a quality summary needs at least one outcome, not " + n);
        }
        if (metrics == null) {
            throw new GyreException.InvalidArgument("no metrics given; pass a map of metric name to value");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * A binary classifier: accuracy and F1 of the positive label; with the positive label's probabilities also ROC AUC
     * (left out, with a note, when the window holds one class only) and log loss.
     *
     * @param positiveProbability the probability of the positive label per row; may be null
     */
    public static QualitySummary binary(String[] truth, String[] predicted, double[] positiveProbability, String positive) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", QualityMetrics.accuracy(truth, predicted));
        m.put("f1", QualityMetrics.f1(truth, predicted, positive));
        List<String> notes = new ArrayList<>();
        if (positiveProbability != null) {
            boolean anyPositive = false;
            boolean anyNegative = false;
            for (String t : truth) {
                anyPositive |= t.equals(positive);
                anyNegative |= !t.equals(positive);
            }
            if (anyPositive && anyNegative) {
                m.put("roc_auc", QualityMetrics.rocAuc(truth, positiveProbability, positive));
            } else {
                notes.add("roc_auc left out: the window holds only " + (anyPositive ? "positive" : "negative")
                        + " outcomes and AUC needs both classes");
            }
            m.put("log_loss", QualityMetrics.logLoss(truth, positiveProbability, positive));
        } else {
            notes.add("roc_auc and log_loss left out: no probabilities given");
        }
        return new QualitySummary(CLASSIFICATION, truth.length, m, notes.isEmpty() ? null : String.join("; ", notes));
    }

    /**
     * A multiclass classifier: accuracy and macro F1; with class probabilities ({@code probabilities[i][k]} for
     * {@code classes[k]}) also log loss.
     *
     * @param probabilities per row the probability of each class; may be null (then {@code classes} may be null too)
     */
    public static QualitySummary multiclass(String[] truth, String[] predicted, double[][] probabilities, String[] classes) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", QualityMetrics.accuracy(truth, predicted));
        m.put("f1", QualityMetrics.macroF1(truth, predicted));
        String note = null;
        if (probabilities != null) {
            m.put("log_loss", QualityMetrics.logLoss(truth, probabilities, classes));
        } else {
            note = "log_loss left out: no probabilities given";
        }
        return new QualitySummary(CLASSIFICATION, truth.length, m, note);
    }

    /** A regressor: RMSE, MAE and R² (R² left out, with a note, for a single outcome). */
    public static QualitySummary regression(double[] truth, double[] predicted) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", QualityMetrics.rmse(truth, predicted));
        m.put("mae", QualityMetrics.mae(truth, predicted));
        String note = null;
        if (truth.length >= 2) {
            m.put("r2", QualityMetrics.r2(truth, predicted));
        } else {
            note = "r2 left out: it needs at least two outcomes";
        }
        return new QualitySummary(REGRESSION, truth.length, m, note);
    }

    /**
     * The metric of the given name.
     *
     * @throws GyreException.InvalidArgument when the summary does not hold it (the message lists those it holds)
     */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new GyreException.InvalidArgument("this " + task + " summary has no metric '" + name + "'; it holds "
                    + metrics.keySet() + (note == null ? "" : " (" + note + ")"));
        }
        return v;
    }
}
