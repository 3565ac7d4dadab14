package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamValidationTest {

    private final TrainingSet data = Problems.blobs(2, 60, 1).train();

    @Test
    void unknownParameterIsNamedWithTheKnownOnesAndASuggestion() {
        assertThatThrownBy(() -> Algorithms.fit("random_forest", data, Map.of("depth", 3), 1))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("unknown parameter 'depth' for random_forest (did you mean 'max_depth'?)")
                .hasMessageContaining("known: n_trees, max_depth, min_samples_split, min_samples_leaf, max_bins, "
                        + "max_features, bootstrap, threads");
    }

    @Test
    void outOfRangeValueIsRejectedWithTheRange() {
        assertThatThrownBy(() -> Algorithms.fit("random_forest", data, Map.of("n_trees", 0), 1))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("parameter 'n_trees' of random_forest must be an integer in [1, 10000], not 0");
        assertThatThrownBy(() -> Algorithms.fit("gradient_boosting", data, Map.of("learning_rate", 0.0), 1))
                .hasMessage("parameter 'learning_rate' of gradient_boosting must be a number in (0, 1], not 0.0");
    }

    @Test
    void wrongTypeOrChoiceIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> Algorithms.fit("random_forest", data, Map.of("max_depth", 2.5), 1))
                .hasMessage("parameter 'max_depth' of random_forest must be an integer in [0, 1000], not 2.5");
        assertThatThrownBy(() -> Algorithms.fit("random_forest", data, Map.of("max_features", "cube"), 1))
                .hasMessage("parameter 'max_features' of random_forest must be one of auto, sqrt, log2, all, not 'cube'");
        assertThatThrownBy(() -> Algorithms.fit("random_forest", data, Map.of("bootstrap", "maybe"), 1))
                .hasMessage("parameter 'bootstrap' of random_forest must be true or false, not 'maybe'");
    }

    @Test
    void valuesGivenAsStringsOrOtherNumberTypesAreNormalised() {
        TrainedModel model = Algorithms.fit("random_forest", data,
                Map.of("n_trees", "5", "max_depth", 3L, "bootstrap", "false", "max_features", "all"), 1);

        assertThat(model.params()).containsEntry("n_trees", 5).containsEntry("max_depth", 3)
                .containsEntry("bootstrap", false).containsEntry("max_features", "all");
    }

    @Test
    void unknownAlgorithmListsTheKnownOnes() {
        assertThatThrownBy(() -> Algorithms.trainer("xgboost"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("unknown algorithm 'xgboost'; known: decision_tree, gradient_boosting, kmeans, knn, "
                        + "linear_regression, linear_svm, logistic_regression, naive_bayes, random_forest, ridge");
    }

    @Test
    void algorithmThatCannotLearnTheTaskSaysWhichCan() {
        TrainingSet regression = Problems.linear(50, 0.1, 1).train();

        assertThatThrownBy(() -> Algorithms.fit("logistic_regression", regression, Map.of(), 1))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("logistic_regression cannot learn a regression training set; for regression use one of: "
                        + "decision_tree, gradient_boosting, linear_regression, random_forest, ridge");
        TrainingSet unlabelled = TrainingSet.unlabelled(regression.x(), regression.featureNames());
        assertThatThrownBy(() -> Algorithms.fit("ridge", unlabelled, Map.of(), 1))
                .hasMessageContaining("ridge needs a target, and this training set has none");
    }

    @Test
    void missingValueForAParameterIsRejected() {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("alpha", null);

        assertThatThrownBy(() -> Algorithms.fit("ridge", Problems.linear(50, 0.1, 1).train(), params, 1))
                .hasMessageContaining("parameter 'alpha' of ridge has no value");
    }

    @Test
    void everyAlgorithmDescribesItsParametersWithValidDefaults() {
        assertThat(Algorithms.all()).hasSize(10);
        for (AlgorithmSpec spec : Algorithms.all()) {
            assertThat(spec.resolve(Map.of())).isEqualTo(spec.defaults());
            for (ParamSpec p : spec.params()) {
                assertThat(p.coerce(spec.name(), p.defaultValue())).isEqualTo(p.defaultValue());
                assertThat(p.range()).isNotBlank();
            }
        }
        assertThat(Algorithms.namesFor(LearningTask.CLUSTERING)).containsExactly("kmeans");
    }

    @Test
    void kNearestNeighboursNeedsAtLeastKRows() {
        assertThatThrownBy(() -> Algorithms.fit("knn", data, Map.of("k", 1000), 1))
                .hasMessage("knn with k = 1000 needs at least 1000 training rows, but there are 45; lower k");
    }
}
