package dev.gyre.validation.metrics;

import static dev.gyre.validation.metrics.Fixtures.TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void handWorkedRocAucWithTies() {
        int[] y = {0, 0, 1, 1, 0, 1};
        double[] s = {0.1, 0.4, 0.4, 0.8, 0.8, 0.9};
        // pairs (positive, negative): 3 x 3 = 9. Positive 0.9 beats all 3 -> 3;
        // positive 0.8 beats 0.1, 0.4, ties 0.8 -> 2.5; positive 0.4 beats 0.1, ties 0.4 -> 1.5
        // AUC = (3 + 2.5 + 1.5) / 9 = 7/9
        assertThat(RankingMetrics.rocAuc(y, s).get()).isCloseTo(7.0 / 9, within(1e-15));
    }

    @Test
    void handWorkedAveragePrecisionWithTies() {
        int[] y = {0, 0, 1, 1, 0, 1};
        double[] s = {0.1, 0.4, 0.4, 0.8, 0.8, 0.9};
        // thresholds 0.9: tp1 fp0 P=1 R=1/3; 0.8: tp2 fp1 P=2/3 R=2/3; 0.4: tp3 fp2 P=3/5 R=1; 0.1: R stays 1
        // AP = 1/3*1 + 1/3*2/3 + 1/3*3/5 = (1 + 2/3 + 3/5)/3 = 34/45
        assertThat(RankingMetrics.averagePrecision(y, s).get()).isCloseTo(34.0 / 45, within(1e-15));
    }

    @Test
    void oneClassIsNotApplicable() {
        MetricValue auc = RankingMetrics.rocAuc(new int[] {1, 1, 1}, new double[] {0.2, 0.5, 0.9});
        assertThat(auc.isApplicable()).isFalse();
        assertThat(auc.reason()).contains("both classes");
        assertThat(RankingMetrics.averagePrecision(new int[] {0, 0}, new double[] {0.2, 0.5}).isApplicable())
                .isFalse();
        MetricValue ovr = RankingMetrics.rocAucOvr(new int[] {0, 1, 0},
                new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.6, 0.2, 0.2}});
        assertThat(ovr.reason()).contains("class 2");
    }

    @Test
    void handWorkedOvr() {
        int[] y = {0, 1, 2, 0};
        double[][] p = {{0.7, 0.2, 0.1}, {0.3, 0.4, 0.3}, {0.1, 0.3, 0.6}, {0.2, 0.5, 0.3}};
        // class 0 scores: pos {0.7, 0.2}, neg {0.3, 0.1}: pairs 0.7>both=2, 0.2>0.1=1 -> 3/4
        // class 1 scores: pos {0.4}, neg {0.2, 0.3, 0.5}: beats 0.2, 0.3 -> 2/3
        // class 2 scores: pos {0.6}, neg {0.1, 0.3, 0.3}: beats all -> 1
        // macro = (3/4 + 2/3 + 1) / 3
        assertThat(RankingMetrics.rocAucOvr(y, p).get()).isCloseTo((0.75 + 2.0 / 3 + 1) / 3, within(1e-15));
    }

    @Test
    void matchesScikitLearn() {
        JsonNode f = Fixtures.load("binary.json");
        int[] y = Fixtures.ints(f.get("y_true"));
        double[] scores = Fixtures.doubles(f.get("scores"));
        double[] continuous = Fixtures.doubles(f.get("continuous"));
        assertThat(RankingMetrics.rocAuc(y, scores).get()).isCloseTo(f.get("roc_auc").asDouble(), within(TOLERANCE));
        assertThat(RankingMetrics.rocAuc(y, continuous).get())
                .isCloseTo(f.get("roc_auc_continuous").asDouble(), within(TOLERANCE));
        assertThat(RankingMetrics.averagePrecision(y, scores).get())
                .isCloseTo(f.get("average_precision").asDouble(), within(TOLERANCE));
        assertThat(RankingMetrics.averagePrecision(y, continuous).get())
                .isCloseTo(f.get("average_precision_continuous").asDouble(), within(TOLERANCE));
        JsonNode m = Fixtures.load("multiclass.json");
        assertThat(RankingMetrics.rocAucOvr(Fixtures.ints(m.get("y_true")), Fixtures.matrix(m.get("proba"))).get())
                .isCloseTo(m.get("roc_auc_ovr_macro").asDouble(), within(TOLERANCE));
    }
}
