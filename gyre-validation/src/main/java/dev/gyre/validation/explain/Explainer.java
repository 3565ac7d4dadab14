package dev.gyre.validation.explain;

import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import java.util.List;
import java.util.Optional;

/**
 * Explains single predictions: with the model's exact contributions when it has them
 * ({@link TrainedModel#contributions(double[])}: linear models, trees, forests, gradient boosting), otherwise
 * with a {@link SamplingShapley} estimate against the background sample (naive Bayes, k-NN, linear SVM, and
 * tree models saved before node covers were stored).
 *
 * <p>Exact and sampled explanations may be on different scales (e.g. log-odds for logistic regression,
 * probabilities for a sampled explanation); each {@link Contributions} names its own. Immutable and
 * thread-safe.
 */
public final class Explainer {

    private final SamplingShapley sampler;

    private Explainer(SamplingShapley sampler) {
        this.sampler = sampler;
    }

    /**
     * An explainer that falls back to sampling against the given background rows.
     *
     * @param background rows laid out like the model's features, e.g. up to a few hundred training rows
     * @param pairs      antithetic sample pairs per explanation ({@link SamplingShapley#DEFAULT_PAIRS} is a
     *                   reasonable default; a multiple of the background size makes the sums exact)
     * @param seed       seeds the sampling
     */
    public static Explainer withBackground(double[][] background, int pairs, long seed) {
        return new Explainer(new SamplingShapley(background, pairs, seed));
    }

    /** An explainer for models with exact contributions only: the others are refused. */
    public static Explainer exactOnly() {
        return new Explainer(null);
    }

    /** Whether the model would be explained exactly (probed on the given row). */
    public static boolean hasExactContributions(TrainedModel model, double[] row) {
        return !model.contributions(row).isEmpty();
    }

    /**
     * Contributions for every explained output of the model (see
     * {@link TrainedModel#contributions(double[])} for which outputs): exact when the model offers them, else
     * sampled.
     *
     * @throws GyreException.InvalidArgument when the row does not fit the model, or the model has no exact
     *                                       method and this explainer has no background
     */
    public List<Contributions> explain(TrainedModel model, double[] row) {
        List<Contributions> exact = model.contributions(row);
        if (!exact.isEmpty()) {
            return exact;
        }
        if (sampler == null) {
            throw new GyreException.InvalidArgument("the " + model.algorithm() + " model has no exact contributions; "
                    + "give the explainer a background sample of training rows to estimate them");
        }
        return sampler.explain(model, row);
    }

    /**
     * The contributions behind the prediction itself: a regressor's value, the second (positive) class of a
     * binary classifier (the other class's contributions are the mirror image), the predicted class of a
     * multi-class one.
     *
     * @throws GyreException.InvalidArgument as {@link #explain}
     */
    public Contributions explainPrediction(TrainedModel model, double[] row) {
        List<Contributions> all = explain(model, row);
        if (all.size() == 1 || model.task() != LearningTask.CLASSIFICATION) {
            return all.get(0);
        }
        String predicted = model.predictClass(row);
        Optional<Contributions> match = all.stream().filter(c -> c.output().equals(predicted)).findFirst();
        return match.orElseThrow(() -> new IllegalStateException("no contributions for class " + predicted));
    }
}
