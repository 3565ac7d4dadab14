package dev.gyre.validation.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.training.Algorithms;
import dev.gyre.training.Contributions;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private final TrainingSet data = Data.threeClasses(300, 5);
    private final double[][] background = Arrays.copyOf(Data.gaussian(300, 4, 5), 20);
    private final Explainer explainer = Explainer.withBackground(background, 40, 3);
    private final double[] row = {1.5, -0.5, 2, 3};

    @Test
    void usesExactContributionsWhenTheModelHasThem() {
        TrainedModel forest = Algorithms.fit("random_forest", data, Map.of("n_trees", 20), 5);
        assertThat(Explainer.hasExactContributions(forest, row)).isTrue();
        assertThat(explainer.explain(forest, row)).isEqualTo(forest.contributions(row))
                .allSatisfy(c -> assertThat(c.method()).isEqualTo(Contributions.TREE_SHAP));
        Contributions predicted = explainer.explainPrediction(forest, row);
        assertThat(predicted.output()).isEqualTo(forest.predictClass(row));
        assertThat(predicted.total()).isCloseTo(forest.predict(row)[forest.classes().indexOf(predicted.output())],
                within(1e-9));
    }

    @Test
    void samplesForModelsWithoutAnExactMethod() {
        TrainedModel nb = Algorithms.fit("naive_bayes", data, Map.of(), 5);
        assertThat(Explainer.hasExactContributions(nb, row)).isFalse();
        Contributions c = explainer.explainPrediction(nb, row);
        assertThat(c.method()).isEqualTo(Contributions.SAMPLING_SHAPLEY);
        assertThat(c.output()).isEqualTo(nb.predictClass(row));
        assertThat(c.total()).isCloseTo(nb.predict(row)[nb.classes().indexOf(c.output())], within(1e-9));

        assertThatThrownBy(() -> Explainer.exactOnly().explain(nb, row))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("background sample");
    }

    @Test
    void aRegressorsExplanationIsItsValue() {
        double[][] x = Data.gaussian(200, 4, 8);
        TrainedModel linear = Algorithms.fit("linear_regression",
                TrainingSet.regression(x, Data.names(4), Data.graded(x, 8)), Map.of(), 8);
        Contributions c = Explainer.exactOnly().explainPrediction(linear, row);
        assertThat(c.method()).isEqualTo(Contributions.EXACT_LINEAR);
        assertThat(c.output()).isEqualTo(Contributions.VALUE);
        assertThat(c.total()).isCloseTo(linear.predictValue(row), within(1e-9));
    }
}
