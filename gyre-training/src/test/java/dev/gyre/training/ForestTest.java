package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ForestTest {

    @Test
    void forestPredictionsDoNotDependOnTheNumberOfThreads() {
        Problems.Split s = Problems.noisy(1500, 1);

        TrainedModel one = Algorithms.fit("random_forest", s.train(), Map.of("n_trees", 20, "threads", 1), 3);
        TrainedModel four = Algorithms.fit("random_forest", s.train(), Map.of("n_trees", 20, "threads", 4), 3);

        assertThat(four.predictBatch(s.testX())).isDeepEqualTo(one.predictBatch(s.testX()));
    }

    @Test
    void differentSeedsGiveDifferentForests() {
        Problems.Split s = Problems.noisy(600, 2);

        TrainedModel a = Algorithms.fit("random_forest", s.train(), Map.of("n_trees", 10), 1);
        TrainedModel b = Algorithms.fit("random_forest", s.train(), Map.of("n_trees", 10), 2);

        assertThat(b.predictBatch(s.testX())).isNotEqualTo(a.predictBatch(s.testX()));
    }

    @Test
    void anUnlimitedTreeFitsItsTrainingRowsExactly() {
        Problems.Split s = Problems.noisy(400, 3);
        TrainingSet train = s.train();

        TrainedModel tree = Algorithms.fit("decision_tree", train, Map.of(), 1);

        String[] predicted = Problems.classes(tree, train.x());
        assertThat(Metrics.accuracy(train.labels(), predicted)).isEqualTo(1.0);
    }

    @Test
    void aDepthLimitedTreeHasAtMostTwoToTheDepthDistinctPredictions() {
        Problems.Split s = Problems.wiggly(800, 4);

        TrainedModel stump = Algorithms.fit("decision_tree", s.train(), Map.of("max_depth", 2), 1);

        assertThat(java.util.Arrays.stream(Problems.values(stump, s.testX())).distinct().count()).isLessThanOrEqualTo(4);
    }

    @Test
    void aForestOfManyTreesBeatsASingleTreeOnNoisyData() {
        Problems.Split s = Problems.noisy(2000, 5);

        double tree = Metrics.accuracy(s.testLabels(),
                Problems.classes(Algorithms.fit("decision_tree", s.train(), Map.of(), 1), s.testX()));
        double forest = Metrics.accuracy(s.testLabels(),
                Problems.classes(Algorithms.fit("random_forest", s.train(), Map.of("n_trees", 50), 1), s.testX()));

        assertThat(forest).isGreaterThan(tree);
    }
}
