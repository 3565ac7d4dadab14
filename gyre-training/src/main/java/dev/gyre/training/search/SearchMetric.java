package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.Metrics;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The metrics a search can optimise, computed with {@link Metrics} on held-out rows, and whether greater or
 * smaller is better. {@code f1} is the F1 of the second class of a binary problem; use {@code macro_f1} for
 * more classes. {@code roc_auc} of more than two classes is the macro one-versus-rest AUC.
 */
public enum SearchMetric {
    ROC_AUC(LearningTask.CLASSIFICATION, true),
    ACCURACY(LearningTask.CLASSIFICATION, true),
    LOG_LOSS(LearningTask.CLASSIFICATION, false),
    F1(LearningTask.CLASSIFICATION, true),
    MACRO_F1(LearningTask.CLASSIFICATION, true),
    RMSE(LearningTask.REGRESSION, false),
    MAE(LearningTask.REGRESSION, false),
    R2(LearningTask.REGRESSION, true);

    private final LearningTask task;
    private final boolean greaterIsBetter;

    SearchMetric(LearningTask task, boolean greaterIsBetter) {
        this.task = task;
        this.greaterIsBetter = greaterIsBetter;
    }

    /** The metric's name, e.g. {@code roc_auc}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a greater value is better ({@code roc_auc}, {@code accuracy}, {@code f1}, {@code r2}, …). */
    public boolean greaterIsBetter() {
        return greaterIsBetter;
    }

    /** The task the metric scores. */
    public LearningTask task() {
        return task;
    }

    /** The value oriented so that smaller is better. */
    public double loss(double value) {
        return greaterIsBetter ? -value : value;
    }

    /**
     * The metric of this name for a training set.
     *
     * @throws GyreException.InvalidArgument when the name is unknown or the metric does not fit the set's task
     */
    public static SearchMetric forTask(String name, TrainingSet data) {
        String known = Arrays.stream(values()).map(SearchMetric::wireName).collect(Collectors.joining(", "));
        SearchMetric metric = Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new GyreException.InvalidArgument("unknown metric '" + name + "'; known: " + known));
        LearningTask t = data.learningTask();
        String fit = Arrays.stream(values()).filter(m -> m.task == t).map(SearchMetric::wireName)
                .collect(Collectors.joining(", "));
        if (metric.task != t) {
            throw new GyreException.InvalidArgument("metric " + name + " scores " + metric.task
                    + ", but the training set is " + t + "; use one of: " + (fit.isEmpty() ? "none" : fit));
        }
        if (metric == F1 && data.classes().size() != 2) {
            throw new GyreException.InvalidArgument("metric f1 needs two classes, but the training set has "
                    + data.classes().size() + "; use macro_f1");
        }
        return metric;
    }

    /** The metric of a model's predictions on labelled rows. */
    public double score(TrainedModel model, TrainingSet test) {
        double[][] x = test.x();
        if (task == LearningTask.REGRESSION) {
            double[] predicted = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                predicted[i] = model.predictValue(x[i]);
            }
            double[] actual = test.targets();
            return switch (this) {
                case RMSE -> Metrics.rmse(actual, predicted);
                case MAE -> Metrics.mae(actual, predicted);
                default -> Metrics.r2(actual, predicted);
            };
        }
        String[] actual = test.labels();
        double[][] p = model.predictBatch(x);
        if (this == ROC_AUC) {
            return Metrics.rocAuc(actual, p, model.classes());
        }
        if (this == LOG_LOSS) {
            return Metrics.logLoss(actual, p, model.classes());
        }
        String[] predicted = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                best = p[i][k] > p[i][best] ? k : best;
            }
            predicted[i] = model.classes().get(best);
        }
        return switch (this) {
            case ACCURACY -> Metrics.accuracy(actual, predicted);
            case F1 -> Metrics.f1(actual, predicted, model.classes().get(1));
            default -> Metrics.macroF1(actual, predicted);
        };
    }
}
