package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierLearningTest {

    private static final String[] ALL = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"};

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void learnsSeparableBinaryProblemAlmostPerfectly(String algorithm) {
        Problems.Split s = Problems.blobs(2, 800, 1);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 42);

        assertThat(Metrics.accuracy(s.testLabels(), Problems.classes(model, s.testX()))).isGreaterThanOrEqualTo(0.98);
        assertThat(model.classes()).containsExactly("class0", "class1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void learnsSeparableThreeClassProblemWithProbabilitiesSummingToOne(String algorithm) {
        Problems.Split s = Problems.blobs(3, 900, 2);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 42);

        assertThat(Metrics.accuracy(s.testLabels(), Problems.classes(model, s.testX()))).isGreaterThanOrEqualTo(0.97);
        for (double[] p : model.predictBatch(s.testX())) {
            assertThat(p).hasSize(3);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-6));
            for (double v : p) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void beatsTheFloorOnNoisyProblem(String algorithm) {
        Problems.Split s = Problems.noisy(2000, 3);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 42);

        // The Bayes rate is about 0.8; an unpruned tree overfits, the others get close.
        double floor = algorithm.equals("decision_tree") ? 0.65 : 0.72;
        assertThat(Metrics.accuracy(s.testLabels(), Problems.classes(model, s.testX()))).isGreaterThan(floor);
        assertThat(Metrics.rocAuc(s.testLabels(), model.predictBatch(s.testX()), model.classes())).isGreaterThan(floor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void sameSeedDataAndParamsGiveIdenticalPredictions(String algorithm) {
        Problems.Split s = Problems.noisy(600, 4);
        Map<String, Object> params = Algorithms.spec(algorithm).param("threads") != null
                ? Map.of("threads", 2) : Map.of();

        TrainedModel first = Algorithms.fit(algorithm, s.train(), params, 99);
        TrainedModel second = Algorithms.fit(algorithm, s.train(), params, 99);

        assertThat(second.predictBatch(s.testX())).isDeepEqualTo(first.predictBatch(s.testX()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void serialisationRoundTripKeepsPredictionsAndProvenance(String algorithm) {
        Problems.Split s = Problems.blobs(3, 300, 5);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 7);

        TrainedModel read = ModelReaders.read(model.serialize());

        assertThat(read.predictBatch(s.testX())).isDeepEqualTo(model.predictBatch(s.testX()));
        assertThat(read.algorithm()).isEqualTo(algorithm);
        assertThat(read.params()).isEqualTo(model.params());
        assertThat(read.seed()).isEqualTo(7);
        assertThat(read.task()).isEqualTo(LearningTask.CLASSIFICATION);
        assertThat(read.classes()).isEqualTo(model.classes());
        assertThat(read.featureNames()).isEqualTo(s.train().featureNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "linear_svm", "decision_tree", "random_forest",
        "gradient_boosting", "knn", "naive_bayes"})
    void modelCarriesEveryParameterWithDefaultsFilledIn(String algorithm) {
        TrainedModel model = Algorithms.fit(algorithm, Problems.blobs(2, 100, 6).train(), Map.of(), 1);

        assertThat(model.params()).isEqualTo(Algorithms.spec(algorithm).defaults());
        assertThat(ALL).contains(model.algorithm());
    }
}
