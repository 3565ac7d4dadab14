package dev.gyre.validation.metrics;

import static dev.gyre.validation.metrics.Fixtures.TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ProbabilityAndCalibrationTest {

    @Test
    void handWorkedLogLossAndBrier() {
        int[] y = {1, 0, 1, 0};
        double[] p = {0.8, 0.3, 0.5, 0.1};
        // log loss = -(ln .8 + ln .7 + ln .5 + ln .9) / 4
        double expected = -(Math.log(0.8) + Math.log(0.7) + Math.log(0.5) + Math.log(0.9)) / 4;
        assertThat(ProbabilityMetrics.logLoss(y, p).get()).isCloseTo(expected, within(1e-12));
        // brier = (.04 + .09 + .25 + .01) / 4 = 0.0975
        assertThat(ProbabilityMetrics.brier(y, p).get()).isCloseTo(0.0975, within(1e-15));
    }

    @Test
    void logLossClipsCertainMistakes() {
        // p = 0 for a positive row: clipped to eps, loss = -ln(eps) / 1 instead of infinity
        MetricValue loss = ProbabilityMetrics.logLoss(new int[] {1}, new double[] {0.0}, 1e-15);
        assertThat(loss.get()).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(ProbabilityMetrics.logLoss(new int[] {1}, new double[] {0.0}).get())
                .isCloseTo(-Math.log(Math.ulp(1.0)), within(1e-9));
    }

    @Test
    void handWorkedMulticlassLogLoss() {
        int[] y = {0, 2};
        double[][] p = {{0.5, 0.25, 0.25}, {0.1, 0.1, 0.8}};
        // -(ln .5 + ln .8) / 2
        assertThat(ProbabilityMetrics.logLoss(y, p).get())
                .isCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, within(1e-12));
    }

    @Test
    void handWorkedCalibrationCurve() {
        int[] y = {0, 0, 1, 1, 1, 0};
        double[] p = {0.1, 0.2, 0.25, 0.6, 0.9, 0.5};
        // uniform, 2 bins, inner edge 0.5; 0.5 sits on the edge and falls in the lower bin
        // bin 0: {.1,.2,.25,.5} y {0,0,1,0} -> frac 1/4, mean 1.05/4; bin 1: {.6,.9} y {1,1} -> 1, 0.75
        CalibrationCurve c = CalibrationCurve.of(y, p, 2, CalibrationCurve.Strategy.UNIFORM);
        assertThat(c.fractionOfPositives()).containsExactly(0.25, 1.0);
        assertThat(c.meanPredicted()[0]).isCloseTo(1.05 / 4, within(1e-15));
        assertThat(c.meanPredicted()[1]).isCloseTo(0.75, within(1e-15));
        assertThat(c.counts()).containsExactly(4, 2);
        // quantile, 2 bins: edge = median of sorted {.1,.2,.25,.5,.6,.9} = (.25 + .5)/2 = .375
        // bin 0: {.1,.2,.25} y {0,0,1}; bin 1: {.5,.6,.9} y {0,1,1}
        CalibrationCurve q = CalibrationCurve.of(y, p, 2, CalibrationCurve.Strategy.QUANTILE);
        assertThat(q.fractionOfPositives()[0]).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(q.fractionOfPositives()[1]).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(q.counts()).containsExactly(3, 3);
    }

    @Test
    void emptyBinsAreLeftOut() {
        CalibrationCurve c = CalibrationCurve.of(new int[] {0, 1}, new double[] {0.05, 0.95}, 10,
                CalibrationCurve.Strategy.UNIFORM);
        assertThat(c.counts()).containsExactly(1, 1);
    }

    @Test
    void matchesScikitLearn() {
        JsonNode f = Fixtures.load("binary.json");
        int[] y = Fixtures.ints(f.get("y_true"));
        double[] scores = Fixtures.doubles(f.get("scores"));
        double[] continuous = Fixtures.doubles(f.get("continuous"));
        assertThat(ProbabilityMetrics.logLoss(y, scores).get()).isCloseTo(f.get("log_loss").asDouble(), within(TOLERANCE));
        assertThat(ProbabilityMetrics.logLoss(y, scores, 1e-15).get())
                .isCloseTo(f.get("log_loss_eps_1e-15").asDouble(), within(TOLERANCE));
        assertThat(ProbabilityMetrics.logLoss(y, continuous).get())
                .isCloseTo(f.get("log_loss_continuous").asDouble(), within(TOLERANCE));
        assertThat(ProbabilityMetrics.brier(y, scores).get()).isCloseTo(f.get("brier").asDouble(), within(TOLERANCE));
        JsonNode m = Fixtures.load("multiclass.json");
        assertThat(ProbabilityMetrics.logLoss(Fixtures.ints(m.get("y_true")), Fixtures.matrix(m.get("proba"))).get())
                .isCloseTo(m.get("log_loss").asDouble(), within(TOLERANCE));
    }

    @Test
    void calibrationCurvesMatchScikitLearn() {
        JsonNode f = Fixtures.load("binary.json");
        int[] y = Fixtures.ints(f.get("y_true"));
        assertThat(f.get("calibration")).hasSize(12);
        for (JsonNode curve : f.get("calibration")) {
            double[] probs = Fixtures.doubles(f.get(curve.get("data").asText()));
            CalibrationCurve.Strategy strategy = CalibrationCurve.Strategy.valueOf(
                    curve.get("strategy").asText().toUpperCase(java.util.Locale.ROOT));
            CalibrationCurve c = CalibrationCurve.of(y, probs, curve.get("n_bins").asInt(), strategy);
            String what = curve.toString().substring(0, 60);
            double[] frac = Fixtures.doubles(curve.get("prob_true"));
            double[] mean = Fixtures.doubles(curve.get("prob_pred"));
            assertThat(c.fractionOfPositives()).as(what).hasSize(frac.length);
            for (int i = 0; i < frac.length; i++) {
                assertThat(c.fractionOfPositives()[i]).as(what).isCloseTo(frac[i], within(TOLERANCE));
                assertThat(c.meanPredicted()[i]).as(what).isCloseTo(mean[i], within(TOLERANCE));
            }
        }
    }
}
