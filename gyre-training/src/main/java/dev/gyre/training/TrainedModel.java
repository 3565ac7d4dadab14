package dev.gyre.training;

import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Map;

/**
 * A trained model: predictions for rows laid out like its training set, and what made it.
 *
 * <p>What {@link #predict(double[])} returns depends on the {@link #task()}:
 * <ul>
 *   <li>classification — one probability per class, in the order of {@link #classes()}, summing to 1
 *       (linear SVMs report a softmax of their margins: it ranks like the margins but is not calibrated);</li>
 *   <li>regression — one element, the predicted value;</li>
 *   <li>clustering — the Euclidean distance to each cluster centre, in the order of {@link #classes()},
 *       whose entries are the cluster ids {@code "0"}, {@code "1"}, ….</li>
 * </ul>
 *
 * <p>Models are immutable and safe to use from several threads. {@link #serialize()} writes the model in
 * Gyre's model envelope (see {@link ModelReaders}); no Java serialisation is involved.
 */
public interface TrainedModel {

    /** The registered name of the algorithm, e.g. {@code random_forest}. */
    String algorithm();

    /** Every parameter the model was trained with, defaults included, by name in sorted order. */
    Map<String, Object> params();

    /** The seed the model was trained with. */
    long seed();

    /** What the model predicts. */
    LearningTask task();

    /** The feature names, in the column order {@link #predict(double[])} expects. */
    List<String> featureNames();

    /** The classes (classification) or cluster ids (clustering) in prediction order; empty for regression. */
    List<String> classes();

    /**
     * Predicts one row.
     *
     * @param row one value per feature, in {@link #featureNames()} order
     * @throws GyreException.InvalidArgument when the row has the wrong length or a non-finite value
     */
    double[] predict(double[] row);

    /** Predicts several rows; the result has one element per row, as {@link #predict(double[])}. */
    default double[][] predictBatch(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = predict(rows[i]);
        }
        return out;
    }

    /**
     * The most probable class (classification) or the nearest cluster id (clustering); ties go to the
     * first in {@link #classes()} order.
     *
     * @throws IllegalStateException for a regression model
     */
    default String predictClass(double[] row) {
        double[] p = predict(row);
        if (task() == LearningTask.REGRESSION) {
            throw new IllegalStateException("a regression model predicts values, not classes");
        }
        boolean nearest = task() == LearningTask.CLUSTERING;
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (nearest ? p[k] < p[best] : p[k] > p[best]) {
                best = k;
            }
        }
        return classes().get(best);
    }

    /**
     * The predicted value of a regression model.
     *
     * @throws IllegalStateException for any other model
     */
    default double predictValue(double[] row) {
        if (task() != LearningTask.REGRESSION) {
            throw new IllegalStateException("only a regression model predicts a single value; this one is "
                    + task());
        }
        return predict(row)[0];
    }

    /**
     * What the training library recorded about how this model was made, as JSON — Tribuo's
     * {@code ModelProvenance} for the algorithms Tribuo trains — or empty when the library records none
     * (this module's own learners and XGBoost describe themselves by {@link #algorithm()}, {@link #params()}
     * and {@link #seed()}). Never {@code null}.
     */
    default java.util.Optional<String> provenance() {
        return java.util.Optional.empty();
    }

    /**
     * Exact additive contributions of the features to this row's prediction, or an empty list when the model
     * has no exact method (use a sampling estimate then, e.g. Gyre validation's explainer).
     *
     * <p>Which outputs are explained: a regressor's value ({@link Contributions#VALUE}); for a binary
     * classifier only the second class of {@link #classes()} (the positive one; the first class's
     * contributions are the negatives of these in probability space); for more classes every class, one
     * element each in {@link #classes()} order. The scale is the model's natural additive space: margins
     * (log-odds, or softmax scores) for logistic regression and gradient boosting, class probabilities for
     * trees and forests (averaged over the trees), values for regressors. For each element
     * {@code baseValue + Σ values} equals the explained output up to rounding.
     *
     * @param row one value per feature, in {@link #featureNames()} order
     * @throws GyreException.InvalidArgument when the row has the wrong length or a non-finite value
     */
    default List<Contributions> contributions(double[] row) {
        return List.of();
    }

    /**
     * The model in Gyre's model envelope, readable by {@link ModelReaders#read(byte[])} in another process.
     */
    byte[] serialize();
}
