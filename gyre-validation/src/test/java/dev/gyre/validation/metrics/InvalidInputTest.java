package dev.gyre.validation.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InvalidInputTest {

    private static void refused(ThrowingCallable call, String... fragments) {
        var assertion = assertThatThrownBy(call).isInstanceOf(GyreException.InvalidArgument.class);
        for (String fragment : fragments) {
            assertion.hasMessageContaining(fragment);
        }
    }

    @Test
    void mismatchedLengths() {
        refused(() -> ClassificationMetrics.accuracy(new int[] {0, 1}, new int[] {0}),
                "y_true has 2 rows but y_pred has 1", "same row order");
        refused(() -> RegressionMetrics.rmse(new double[] {1}, new double[] {1, 2}), "y_pred has 2");
        refused(() -> RankingMetrics.rocAucOvr(new int[] {0}, new double[][] {{0.5, 0.5}, {0.5, 0.5}}),
                "probabilities has 2");
    }

    @Test
    void emptyAndMissingInput() {
        refused(() -> ClassificationMetrics.accuracy(new int[0], new int[0]), "empty", "at least one row");
        refused(() -> RegressionMetrics.mae(null, new double[] {1}), "y_true is missing");
        refused(() -> Bootstrap.interval(rows -> MetricValue.of(1), 0, 1L), "empty");
    }

    @Test
    void probabilitiesOutOfRangeOrNotSummingToOne() {
        refused(() -> ProbabilityMetrics.logLoss(new int[] {1}, new double[] {1.2}), "[0, 1]", "sigmoid");
        refused(() -> RankingMetrics.rocAucOvr(new int[] {0, 1}, new double[][] {{0.6, 0.6}, {0.5, 0.5}}),
                "sums to 1.2", "normalise");
        refused(() -> ProbabilityMetrics.logLoss(new int[] {0}, new double[][] {{-0.1, 1.1}}), "[0, 1]");
        refused(() -> CalibrationCurve.of(new int[] {1}, new double[] {Double.NaN}, 5,
                CalibrationCurve.Strategy.UNIFORM), "[0, 1]");
    }

    @Test
    void labelsOutsideTheClasses() {
        refused(() -> ClassificationMetrics.precision(new int[] {0, 2}, new int[] {0, 1}), "0 (negative) or 1");
        refused(() -> ProbabilityMetrics.logLoss(new int[] {3}, new double[][] {{0.5, 0.5}}), "0..1");
        refused(() -> ClassificationMetrics.report(new int[] {-1}, new int[] {0}), "indices");
    }

    @Test
    void badOptions() {
        refused(() -> CalibrationCurve.of(new int[] {1}, new double[] {0.5}, 0, CalibrationCurve.Strategy.UNIFORM),
                "n_bins is 0");
        refused(() -> Bootstrap.interval(rows -> MetricValue.of(1), 3, 1L, 100, 1.5), "level");
        refused(() -> Bootstrap.interval(rows -> MetricValue.of(1), 3, 1L, 0, 0.9), "resamples");
        refused(() -> RegressionMetrics.rmse(new double[] {Double.POSITIVE_INFINITY}, new double[] {1}), "finite");
        refused(() -> RegressionMetrics.residualQuantiles(new double[] {1}, new double[] {1}, 5.0), "0.05");
    }
}
