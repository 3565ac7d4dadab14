package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyIsTheShareOfMatchingLabels() {
        assertThat(Metrics.accuracy(new String[] {"a", "b", "a", "a"}, new String[] {"a", "b", "b", "a"}))
                .isEqualTo(0.75);
    }

    @Test
    void binaryRocAucCountsPairsWithTiesAsHalf() {
        // Positive scores 0.9, 0.4, 0.3 against negative 0.8, 0.3: pairs won 1 + 1 + 0 + 1 + 0 + ½ = 3.5 of 6.
        boolean[] positive = {true, false, true, false, true};
        double[] score = {0.9, 0.8, 0.4, 0.3, 0.3};

        assertThat(Metrics.rocAuc(positive, score)).isEqualTo(3.5 / 6);
    }

    @Test
    void rocAucOfProbabilitiesUsesTheSecondClassForTwoClasses() {
        String[] actual = {"no", "yes", "yes", "no"};
        double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.7, 0.3}, {0.6, 0.4}};

        // Positives 0.8, 0.3 against negatives 0.1, 0.4: 1 + 1 + 1 + 0 = 3 of 4.
        assertThat(Metrics.rocAuc(actual, p, List.of("no", "yes"))).isEqualTo(0.75);
    }

    @Test
    void multiclassRocAucIsTheMacroMeanOfOneVersusRest() {
        String[] actual = {"a", "b", "c", "a"};
        double[][] p = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.3, 0.3, 0.4}, {0.2, 0.2, 0.6}};

        // a: 2.5/4, b: 3/3, c: 2/3 → (5/8 + 1 + 2/3) / 3 = 55/72.
        assertThat(Metrics.rocAuc(actual, p, List.of("a", "b", "c"))).isCloseTo(55.0 / 72, within(1e-15));
    }

    @Test
    void rocAucIsUndefinedWithOneClass() {
        assertThatThrownBy(() -> Metrics.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.2}))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("all 2 rows are positive");
        assertThatThrownBy(() -> Metrics.rocAuc(new String[] {"a", "b"}, new double[][] {{1, 0, 0}, {0, 1, 0}},
                List.of("a", "b", "c"))).hasMessageContaining("class 'c' has no rows");
    }

    @Test
    void logLossIsTheMeanNegativeLogProbabilityOfTheActualClass() {
        double[][] p = {{0.8, 0.2}, {0.4, 0.6}};

        // -(ln 0.8 + ln 0.6) / 2
        assertThat(Metrics.logLoss(new String[] {"a", "b"}, p, List.of("a", "b")))
                .isCloseTo(0.3669845875401002, within(1e-15));
    }

    @Test
    void logLossClipsAZeroProbability() {
        assertThat(Metrics.logLoss(new String[] {"a"}, new double[][] {{0, 1}}, List.of("a", "b")))
                .isCloseTo(34.538776394910684, within(1e-9));
    }

    @Test
    void binaryF1IsTwoTruePositivesOverTwoTruePositivesPlusErrors() {
        String[] actual = {"1", "1", "0", "0", "1"};
        String[] predicted = {"1", "0", "1", "0", "1"};

        // tp 2, fp 1, fn 1 → 4 / 6
        assertThat(Metrics.f1(actual, predicted, "1")).isEqualTo(4.0 / 6);
        assertThat(Metrics.f1(actual, predicted, "absent")).isZero();
    }

    @Test
    void macroF1AveragesOverEveryActualOrPredictedLabel() {
        String[] actual = {"a", "a", "b", "c"};
        String[] predicted = {"a", "b", "b", "b"};

        // a: 2/3, b: 2/4, c: 0 → 7/18
        assertThat(Metrics.macroF1(actual, predicted)).isCloseTo(7.0 / 18, within(1e-15));
    }

    @Test
    void regressionErrors() {
        double[] actual = {1, 2, 3};
        double[] predicted = {1, 3, 5};

        assertThat(Metrics.rmse(actual, predicted)).isEqualTo(Math.sqrt(5.0 / 3));
        assertThat(Metrics.mae(actual, predicted)).isEqualTo(1.0);
        // SS_res 5, SS_tot 2
        assertThat(Metrics.r2(actual, predicted)).isEqualTo(-1.5);
        assertThat(Metrics.r2(actual, actual)).isEqualTo(1.0);
    }

    @Test
    void r2OfAConstantTargetIsOneWhenPerfectAndZeroOtherwise() {
        assertThat(Metrics.r2(new double[] {2, 2}, new double[] {2, 2})).isEqualTo(1.0);
        assertThat(Metrics.r2(new double[] {2, 2}, new double[] {2, 3})).isEqualTo(0.0);
    }

    @Test
    void mismatchedOrEmptyInputsAreRejected() {
        assertThatThrownBy(() -> Metrics.mae(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("there are 1 actual values but 2 predictions; give one prediction per row");
        assertThatThrownBy(() -> Metrics.accuracy(new String[0], new String[0]))
                .hasMessage("a metric needs at least one row");
    }
}
