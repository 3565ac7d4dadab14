package dev.gyre.validation.explain;

import dev.gyre.core.GyreException;
import dev.gyre.training.TrainedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Global permutation importance (Breiman 2001; Fisher, Rudin and Dominici 2019): on held-out rows, shuffle
 * the values of one feature (or of a group of columns, together, so one-hot rows stay valid) across the
 * rows, predict again and measure how much the metric got worse. Repeated {@code repeats} times per feature;
 * the importance is the mean drop with a 95 % Student-t interval {@code mean ± t(0.975, n−1)·sd/√n}, which
 * describes the shuffling noise for this model and these rows, not the variation between models.
 *
 * <p>The shuffles are seeded: a generator seeded with {@code seed} is split once per group in group order,
 * so a group's shuffles do not depend on the other groups, and a seeded run is repeatable exactly. Groups
 * are reported sorted by decreasing mean drop, ties by name. A feature the model ignores has a drop of 0;
 * drops can be slightly negative by chance. Single-threaded; {@code groups × repeats} batch predictions.
 */
public final class PermutationImportance {

    /** The default number of shuffles per feature. */
    public static final int DEFAULT_REPEATS = 10;

    /** Two-sided 95 % Student-t quantiles for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};

    /**
     * The result: the metric on the unshuffled rows and one entry per group, most important first.
     *
     * @param metric   the scorer's name
     * @param baseline the metric of the model on the rows as given
     * @param repeats  shuffles per group
     * @param features one per group, sorted by decreasing mean drop
     */
    public record Report(String metric, double baseline, int repeats, List<FeatureImportance> features) {
        public Report {
            features = List.copyOf(features);
        }
    }

    private PermutationImportance() {
    }

    /** Each matrix column on its own, {@link #DEFAULT_REPEATS} shuffles. */
    public static Report compute(TrainedModel model, double[][] x, Scorer scorer, long seed) {
        return compute(model, x, scorer, FeatureGroups.single(model.featureNames()), DEFAULT_REPEATS, seed);
    }

    /**
     * Permutation importance of each group.
     *
     * @param x       held-out rows laid out like the model's features; at least two
     * @param scorer  the metric, closing over the rows' targets
     * @param groups  the columns shuffled together ({@link FeatureGroups#single} for every column alone)
     * @param repeats shuffles per group, at least 1
     * @throws GyreException.InvalidArgument for fewer than two rows, rows of the wrong width, a group with a
     *                                       column outside the matrix, or fewer than one repeat
     */
    public static Report compute(TrainedModel model, double[][] x, Scorer scorer, FeatureGroups groups, int repeats,
                                 long seed) {
        int d = model.featureNames().size();
        if (x == null || x.length < 2) {
            throw new GyreException.InvalidArgument("permutation importance needs at least two rows to shuffle");
        }
        if (repeats < 1) {
            throw new GyreException.InvalidArgument("repeats must be at least 1, not " + repeats);
        }
        for (int[] columns : groups.columns()) {
            for (int c : columns) {
                if (c < 0 || c >= d) {
                    throw new GyreException.InvalidArgument("a feature group names column " + c + " but the model has "
                            + d + " features");
                }
            }
        }
        int n = x.length;
        double baseline = scorer.score(model.predictBatch(x));
        SplittableRandom master = new SplittableRandom(seed);
        List<FeatureImportance> out = new ArrayList<>();
        double[][] shuffled = new double[n][];
        for (int i = 0; i < n; i++) {
            shuffled[i] = x[i].clone();
        }
        for (int g = 0; g < groups.size(); g++) {
            SplittableRandom random = master.split();
            int[] columns = groups.columns().get(g);
            double[] drops = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                int[] order = Permutations.of(n, random);
                for (int i = 0; i < n; i++) {
                    for (int c : columns) {
                        shuffled[i][c] = x[order[i]][c];
                    }
                }
                drops[r] = scorer.drop(baseline, scorer.score(model.predictBatch(shuffled)));
            }
            for (int i = 0; i < n; i++) {
                for (int c : columns) {
                    shuffled[i][c] = x[i][c];
                }
            }
            List<String> names = new ArrayList<>();
            for (int c : columns) {
                names.add(model.featureNames().get(c));
            }
            out.add(summarise(groups.names().get(g), names, drops));
        }
        out.sort(Comparator.comparingDouble(FeatureImportance::mean).reversed()
                .thenComparing(FeatureImportance::feature));
        return new Report(scorer.name(), baseline, repeats, out);
    }

    static FeatureImportance summarise(String name, List<String> columns, double[] drops) {
        int n = drops.length;
        double mean = 0;
        for (double v : drops) {
            mean += v / n;
        }
        double ss = 0;
        for (double v : drops) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double half = n > 1 ? tQuantile(n - 1) * sd / Math.sqrt(n) : 0;
        return new FeatureImportance(name, columns, mean, sd, mean - half, mean + half, drops);
    }

    /** The 0.975 quantile of Student's t: tabulated to 30 degrees of freedom, a Cornish–Fisher series above. */
    static double tQuantile(int df) {
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }
}
