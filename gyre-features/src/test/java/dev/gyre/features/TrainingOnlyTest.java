package dev.gyre.features;

import static dev.gyre.features.Tables.categories;
import static dev.gyre.features.Tables.column;
import static dev.gyre.features.Tables.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import org.junit.jupiter.api.Test;

class TrainingOnlyTest {
    private static final FeatureSpec SPEC = Specs.parse("""
            columns:
              x: [{impute: median}, standardize]
              c: [{one_hot: {max_categories: 2}}]
            """);

    @Test
    void statisticsComeFromTheTrainingTableOnly() {
        // A: x 1, 2, 3 (mean 2, std sqrt(2/3)); c mostly a, then b
        Table a = Tables.of(numbers("x", 1.0, 2.0, 3.0), categories("c", "a", "a", "b"));
        // B: very different values, including a category that is frequent in B and unknown in A
        Table b = Tables.of(numbers("x", 100.0, 200.0, null), categories("c", "z", "z", "a"));
        FittedFeatures fitted = FeaturePipeline.fit(TrainingData.train(a), SPEC);

        Table out = fitted.transform(b);

        double std = Math.sqrt(2.0 / 3.0);
        assertThat(column(out, "x")).as("A's mean 2, std and median 2")
                .containsExactly((100 - 2) / std, (200 - 2) / std, (2 - 2) / std);
        assertThat(fitted.featureNames()).containsExactly("x", "c=a", "c=b");
        assertThat(column(out, "c=a")).containsExactly(0, 0, 1);
    }

    @Test
    void fittingOnTheSealedTestSplitIsRefused() {
        Table rows = Tables.of(numbers("x", 1.0, 2.0), categories("c", "a", "b"));
        assertThatThrownBy(() -> FeaturePipeline.fit(new TrainingData(rows, TrainingData.SplitRole.TEST), SPEC))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("the test split is sealed: features are fitted on training data only");
    }

    @Test
    void trainValidationAndUnsplitDataMayBeFitted() {
        Table rows = Tables.of(numbers("x", 1.0, 2.0), categories("c", "a", "b"));
        for (TrainingData.SplitRole role : new TrainingData.SplitRole[] {TrainingData.SplitRole.TRAIN,
                TrainingData.SplitRole.VALIDATION, TrainingData.SplitRole.NONE}) {
            assertThat(FeaturePipeline.fit(new TrainingData(rows, role), SPEC).featureCount()).isEqualTo(3);
        }
        assertThat(TrainingData.SplitRole.fromWireName("Test")).isEqualTo(TrainingData.SplitRole.TEST);
        assertThat(TrainingData.SplitRole.fromWireName(null)).isEqualTo(TrainingData.SplitRole.NONE);
        assertThatThrownBy(() -> TrainingData.SplitRole.fromWireName("holdout"))
                .hasMessage("Unknown split role 'holdout': use one of train, validation, test, none.");
    }

    @Test
    void theTestSplitCanBeTransformedWithFeaturesFittedOnTrain() {
        Table train = Tables.of(numbers("x", 1.0, 3.0), categories("c", "a", "b"));
        Table test = Tables.of(numbers("x", 5.0), categories("c", "b"));
        FittedFeatures fitted = FeaturePipeline.fit(TrainingData.train(train), SPEC);
        assertThat(fitted.toMatrix(test)[0]).containsExactly(3, 0, 1);
    }
}
