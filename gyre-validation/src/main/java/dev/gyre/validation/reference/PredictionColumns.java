package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.training.LearningTask;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The model outputs as table columns, named the same at validation time and in monitoring so that their
 * profiles can be compared:
 * <ul>
 *   <li>classification — {@value #PREDICTION}, the predicted class (categorical; the most probable, ties to
 *       the first class), then {@value #PROBABILITY_PREFIX}{@code <class>} per class in class order, its
 *       probability (numeric);</li>
 *   <li>regression — {@value #PREDICTION}, the predicted value (numeric);</li>
 *   <li>clustering — {@value #PREDICTION}, the nearest cluster id (categorical), then
 *       {@value #DISTANCE_PREFIX}{@code <id>} per cluster, the distance to its centre (numeric).</li>
 * </ul>
 * A non-finite output is a missing value.
 */
public final class PredictionColumns {
    /** The predicted class, cluster or value. */
    public static final String PREDICTION = "prediction";
    /** The prefix of the per-class probability columns. */
    public static final String PROBABILITY_PREFIX = "prediction_proba_";
    /** The prefix of the per-cluster distance columns. */
    public static final String DISTANCE_PREFIX = "prediction_distance_";

    private PredictionColumns() {
    }

    /** The output column names of a model with this task and these classes (or cluster ids). */
    public static List<String> names(LearningTask task, List<String> classes) {
        List<String> names = new ArrayList<>();
        names.add(PREDICTION);
        if (task != LearningTask.REGRESSION) {
            String prefix = task == LearningTask.CLUSTERING ? DISTANCE_PREFIX : PROBABILITY_PREFIX;
            classes.forEach(c -> names.add(prefix + c));
        }
        return names;
    }

    /**
     * The output columns of predictions, one row per prediction.
     *
     * @param predictions as {@code TrainedModel.predict} returns them, one array per row
     * @throws GyreException.InvalidArgument when a prediction has the wrong width for the task and classes
     */
    public static List<Column> of(LearningTask task, List<String> classes, double[][] predictions) {
        int rows = predictions.length;
        int width = task == LearningTask.REGRESSION ? 1 : classes.size();
        for (int i = 0; i < rows; i++) {
            if (predictions[i].length != width) {
                throw new GyreException.InvalidArgument("Prediction " + i + " has " + predictions[i].length
                        + " values; a " + task + " model with " + classes.size() + " classes gives " + width + ".");
            }
        }
        List<String> names = names(task, classes);
        List<Column> out = new ArrayList<>();
        if (task == LearningTask.REGRESSION) {
            out.add(numeric(PREDICTION, predictions, 0));
            return out;
        }
        boolean nearest = task == LearningTask.CLUSTERING;
        int[] codes = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] p = predictions[i];
            int best = -1;
            for (int k = 0; k < p.length; k++) {
                if (Double.isFinite(p[k]) && (best < 0 || (nearest ? p[k] < p[best] : p[k] > p[best]))) {
                    best = k;
                }
            }
            codes[i] = best < 0 ? CategoricalColumn.MISSING : best;
        }
        out.add(new CategoricalColumn(PREDICTION, classes, codes));
        for (int k = 0; k < classes.size(); k++) {
            out.add(numeric(names.get(k + 1), predictions, k));
        }
        return out;
    }

    private static NumericColumn numeric(String name, double[][] predictions, int index) {
        double[] values = new double[predictions.length];
        BitSet missing = new BitSet();
        for (int i = 0; i < values.length; i++) {
            values[i] = predictions[i][index];
            if (!Double.isFinite(values[i])) {
                missing.set(i);
                values[i] = 0;
            }
        }
        return new NumericColumn(name, values, missing);
    }
}
