package dev.gyre.validation.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PermutationImportanceTest {

    private final double[][] train = Data.gaussian(400, 3, 21);
    private final double[][] test = Data.gaussian(300, 3, 22);
    private final double[] testY = Data.graded(test, 23);

    @Test
    void ranksAStrongAWeakAndAnIgnoredFeature() {
        for (String algorithm : List.of("ridge", "random_forest")) {
            TrainedModel model = Algorithms.fit(algorithm,
                    TrainingSet.regression(train, Data.names(3), Data.graded(train, 20)), Map.of(), 1);
            PermutationImportance.Report report = PermutationImportance.compute(model, test, Scorer.rmse(testY), 7);

            assertThat(report.metric()).isEqualTo("rmse");
            assertThat(report.repeats()).isEqualTo(10);
            assertThat(report.features()).extracting(FeatureImportance::feature).containsExactly("x0", "x1", "x2");
            FeatureImportance x0 = report.features().get(0);
            FeatureImportance x1 = report.features().get(1);
            FeatureImportance x2 = report.features().get(2);
            assertThat(x1.lower()).as(algorithm).isGreaterThan(x2.upper());
            assertThat(x0.lower()).as(algorithm).isGreaterThan(x1.upper());
            assertThat(Math.abs(x2.mean())).as(algorithm).isLessThan(0.02 * x0.mean());
            assertThat(x0.drops()).hasSize(10);
            assertThat(x0.lower()).isLessThanOrEqualTo(x0.mean());
            assertThat(x0.upper()).isGreaterThanOrEqualTo(x0.mean());
        }
    }

    @Test
    void aSeededRunIsRepeatable() {
        TrainedModel model = Algorithms.fit("random_forest",
                TrainingSet.regression(train, Data.names(3), Data.graded(train, 20)), Map.of("n_trees", 20), 1);
        Scorer r2 = Scorer.r2(testY);
        PermutationImportance.Report a = PermutationImportance.compute(model, test, r2, 42);
        PermutationImportance.Report b = PermutationImportance.compute(model, test, r2, 42);
        PermutationImportance.Report c = PermutationImportance.compute(model, test, r2, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a.features().get(0).feature()).isEqualTo("x0");
    }

    @Test
    void groupsOfOneHotColumnsArePermutedTogether() {
        // colour is one-hot encoded in three columns; the label depends on colour=red and on size.
        Random r = new Random(5);
        List<String> names = List.of("colour=blue", "colour=green", "colour=red", "size", "size_missing", "noise");
        double[][] x = new double[600][6];
        String[] y = new String[600];
        for (int i = 0; i < x.length; i++) {
            x[i][r.nextInt(3)] = 1;
            x[i][3] = r.nextGaussian();
            x[i][5] = r.nextGaussian();
            y[i] = x[i][2] + 0.3 * x[i][3] + 0.3 * r.nextGaussian() > 0.5 ? "yes" : "no";
        }
        double[][] trainX = java.util.Arrays.copyOf(x, 400);
        String[] trainY = java.util.Arrays.copyOf(y, 400);
        double[][] testX = java.util.Arrays.copyOfRange(x, 400, 600);
        String[] testLabels = java.util.Arrays.copyOfRange(y, 400, 600);
        TrainedModel model = Algorithms.fit("logistic_regression", TrainingSet.classification(trainX, names, trainY),
                Map.of(), 1);
        FeatureGroups groups = FeatureGroups.byNamePrefix(names);
        assertThat(groups.names()).containsExactly("colour", "size", "noise");
        assertThat(groups.columns().get(0)).containsExactly(0, 1, 2);
        assertThat(groups.columns().get(1)).containsExactly(3, 4);

        PermutationImportance.Report report = PermutationImportance.compute(model, testX,
                Scorer.rocAuc(testLabels, model.classes()), groups, 5, 3);

        assertThat(report.features()).extracting(FeatureImportance::feature).containsExactly("colour", "size", "noise");
        assertThat(report.features().get(0).columns()).containsExactly("colour=blue", "colour=green", "colour=red");
        assertThat(report.features().get(2).mean()).isCloseTo(0, within(0.02));
        assertThat(report.baseline()).isGreaterThan(0.8);
    }

    @Test
    void explicitGroupsAndTheirErrors() {
        List<String> names = List.of("a", "b", "c");
        FeatureGroups groups = FeatureGroups.of(names, Map.of("ab", List.of("a", "b")));
        assertThat(groups.names()).containsExactly("ab", "c");
        assertThatThrownBy(() -> FeatureGroups.of(names, Map.of("z", List.of("zz"))))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'zz'");
        TrainedModel model = Algorithms.fit("ridge",
                TrainingSet.regression(train, Data.names(3), Data.graded(train, 20)), Map.of(), 1);
        assertThatThrownBy(() -> PermutationImportance.compute(model, new double[][] {test[0]}, Scorer.rmse(testY), 1))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("two rows");
    }

    @Test
    void theStudentQuantileIsTabulatedThenApproximated() {
        assertThat(PermutationImportance.tQuantile(9)).isEqualTo(2.262);
        assertThat(PermutationImportance.tQuantile(40)).isCloseTo(2.021, within(0.001));
        assertThat(PermutationImportance.tQuantile(120)).isCloseTo(1.980, within(0.001));
    }
}
