package dev.gyre.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    @Test
    void valuesAreNormalisedToTheParameterTypes() {
        SearchSpace space = SearchSpace.of("random_forest", Map.of(
                "max_features", Domain.choice(List.of("sqrt", "log2")),
                "n_trees", Domain.choice(List.of("10", 20L, 20)),
                "bootstrap", Domain.fixed("false")));
        assertThat(space.params("random_forest").get("n_trees")).isEqualTo(Domain.choice(List.of(10, 20)));
        assertThat(space.params("random_forest").get("bootstrap")).isEqualTo(Domain.fixed(false));
    }

    @Test
    void anUnknownParameterNamesTheAlgorithmAndTheKnownOnes() {
        assertThatThrownBy(() -> SearchSpace.of("random_forest", Map.of("depth", Domain.intRange(1, 5))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'depth'").hasMessageContaining("random_forest")
                .hasMessageContaining("known: n_trees, max_depth");
    }

    @Test
    void boundsOutsideTheAllowedRangeAreRefused() {
        assertThatThrownBy(() -> SearchSpace.of("gradient_boosting", Map.of("learning_rate", Domain.floatRange(0.1, 2))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("learning_rate").hasMessageContaining("gradient_boosting").hasMessageContaining("(0, 1]");
    }

    @Test
    void aRangeOfTheWrongTypeSaysWhichToUse() {
        assertThatThrownBy(() -> SearchSpace.of("random_forest", Map.of("n_trees", Domain.floatRange(10, 100))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("n_trees").hasMessageContaining("use int_range");
        assertThatThrownBy(() -> SearchSpace.of("random_forest", Map.of("max_features", Domain.intRange(1, 3))))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("choice");
    }

    @Test
    void spacesWithoutAnyPointAreRefused() {
        assertThatThrownBy(() -> SearchSpace.builder().build())
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> SearchSpace.of("random_forest", Map.of("n_trees", Domain.choice(List.of()))))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("no valid point");
        assertThatThrownBy(() -> SearchSpace.of("random_forest", Map.of("n_trees", Domain.intRange(50, 10))))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("lo <= hi");
        assertThatThrownBy(() -> SearchSpace.of("logistic_regression", Map.of("c", Domain.floatRange(0, 1, true))))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("lo > 0");
    }

    @Test
    void anUnknownAlgorithmListsTheKnownOnes() {
        assertThatThrownBy(() -> SearchSpace.of("xgboost", Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("gradient_boosting");
    }
}
