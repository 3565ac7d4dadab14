package dev.gyre.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.training.Algorithms;
import dev.gyre.training.Contributions;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** For every exact method, base + Σ contributions equals the model's output in the explained space. */
class ExactContributionsTest {

    private static List<String> names(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Features with different means and scales; a label from a noisy linear rule over them. */
    private static double[][] rows(int n, int d, Random r) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (j + 1) * r.nextGaussian() + 3 * j;
            }
        }
        return x;
    }

    private static TrainingSet classes(int n, int d, int classes, long seed) {
        Random r = new Random(seed);
        double[][] x = rows(n, d, r);
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            double s = 0.8 * (x[i][0]) - 0.3 * (x[i][1] - 3) + 2 * r.nextGaussian();
            y[i] = "k" + Math.min(classes - 1, Math.max(0, (int) Math.floor(s / 1.5 + classes / 2.0)));
        }
        return TrainingSet.classification(x, names(d), y);
    }

    private static TrainingSet values(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = rows(n, d, r);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * x[i][0] - x[i][1] + Math.abs(x[i][2] - 6) + r.nextGaussian();
        }
        return TrainingSet.regression(x, names(d), y);
    }

    private static double[][] testRows(int d) {
        return rows(25, d, new Random(77));
    }

    @Test
    void linearRegressionAndRidgeExplainTheValue() {
        for (String algorithm : List.of("linear_regression", "ridge")) {
            TrainingSet data = values(300, 5, 1);
            TrainedModel model = Algorithms.fit(algorithm, data, Map.of(), 1);
            for (double[] x : testRows(5)) {
                List<Contributions> c = model.contributions(x);
                assertThat(c).hasSize(1);
                assertThat(c.get(0).method()).isEqualTo(Contributions.EXACT_LINEAR);
                assertThat(c.get(0).scale()).isEqualTo(Contributions.Scale.VALUE);
                assertThat(c.get(0).output()).isEqualTo(Contributions.VALUE);
                assertThat(c.get(0).total()).isCloseTo(model.predictValue(x), within(1e-9));
            }
            // The base is the prediction at the training means.
            double[] mean = new double[5];
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < data.rows(); i++) {
                    mean[j] += data.value(i, j) / data.rows();
                }
            }
            assertThat(model.contributions(mean).get(0).baseValue()).isCloseTo(model.predictValue(mean), within(1e-9));
        }
    }

    @Test
    void binaryLogisticRegressionExplainsTheLogOddsOfTheSecondClass() {
        TrainedModel model = Algorithms.fit("logistic_regression", classes(400, 4, 2, 2), Map.of(), 1);
        for (double[] x : testRows(4)) {
            List<Contributions> c = model.contributions(x);
            assertThat(c).hasSize(1);
            assertThat(c.get(0).output()).isEqualTo(model.classes().get(1));
            assertThat(c.get(0).scale()).isEqualTo(Contributions.Scale.MARGIN);
            double[] p = model.predict(x);
            assertThat(c.get(0).total()).isCloseTo(Math.log(p[1] / p[0]), within(1e-9));
        }
    }

    @Test
    void multinomialLogisticRegressionExplainsEveryClassScore() {
        TrainedModel model = Algorithms.fit("logistic_regression", classes(500, 4, 3, 3), Map.of(), 1);
        assertThat(model.classes()).hasSize(3);
        for (double[] x : testRows(4)) {
            List<Contributions> c = model.contributions(x);
            assertThat(c).extracting(Contributions::output).containsExactlyElementsOf(model.classes());
            double[] p = model.predict(x);
            // Softmax scores are known up to a shared constant: compare differences with log-ratios.
            for (int k = 1; k < 3; k++) {
                assertThat(c.get(k).total() - c.get(0).total()).isCloseTo(Math.log(p[k] / p[0]), within(1e-9));
            }
        }
    }

    @Test
    void treesAndForestsExplainProbabilitiesAndValues() {
        TrainedModel tree = Algorithms.fit("decision_tree", classes(300, 5, 2, 4), Map.of("max_depth", 8), 4);
        TrainedModel forest = Algorithms.fit("random_forest", classes(300, 5, 2, 5), Map.of("n_trees", 30), 5);
        TrainedModel regressor = Algorithms.fit("random_forest", values(300, 5, 6), Map.of("n_trees", 30), 6);
        for (double[] x : testRows(5)) {
            for (TrainedModel m : List.of(tree, forest)) {
                List<Contributions> c = m.contributions(x);
                assertThat(c).hasSize(1);
                assertThat(c.get(0).output()).isEqualTo(m.classes().get(1));
                assertThat(c.get(0).scale()).isEqualTo(Contributions.Scale.PROBABILITY);
                assertThat(c.get(0).total()).isCloseTo(m.predict(x)[1], within(1e-9));
            }
            Contributions v = regressor.contributions(x).get(0);
            assertThat(v.scale()).isEqualTo(Contributions.Scale.VALUE);
            assertThat(v.total()).isCloseTo(regressor.predictValue(x), within(1e-9));
        }
    }

    @Test
    void xgboostContributionsSumToItsMargins() {
        TrainedModel binary = Algorithms.fit("gradient_boosting", classes(400, 5, 2, 7), Map.of("n_estimators", 30), 7);
        TrainedModel multi = Algorithms.fit("gradient_boosting", classes(400, 5, 3, 8), Map.of("n_estimators", 30), 8);
        TrainedModel regressor = Algorithms.fit("gradient_boosting", values(400, 5, 9), Map.of("n_estimators", 30), 9);
        double[][] x = testRows(5);
        for (TrainedModel m : List.of(binary, multi, regressor)) {
            double[][] margins = ((XGBoostModel) m).margins(x);
            for (int i = 0; i < x.length; i++) {
                List<Contributions> c = m.contributions(x[i]);
                assertThat(c).hasSize(margins[i].length);
                for (int k = 0; k < c.size(); k++) {
                    assertThat(c.get(k).method()).isEqualTo(Contributions.TREE_SHAP);
                    assertThat(c.get(k).total()).isCloseTo(margins[i][k], within(1e-5));
                }
            }
        }
        Contributions b = binary.contributions(x[0]).get(0);
        assertThat(b.output()).isEqualTo(binary.classes().get(1));
        assertThat(b.scale()).isEqualTo(Contributions.Scale.MARGIN);
        double p = binary.predict(x[0])[1];
        assertThat(b.total()).isCloseTo(Math.log(p / (1 - p)), within(1e-4));
        assertThat(multi.contributions(x[0])).extracting(Contributions::output).containsExactlyElementsOf(multi.classes());
        assertThat(regressor.contributions(x[0]).get(0).total()).isCloseTo(regressor.predictValue(x[0]), within(1e-5));
    }

    @Test
    void modelsWithoutAnExactMethodOfferNone() {
        TrainedModel nb = Algorithms.fit("naive_bayes", classes(200, 3, 2, 1), Map.of(), 1);
        assertThat(nb.contributions(testRows(3)[0])).isEmpty();
    }

    @Test
    void treeModelsInTheFormatWithoutCoversStillReadAndPredictButHaveNoContributions() throws IOException {
        // A stump written by hand in gyre-tree-ensemble/1: x0 <= 0.5 ? [0.9, 0.1] : [0.2, 0.8].
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeInt(1);
            out.writeInt(3);
            out.writeInt(0);
            out.writeDouble(0.5);
            out.writeInt(1);
            out.writeInt(2);
            out.writeInt(-1);
            out.writeDouble(0.9);
            out.writeDouble(0.1);
            out.writeInt(-1);
            out.writeDouble(0.2);
            out.writeDouble(0.8);
        }
        ModelHeader header = new ModelHeader("gyre-tree-ensemble/1", "decision_tree",
                dev.gyre.training.LearningTask.CLASSIFICATION, Map.of(), 1, List.of("x0", "x1"), List.of("a", "b"));
        byte[] envelope = ModelEnvelope.write(header, bytes.toByteArray());

        TrainedModel old = ModelReaders.read(envelope);

        assertThat(old.predict(new double[] {0, 0})).containsExactly(0.9, 0.1);
        assertThat(old.predict(new double[] {1, 0})).containsExactly(0.2, 0.8);
        assertThat(old.contributions(new double[] {1, 0})).isEmpty();
        TrainedModel again = ModelReaders.read(old.serialize());
        assertThat(((TreeEnsembleModel) again).header().format()).isEqualTo("gyre-tree-ensemble/1");
        assertThat(again.predict(new double[] {1, 0})).containsExactly(0.2, 0.8);
    }

    @Test
    void coversSurviveSerialisation() {
        TrainedModel forest = Algorithms.fit("random_forest", values(200, 4, 3), Map.of("n_trees", 5), 3);
        TrainedModel again = ModelReaders.read(forest.serialize());
        double[] x = testRows(4)[0];
        assertThat(again.contributions(x)).isEqualTo(forest.contributions(x));
        assertThat(((TreeEnsembleModel) again).header().format()).isEqualTo("gyre-tree-ensemble/2");
    }
}
