package dev.gyre.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.training.Algorithms;
import dev.gyre.training.Contributions;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tree SHAP against a brute-force Shapley computation over every subset of features. */
class TreeShapTest {

    /** The path-dependent value of a set of known features: unknown splits follow both children by cover. */
    static double conditional(Tree tree, int node, double[] x, boolean[] known, int k) {
        int f = tree.feature[node];
        if (f < 0) {
            return tree.value[node * tree.outputs + k];
        }
        if (known[f]) {
            return conditional(tree, x[f] <= tree.threshold[node] ? tree.left[node] : tree.right[node], x, known, k);
        }
        int l = tree.left[node];
        int r = tree.right[node];
        return (tree.cover[l] * conditional(tree, l, x, known, k) + tree.cover[r] * conditional(tree, r, x, known, k))
                / tree.cover[node];
    }

    /** Shapley values by enumerating all subsets: φ_i = Σ_S |S|!(M−|S|−1)!/M! (v(S ∪ i) − v(S)). */
    static double[] bruteForce(Tree tree, double[] x, int k) {
        int m = x.length;
        double[] phi = new double[m];
        double[] factorial = new double[m + 1];
        factorial[0] = 1;
        for (int i = 1; i <= m; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        for (int i = 0; i < m; i++) {
            for (int mask = 0; mask < 1 << m; mask++) {
                if ((mask & (1 << i)) != 0) {
                    continue;
                }
                boolean[] known = new boolean[m];
                int size = 0;
                for (int j = 0; j < m; j++) {
                    known[j] = (mask & (1 << j)) != 0;
                    size += known[j] ? 1 : 0;
                }
                double without = conditional(tree, 0, x, known, k);
                known[i] = true;
                double with = conditional(tree, 0, x, known, k);
                phi[i] += factorial[size] * factorial[m - size - 1] / factorial[m] * (with - without);
            }
        }
        return phi;
    }

    private static TrainingSet noisyClasses(int rows, int d, int classes, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][d];
        String[] y = new String[rows];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("f" + j);
        }
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextInt(5) + r.nextGaussian();   // repeated values make repeated splits likely
                s += (j % 2 == 0 ? 1 : -0.7) * x[i][j];
            }
            y[i] = "c" + Math.floorMod((int) Math.floor(s + r.nextGaussian()), classes);
        }
        return TrainingSet.classification(x, names, y);
    }

    private static TrainingSet noisyValues(int rows, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][d];
        double[] y = new double[rows];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("f" + j);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = Math.sin(2 * x[i][0]) * x[i][1] + (d > 2 ? x[i][2] * x[i][2] : 0) + 0.3 * r.nextGaussian();
        }
        return TrainingSet.regression(x, names, y);
    }

    private static void assertMatchesBruteForce(TreeEnsembleModel model, long seed) {
        int d = model.featureNames().size();
        Random r = new Random(seed);
        for (int row = 0; row < 15; row++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = r.nextInt(5) + r.nextGaussian();
            }
            for (Tree tree : model.trees()) {
                double[][] phi = new double[tree.outputs][d];
                TreeShap.accumulate(tree, x, 1, phi);
                for (int k = 0; k < tree.outputs; k++) {
                    double[] expected = bruteForce(tree, x, k);
                    for (int j = 0; j < d; j++) {
                        assertThat(phi[k][j]).as("tree SHAP of feature %d, output %d", j, k)
                                .isCloseTo(expected[j], within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void equalsBruteForceShapleyOnClassificationTrees() {
        for (int d = 2; d <= 6; d++) {
            TrainedModel model = Algorithms.fit("decision_tree", noisyClasses(300, d, 3, d), Map.of("max_depth", 7),
                    d);
            assertThat(((TreeEnsembleModel) model).trees().get(0).depth()).isGreaterThanOrEqualTo(5);
            assertMatchesBruteForce((TreeEnsembleModel) model, 100 + d);
        }
    }

    @Test
    void equalsBruteForceShapleyOnForestAndRegressionTrees() {
        TrainedModel forest = Algorithms.fit("random_forest", noisyClasses(200, 5, 2, 3),
                Map.of("n_trees", 5, "max_depth", 6), 9);
        assertMatchesBruteForce((TreeEnsembleModel) forest, 11);
        TrainedModel regression = Algorithms.fit("decision_tree", noisyValues(300, 4, 4),
                Map.of("max_depth", 6), 4);
        assertMatchesBruteForce((TreeEnsembleModel) regression, 12);
    }

    @Test
    void aFeatureSplitTwiceOnOnePathIsHandled() {
        // f0 <= 0 ? (f1 <= 0 ? (f0 <= -1 ? 1 : 2) : 3) : 4, with uneven covers.
        int[] feature = {0, 1, 0, -1, -1, -1, -1};
        int[] left = {1, 2, 5, 0, 0, 0, 0};
        int[] right = {4, 3, 6, 0, 0, 0, 0};
        double[] threshold = {0, 0, -1, 0, 0, 0, 0};
        double[] value = {0, 0, 0, 3, 4, 1, 2};
        double[] cover = {10, 6, 4, 2, 4, 1, 3};
        Tree tree = new Tree(feature, threshold, left, right, value, 1, cover);
        for (double[] x : new double[][] {{-2, -1}, {-0.5, -1}, {-0.5, 2}, {1, -1}, {1, 1}}) {
            double[][] phi = new double[1][2];
            TreeShap.accumulate(tree, x, 1, phi);
            double[] expected = bruteForce(tree, x, 0);
            assertThat(phi[0][0]).isCloseTo(expected[0], within(1e-12));
            assertThat(phi[0][1]).isCloseTo(expected[1], within(1e-12));
            double base = TreeShap.expectedValue(tree)[0];
            assertThat(base + phi[0][0] + phi[0][1]).isCloseTo(value[leaf(tree, x)], within(1e-12));
        }
    }

    private static int leaf(Tree tree, double[] x) {
        return tree.leafOffset(x) / tree.outputs;
    }

    @Test
    void sumsToThePredictedProbabilityForEveryClass() {
        TrainedModel model = Algorithms.fit("random_forest", noisyClasses(400, 6, 3, 5), Map.of("n_trees", 20), 5);
        Random r = new Random(2);
        for (int row = 0; row < 20; row++) {
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = r.nextInt(5) + r.nextGaussian();
            }
            double[] p = model.predict(x);
            List<Contributions> all = model.contributions(x);
            assertThat(all).hasSize(3);
            for (int k = 0; k < 3; k++) {
                assertThat(all.get(k).output()).isEqualTo(model.classes().get(k));
                assertThat(all.get(k).scale()).isEqualTo(Contributions.Scale.PROBABILITY);
                assertThat(all.get(k).method()).isEqualTo(Contributions.TREE_SHAP);
                assertThat(all.get(k).total()).isCloseTo(p[k], within(1e-9));
            }
        }
    }
}
