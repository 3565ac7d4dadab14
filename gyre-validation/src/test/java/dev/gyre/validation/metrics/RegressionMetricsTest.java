package dev.gyre.validation.metrics;

import static dev.gyre.validation.metrics.Fixtures.TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void handWorked() {
        double[] y = {3, -0.5, 2, 7};
        double[] p = {2.5, 0.0, 2, 8};
        // errors .5, -.5, 0, -1: MSE = (.25+.25+0+1)/4 = .375, RMSE = sqrt(.375); MAE = 2/4 = .5
        // mean y = 2.875; SS_tot = .015625+11.390625+.765625+17.015625 = 29.1875; R2 = 1 - 1.5/29.1875
        // MAPE = (.5/3 + .5/.5 + 0 + 1/7) / 4
        assertThat(RegressionMetrics.rmse(y, p).get()).isCloseTo(Math.sqrt(0.375), within(1e-15));
        assertThat(RegressionMetrics.mae(y, p).get()).isEqualTo(0.5);
        assertThat(RegressionMetrics.r2(y, p).get()).isCloseTo(1 - 1.5 / 29.1875, within(1e-15));
        assertThat(RegressionMetrics.mape(y, p).get()).isCloseTo((0.5 / 3 + 1 + 1.0 / 7) / 4, within(1e-15));
    }

    @Test
    void mapeFloorsZeroTargetsAtMachineEpsilon() {
        // |0 - 1| / max(0, eps) = 1 / 2.220446049250313e-16
        assertThat(RegressionMetrics.mape(new double[] {0}, new double[] {1}).get())
                .isEqualTo(1 / 2.220446049250313e-16);
    }

    @Test
    void handWorkedResidualQuantiles() {
        // residuals y - p = {4, 1, 3, 2, 0} sorted {0,1,2,3,4}; q .25 -> index 1 -> 1; q .1 -> index .4 -> .4
        double[] y = {5, 2, 4, 3, 1};
        double[] p = {1, 1, 1, 1, 1};
        Map<Double, Double> q = RegressionMetrics.residualQuantiles(y, p, 0.1, 0.25, 0.5, 1.0);
        assertThat(q.get(0.1)).isCloseTo(0.4, within(1e-15));
        assertThat(q.get(0.25)).isEqualTo(1.0);
        assertThat(q.get(0.5)).isEqualTo(2.0);
        assertThat(q.get(1.0)).isEqualTo(4.0);
    }

    @Test
    void constantTargetHasNoR2() {
        MetricValue r2 = RegressionMetrics.r2(new double[] {2, 2, 2}, new double[] {1, 2, 3});
        assertThat(r2.isApplicable()).isFalse();
        assertThat(r2.reason()).contains("vary");
    }

    @Test
    void matchesScikitLearn() {
        JsonNode f = Fixtures.load("regression.json");
        double[] y = Fixtures.doubles(f.get("y_true"));
        double[] p = Fixtures.doubles(f.get("y_pred"));
        assertThat(RegressionMetrics.rmse(y, p).get()).isCloseTo(f.get("rmse").asDouble(), within(TOLERANCE));
        assertThat(RegressionMetrics.mae(y, p).get()).isCloseTo(f.get("mae").asDouble(), within(TOLERANCE));
        assertThat(RegressionMetrics.r2(y, p).get()).isCloseTo(f.get("r2").asDouble(), within(TOLERANCE));
        // near-zero targets make MAPE huge (~1e13): compare relative to its size
        double mape = f.get("mape").asDouble();
        assertThat(RegressionMetrics.mape(y, p).get()).isCloseTo(mape, within(mape * 1e-12));
        double[] y4 = java.util.Arrays.copyOfRange(y, 4, y.length);
        double[] p4 = java.util.Arrays.copyOfRange(p, 4, p.length);
        assertThat(RegressionMetrics.mape(y4, p4).get())
                .isCloseTo(f.get("mape_without_near_zero").asDouble(), within(TOLERANCE));
        double[] levels = Fixtures.doubles(f.get("levels"));
        Map<Double, Double> q = RegressionMetrics.residualQuantiles(y, p, levels);
        double[] expected = Fixtures.doubles(f.get("residual_quantiles"));
        for (int i = 0; i < levels.length; i++) {
            assertThat(q.get(levels[i])).isCloseTo(expected[i], within(TOLERANCE));
        }
        assertThat(RegressionMetrics.residualQuantiles(y, p).keySet()).containsExactly(0.05, 0.25, 0.5, 0.75, 0.95);
    }

    @Test
    void classLabelColumnIsRefused() {
        assertThatThrownBy(() -> RegressionMetrics.numericTargets(CategoricalColumn.of("species", "cat", "dog")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'species'")
                .hasMessageContaining("classification metrics");
        assertThat(RegressionMetrics.numericTargets(NumericColumn.of("price", 1.5, 2.5))).containsExactly(1.5, 2.5);
    }
}
