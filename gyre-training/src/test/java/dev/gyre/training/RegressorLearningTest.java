package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegressorLearningTest {

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "ridge", "decision_tree", "random_forest", "gradient_boosting"})
    void learnsNearlyNoiselessLinearSignal(String algorithm) {
        Problems.Split s = Problems.linear(1200, 0.05, 1);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 42);

        double floor = algorithm.contains("linear") || algorithm.equals("ridge") ? 0.999 : 0.9;
        assertThat(Metrics.r2(s.testTargets(), Problems.values(model, s.testX()))).isGreaterThan(floor);
        assertThat(model.task()).isEqualTo(LearningTask.REGRESSION);
        assertThat(model.classes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "ridge", "decision_tree", "random_forest", "gradient_boosting"})
    void beatsTheFloorOnNoisyNonLinearSignal(String algorithm) {
        Problems.Split s = Problems.wiggly(2000, 2);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 42);

        // Signal variance ≈ 3, noise variance 1: the best R² is about 0.75; a straight line explains x1 only.
        double floor = algorithm.equals("decision_tree") ? 0.3 : algorithm.contains("linear") || algorithm.equals("ridge")
                ? 0.2 : 0.55;
        assertThat(Metrics.r2(s.testTargets(), Problems.values(model, s.testX()))).isGreaterThan(floor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "ridge", "decision_tree", "random_forest", "gradient_boosting"})
    void sameSeedGivesIdenticalPredictionsAndRoundTripsExactly(String algorithm) {
        Problems.Split s = Problems.wiggly(500, 3);
        TrainedModel first = Algorithms.fit(algorithm, s.train(), Map.of(), 5);
        TrainedModel second = Algorithms.fit(algorithm, s.train(), Map.of(), 5);

        assertThat(second.predictBatch(s.testX())).isDeepEqualTo(first.predictBatch(s.testX()));
        TrainedModel read = ModelReaders.read(first.serialize());
        assertThat(read.predictBatch(s.testX())).isDeepEqualTo(first.predictBatch(s.testX()));
        assertThat(read.params()).isEqualTo(first.params());
    }

    @Test
    void ridgeWithZeroAlphaMatchesLinearRegressionAndLargeAlphaShrinksTowardsTheMean() {
        Problems.Split s = Problems.linear(400, 0.5, 4);
        double[] row = {1, 1, 0, 0};

        double ols = Algorithms.fit("linear_regression", s.train(), Map.of(), 0).predictValue(row);
        double ridge0 = Algorithms.fit("ridge", s.train(), Map.of("alpha", 0.0), 0).predictValue(row);
        double ridgeHuge = Algorithms.fit("ridge", s.train(), Map.of("alpha", 1e9), 0).predictValue(row);

        assertThat(ridge0).isEqualTo(ols);
        assertThat(ols).isCloseTo(3 - 2 + 0.5, within(0.15));
        double mean = Arrays.stream(s.train().targets()).average().orElseThrow();
        assertThat(ridgeHuge).isCloseTo(mean, within(1e-3));
    }

    @Test
    void linearRegressionCopesWithCollinearOneHotColumns() {
        double[][] x = new double[200][3];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            boolean a = i % 2 == 0;
            x[i] = new double[] {a ? 1 : 0, a ? 0 : 1, i / 100.0};
            y[i] = (a ? 2 : -1) + x[i][2];
        }
        TrainingSet data = TrainingSet.regression(x, List.of("a", "b", "t"), y);

        TrainedModel model = Algorithms.fit("linear_regression", data, Map.of(), 0);

        assertThat(Metrics.rmse(y, Problems.values(model, x))).isLessThan(1e-4);
    }
}
