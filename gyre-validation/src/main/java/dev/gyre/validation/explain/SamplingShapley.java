package dev.gyre.validation.explain;

import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Model-agnostic Shapley values by permutation sampling (Štrumbelj and Kononenko, "Explaining prediction
 * models and individual predictions with feature contributions", 2014), against a background sample.
 *
 * <p>The game: a set S of features takes the row's values, the others a background row's; its value is the
 * model's output averaged over the background (the interventional, or marginal, expectation). One sample
 * draws a background row z and a random order of the features, starts from z and switches the features to
 * the row's values one at a time in that order; each feature is credited with the change of the output at
 * its switch. Samples come in antithetic pairs (an order and its reverse, with the same z), which cancels
 * much of the order noise. For each feature the estimate is the mean over the pairs and its standard error
 * the standard deviation of the pair means over √pairs.
 *
 * <p>The credits of one walk add up to {@code f(x) − f(z)}, so the estimates add up to {@code f(x)} minus
 * the mean of {@code f(z)} over the background rows drawn. The base value is the mean over the whole
 * background. Background rows are drawn in a shuffled round-robin, so when {@code pairs} is a multiple of
 * the background size every row is used equally often and {@code base + Σ values = f(x)} exactly (up to
 * rounding); otherwise up to the background's spread over the rows not drawn evenly.
 *
 * <p>Explained outputs are what {@link TrainedModel#predict(double[])} returns: a regressor's value, the
 * probability of the second class of a binary classifier, the probability of every class of a multi-class
 * one ({@link Contributions.Scale#PROBABILITY}); clustering models are refused. Each call draws from a fresh
 * generator seeded with the estimator's seed, so the same row gives the same estimate every time. Cost:
 * {@code 2 × pairs × (features + 1)} predictions per row, in batches. Immutable and thread-safe.
 */
public final class SamplingShapley {

    /** The default number of antithetic pairs. */
    public static final int DEFAULT_PAIRS = 128;
    private static final int BATCH_PAIRS = 16;

    private final double[][] background;
    private final int pairs;
    private final long seed;

    /**
     * @param background rows laid out like the model's features (e.g. a sample of the training rows)
     * @param pairs      antithetic pairs of samples per row, at least 1
     * @param seed       seeds every random choice
     * @throws GyreException.InvalidArgument for an empty or ragged background or fewer than one pair
     */
    public SamplingShapley(double[][] background, int pairs, long seed) {
        if (background == null || background.length == 0) {
            throw new GyreException.InvalidArgument("sampling Shapley values need a background sample of at least "
                    + "one row; pass some training rows");
        }
        if (pairs < 1) {
            throw new GyreException.InvalidArgument("pairs must be at least 1, not " + pairs);
        }
        int d = background[0].length;
        this.background = new double[background.length][];
        for (int i = 0; i < background.length; i++) {
            if (background[i] == null || background[i].length != d) {
                throw new GyreException.InvalidArgument("background row " + i + " does not have " + d + " values");
            }
            this.background[i] = background[i].clone();
        }
        this.pairs = pairs;
        this.seed = seed;
    }

    /** With {@link #DEFAULT_PAIRS} pairs. */
    public SamplingShapley(double[][] background, long seed) {
        this(background, DEFAULT_PAIRS, seed);
    }

    /** The number of background rows. */
    public int backgroundSize() {
        return background.length;
    }

    /**
     * Estimates the contributions of the model's features to its outputs for one row.
     *
     * @return one element per explained output (see the class description), method
     *         {@link Contributions#SAMPLING_SHAPLEY}
     * @throws GyreException.InvalidArgument for a clustering model, or a row or background that does not fit
     *                                       the model
     */
    public List<Contributions> explain(TrainedModel model, double[] row) {
        if (model.task() == LearningTask.CLUSTERING) {
            throw new GyreException.InvalidArgument("a clustering model predicts distances, which are not explained; "
                    + "explain a classifier or a regressor");
        }
        int d = model.featureNames().size();
        if (background[0].length != d) {
            throw new GyreException.InvalidArgument("the background rows have " + background[0].length
                    + " values but the model has " + d + " features");
        }
        int[] outputs = explainedOutputs(model);
        model.predict(row);   // refuses a row that does not fit, with the model's message
        double[][] fz = model.predictBatch(background);
        double[] base = new double[outputs.length];
        for (double[] p : fz) {
            for (int o = 0; o < outputs.length; o++) {
                base[o] += p[outputs[o]] / background.length;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] backgroundOrder = Permutations.of(background.length, random);
        double[][] sum = new double[outputs.length][d];
        double[][] sumSquares = new double[outputs.length][d];
        int[][] orders = new int[BATCH_PAIRS][];
        int[] zs = new int[BATCH_PAIRS];
        for (int start = 0; start < pairs; start += BATCH_PAIRS) {
            int count = Math.min(BATCH_PAIRS, pairs - start);
            // Per pair two walks of d + 1 rows each: z, then one more feature switched to x at each step.
            double[][] walk = new double[count * 2 * (d + 1)][];
            for (int p = 0; p < count; p++) {
                orders[p] = Permutations.of(d, random);
                zs[p] = backgroundOrder[(start + p) % background.length];
                for (int direction = 0; direction < 2; direction++) {
                    double[] current = background[zs[p]].clone();
                    int offset = (2 * p + direction) * (d + 1);
                    walk[offset] = current.clone();
                    for (int s = 0; s < d; s++) {
                        int j = orders[p][direction == 0 ? s : d - 1 - s];
                        current[j] = row[j];
                        walk[offset + s + 1] = current.clone();
                    }
                }
            }
            double[][] f = model.predictBatch(walk);
            for (int p = 0; p < count; p++) {
                for (int o = 0; o < outputs.length; o++) {
                    double[] pairMean = new double[d];
                    for (int direction = 0; direction < 2; direction++) {
                        int offset = (2 * p + direction) * (d + 1);
                        for (int s = 0; s < d; s++) {
                            int j = orders[p][direction == 0 ? s : d - 1 - s];
                            pairMean[j] += 0.5 * (f[offset + s + 1][outputs[o]] - f[offset + s][outputs[o]]);
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        sum[o][j] += pairMean[j];
                        sumSquares[o][j] += pairMean[j] * pairMean[j];
                    }
                }
            }
        }
        List<Contributions> out = new ArrayList<>(outputs.length);
        for (int o = 0; o < outputs.length; o++) {
            double[] mean = new double[d];
            double[] se = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = sum[o][j] / pairs;
                double variance = pairs > 1
                        ? Math.max(0, (sumSquares[o][j] - pairs * mean[j] * mean[j]) / (pairs - 1)) : 0;
                se[j] = Math.sqrt(variance / pairs);
            }
            out.add(new Contributions(Contributions.SAMPLING_SHAPLEY, outputName(model, outputs[o]),
                    model.task() == LearningTask.REGRESSION ? Contributions.Scale.VALUE
                            : Contributions.Scale.PROBABILITY,
                    model.featureNames(), base[o], mean, se));
        }
        return List.copyOf(out);
    }

    /** The indices of {@code predict}'s result that are explained. */
    static int[] explainedOutputs(TrainedModel model) {
        if (model.task() == LearningTask.REGRESSION) {
            return new int[] {0};
        }
        int classes = model.classes().size();
        if (classes == 2) {
            return new int[] {1};
        }
        int[] all = new int[classes];
        for (int k = 0; k < classes; k++) {
            all[k] = k;
        }
        return all;
    }

    private static String outputName(TrainedModel model, int index) {
        return model.task() == LearningTask.REGRESSION ? Contributions.VALUE : model.classes().get(index);
    }
}
