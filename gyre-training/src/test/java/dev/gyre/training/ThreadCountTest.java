package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Algorithms whose results must not depend on how many threads trained them. */
class ThreadCountTest {

    @ParameterizedTest
    @ValueSource(strings = {"random_forest", "gradient_boosting", "knn"})
    void oneAndTwoThreadsGiveIdenticalPredictions(String algorithm) {
        Problems.Split s = Problems.noisy(1200, 8);

        TrainedModel one = Algorithms.fit(algorithm, s.train(), Map.of("threads", 1), 21);
        TrainedModel two = Algorithms.fit(algorithm, s.train(), Map.of("threads", 2), 21);

        assertThat(two.predictBatch(s.testX())).isDeepEqualTo(one.predictBatch(s.testX()));
    }
}
