package dev.gyre.monitoring.performance;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Behaviour of the quality metrics beyond the scikit-learn fixtures: input checks, ties and the summary. */
class QualityMetricsTest {

    @Test
    void rocAucCountsTiesHalfAndMatchesThePairwiseDefinition() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + rnd.nextInt(150);
            boolean[] y = new boolean[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rnd.nextBoolean();
                s[i] = rnd.nextInt(8) + (y[i] ? 1 : 0); // few levels: many ties within and across classes
            }
            y[0] = true;
            y[1] = false;
            double pairs = 0;
            double wins = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(QualityMetrics.rocAuc(y, s)).isCloseTo(wins / pairs, within(1e-12));
        }
        assertThat(QualityMetrics.rocAuc(new boolean[] {true, false}, new double[] {0.3, 0.3})).isEqualTo(0.5);
        assertThat(QualityMetrics.rocAuc(new boolean[] {true, false}, new double[] {0.2, 0.9})).isEqualTo(0.0);
    }

    @Test
    void rocAucWithOneClassSaysItNeedsBothClasses() {
        assertThatThrownBy(() -> QualityMetrics.rocAuc(new String[] {"a", "a"}, new double[] {0.1, 0.9}, "b"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("needs both classes")
                .hasMessageContaining("negative");
    }

    @Test
    void refusesEmptyMismatchedAndNonFiniteInput() {
        assertThatThrownBy(() -> QualityMetrics.accuracy(new String[0], new String[0]))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("no labels");
        assertThatThrownBy(() -> QualityMetrics.rmse(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("2 true values but 1 predictions");
        assertThatThrownBy(() -> QualityMetrics.mae(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> QualityMetrics.rocAuc(new boolean[] {true, false}, new double[] {Double.POSITIVE_INFINITY, 0}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> QualityMetrics.logLoss(new String[] {"y"}, new double[] {1.2}, "y"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> QualityMetrics.logLoss(new String[] {"a"}, new double[][] {{0.5, 0.2}}, new String[] {"a", "b"}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("sum to");
        assertThatThrownBy(() -> QualityMetrics.logLoss(new String[] {"c"}, new double[][] {{0.5, 0.5}}, new String[] {"a", "b"}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not among the classes");
        assertThatThrownBy(() -> QualityMetrics.f1(new String[] {"a", null}, new String[] {"a", "b"}, "a"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("index 1 is null");
    }

    @Test
    void logLossClipsCertainMistakesAt1eMinus15() {
        // a positive at p = 0 costs −ln 1e-15; a negative at p = 1 costs −ln(1 − (1 − 1e-15)), the complement of the
        // clipped probability (9.992e-16 in binary floating point), as scikit-learn computes it
        double loss = QualityMetrics.logLoss(new String[] {"y", "n"}, new double[] {0.0, 1.0}, "y");
        assertThat(loss).isCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, within(1e-12));
        assertThat(loss).isBetween(34.5, 34.6);
    }

    @Test
    void summaryPicksTheCharterMetricByNameAndLeavesOutAucOnOneClass() {
        String[] truth = {"churn", "churn", "churn"};
        String[] predicted = {"churn", "stay", "churn"};
        QualitySummary s = QualitySummary.binary(truth, predicted, new double[] {0.9, 0.4, 0.7}, "churn");
        assertThat(s.metric("accuracy")).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(s.metric("f1")).isCloseTo(0.8, within(1e-15));
        assertThat(s.metrics()).doesNotContainKey("roc_auc").containsKey("log_loss");
        assertThat(s.note()).contains("AUC needs both classes");
        assertThatThrownBy(() -> s.metric("roc_auc")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("[accuracy, f1, log_loss]");
        QualitySummary r = QualitySummary.regression(new double[] {1, 2, 3}, new double[] {1, 2, 4});
        assertThat(r.task()).isEqualTo("regression");
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.metric("rmse")).isCloseTo(Math.sqrt(1 / 3.0), within(1e-15));
        assertThat(r.metric("r2")).isCloseTo(0.5, within(1e-15));
    }
}
