package dev.gyre.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.TrainingData;
import dev.gyre.training.search.Domain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSpecErrorsTest {

    private static final String SPEC = """
            experiment: small
            target: y
            task: binary_classification
            features:
              columns:
                colour: [one_hot]
                size: [{impute: median}]
            validation: {folds: 3}
            search: {sampler: random, max_trials: 4, seed: 7}
            algorithms:
              logistic_regression: {c: {float_range: [0.01, 10], log: true}}
              random_forest: {n_trees: {int_range: [10, 30]}, max_depth: {choice: [4, 8, 0]}}
            """;

    private final TrainingSpecParser parser = new TrainingSpecParser();

    @Test
    void aValidSpecIsReadWithItsDomainsAndDefaults() {
        TrainingSpec spec = parser.parse(SPEC, "accuracy");
        assertThat(spec.task()).isEqualTo(TaskType.BINARY_CLASSIFICATION);
        assertThat(spec.metricOrDefault()).isEqualTo("accuracy");
        assertThat(spec.features().target()).contains("y");
        assertThat(spec.features().line("columns.colour")).hasValue(6);
        assertThat(spec.algorithms().get("random_forest"))
                .containsEntry("n_trees", Domain.intRange(10, 30))
                .containsEntry("max_depth", Domain.choice(List.of(4, 8, 0)));
        assertThat(spec.settings().parallelism()).isEqualTo(1);
        assertThat(spec.search().maxTrials()).isEqualTo(4);
    }

    @Test
    void theSpecHashIgnoresCommentsAndKeyOrder() {
        String reordered = SPEC.replace("  random_forest: {n_trees: {int_range: [10, 30]}, max_depth: {choice: [4, 8, 0]}}",
                "  random_forest: {max_depth: {choice: [4, 8, 0]}, n_trees: {int_range: [10, 30]}}  # forest");
        assertThat(parser.parse(reordered).sha256()).isEqualTo(parser.parse(SPEC).sha256());
        assertThat(parser.parse(SPEC.replace("seed: 7", "seed: 8")).sha256()).isNotEqualTo(parser.parse(SPEC).sha256());
    }

    @Test
    void anUnknownAlgorithmNamesItsLineAndTheKnownOnes() {
        assertError(SPEC.replace("  random_forest:", "  random_forrest:"),
                "Line 12, field 'algorithms.random_forrest'", "random_forest");
    }

    @Test
    void anUnknownParameterNamesItsLineAndSuggestsTheRightOne() {
        assertError(SPEC.replace("max_depth: {choice", "depth: {choice"),
                "Line 12, field 'algorithms.random_forest.depth'", "max_depth");
    }

    @Test
    void anEmptySearchSpaceIsRefused() {
        assertError(SPEC.substring(0, SPEC.indexOf("algorithms:")) + "algorithms: {}\n",
                "Line 10, field 'algorithms'", "empty");
    }

    @Test
    void aZeroBudgetIsRefused() {
        assertError(SPEC.replace("max_trials: 4", "max_trials: 0"), "Line 9, field 'search.max_trials'", "no budget");
    }

    @Test
    void aBadRangeNamesItsParameter() {
        assertError(SPEC.replace("[0.01, 10]", "[10, 0.01]"), "Line 11, field 'algorithms.logistic_regression.c'", "");
    }

    @Test
    void aMetricOfTheOtherTaskIsRefused() {
        assertError(SPEC.replace("task: binary_classification", "task: binary_classification\nmetric: rmse"),
                "Line 4, field 'metric'", "roc_auc");
    }

    @Test
    void anAlgorithmThatCannotLearnTheTaskIsRefused() {
        assertError(SPEC.replace("binary_classification", "regression").replace("  random_forest", "  ridge: {}\n  random_forest"),
                "Line 11, field 'algorithms.logistic_regression'", "cannot learn regression");
    }

    @Test
    void featureSpecErrorsKeepTheirLinesInTheTrainingSpec() {
        assertError(SPEC.replace("[one_hot]", "[one_hot, standardise]"), "Line 6", "standardise");
    }

    @Test
    void unknownKeysAndMissingFieldsNameTheFix() {
        assertError(SPEC.replace("validation:", "validaton:"), "Line 8, field 'validaton'", "unknown key");
        assertError(SPEC.replace("target: y\n", ""), "Line 1, field 'target'", "missing");
        assertError(SPEC.replace("binary_classification", "binary"), "Line 3, field 'task'", "regression");
        assertError(SPEC + "  knn: {k: {int_range: [1, 5]}}\n  knn: {}\n", "Line 14, field 'knn'", "twice");
    }

    @Test
    void anUnknownColumnIsRefusedBeforeTrainingWithItsLine() {
        TrainingSpec spec = parser.parse(SPEC.replace("    size:", "    weight:"));
        assertJobError(spec, table(new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}), "Line 7", "weight");
    }

    @Test
    void aMissingTargetColumnIsRefusedWithItsLine() {
        TrainingSpec spec = parser.parse(SPEC.replace("target: y", "target: label"));
        assertJobError(spec, table(new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}), "Line 2, field 'target'", "no column 'label'");
    }

    @Test
    void aConstantTargetIsRefusedWithItsLine() {
        TrainingSpec spec = parser.parse(SPEC);
        assertJobError(spec, table(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), "Line 2, field 'target'", "constant");
    }

    private void assertError(String yaml, String where, String hint) {
        assertThatThrownBy(() -> parser.parse(yaml))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith(where)
                .hasMessageContaining(hint);
    }

    private static void assertJobError(TrainingSpec spec, Table table, String where, String hint) {
        List<String> heard = new ArrayList<>();
        assertThatThrownBy(() -> new TrainingJob().run(spec, TrainingData.train(table), new RecordingTracker(heard), null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith(where)
                .hasMessageContaining(hint);
        assertThat(heard).isEmpty();
    }

    private static Table table(double[] y) {
        String[] colour = new String[y.length];
        double[] size = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            colour[i] = i % 3 == 0 ? "red" : "blue";
            size[i] = i;
        }
        return Table.of(CategoricalColumn.of("colour", colour), NumericColumn.of("size", size), NumericColumn.of("y", y));
    }
}
