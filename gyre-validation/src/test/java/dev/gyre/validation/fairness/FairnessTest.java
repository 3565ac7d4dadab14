package dev.gyre.validation.fairness;

import static dev.gyre.validation.metrics.Fixtures.TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.Fixtures;
import dev.gyre.validation.metrics.MetricValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {

    //                          a  a  a  a  b  b  b  b  c  c
    private static final int[] Y = {1, 1, 0, 0, 1, 1, 0, 0, 0, 0};
    private static final int[] P = {1, 0, 1, 0, 1, 1, 0, 0, 1, 0};
    private static final String[] G = {"a", "a", "a", "a", "b", "b", "b", "b", "c", "c"};

    private static FairnessData small() {
        return new FairnessData(Y, P, SensitiveGroups.of("g", G), 3);
    }

    @Test
    void handWorkedGroupTable() {
        // selection rate: a 2/4 = .5, b 2/4 = .5, c 1/2 = .5 -> DP difference 0, ratio 1
        // TPR: a 1/2, b 2/2 = 1, c has no positives -> not applicable, left out: diff .5, ratio .5
        // FPR: a 1/2, b 0/2 = 0, c 1/2 -> diff .5, ratio 0/.5 = 0
        FairnessData data = small();
        GroupMetrics tpr = Fairness.byGroup(data, BinaryRates.truePositiveRate(data));
        assertThat(tpr.groups()).extracting(g -> g.key().values().get(0)).containsExactly("a", "b", "c");
        GroupMetrics.Group c = tpr.groups().get(2);
        assertThat(c.value().isApplicable()).isFalse();
        assertThat(c.value().reason()).contains("actual positives");
        assertThat(c.belowMinimumSize()).isTrue();
        assertThat(tpr.groups().get(0).belowMinimumSize()).isFalse();
        assertThat(tpr.difference().get()).isEqualTo(0.5);
        assertThat(tpr.ratio().get()).isEqualTo(0.5);
        // overall TPR = 3/4
        assertThat(tpr.overall().get()).isEqualTo(0.75);
        assertThat(FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE.compute(data).get()).isZero();
        assertThat(FairnessMeasure.DEMOGRAPHIC_PARITY_RATIO.compute(data).get()).isEqualTo(1.0);
        // equalised odds: worst of TPR (.5, .5) and FPR (.5, 0) -> difference .5, ratio 0
        assertThat(FairnessMeasure.EQUALIZED_ODDS_DIFFERENCE.compute(data).get()).isEqualTo(0.5);
        assertThat(FairnessMeasure.EQUALIZED_ODDS_RATIO.compute(data).get()).isZero();
        assertThat(FairnessMeasure.EQUAL_OPPORTUNITY_DIFFERENCE.compute(data).get()).isEqualTo(0.5);
    }

    @Test
    void handWorkedDisparateImpact() {
        // privileged b: selection 2/4 = .5; unprivileged a + c: 3/6 = .5 -> ratio 1, difference 0
        FairnessData data = small();
        assertThat(Fairness.disparateImpactRatio(data, Map.of("g", List.of("b"))).get()).isEqualTo(1.0);
        // privileged a + b: 4/8 = .5; unprivileged c: 1/2 -> 1
        assertThat(Fairness.disparateImpactRatio(data, Map.of("g", List.of("a", "b"))).get()).isEqualTo(1.0);
        // a different data set: predictions of b all 1 -> privileged b 4/4 = 1; others 3/6 -> ratio .5
        int[] p2 = P.clone();
        p2[6] = 1;
        p2[7] = 1;
        FairnessData data2 = new FairnessData(Y, p2, SensitiveGroups.of("g", G));
        assertThat(Fairness.disparateImpactRatio(data2, Map.of("g", List.of("b"))).get()).isEqualTo(0.5);
        assertThat(Fairness.statisticalParityDifference(data2, Map.of("g", List.of("b"))).get()).isEqualTo(-0.5);
    }

    @Test
    void unknownPrivilegedGroupIsRefused() {
        assertThatThrownBy(() -> Fairness.disparateImpactRatio(small(), Map.of("g", List.of("z"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("unknown privileged group")
                .hasMessageContaining("[a, b, c]");
        assertThatThrownBy(() -> Fairness.disparateImpactRatio(small(), Map.of("sex", List.of("a"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("not a sensitive attribute");
        assertThatThrownBy(() -> new FairnessData(Y, P, SensitiveGroups.of("g", new String[] {"a"})))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("same row order");
    }

    @Test
    void singleGroupHasNoSpread() {
        FairnessData data = new FairnessData(new int[] {1, 0}, new int[] {1, 1},
                SensitiveGroups.of("g", new String[] {"x", "x"}));
        MetricValue dp = FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE.compute(data);
        assertThat(dp.isApplicable()).isFalse();
        assertThat(dp.reason()).contains("at least two groups");
    }

    @Test
    void measuresMatchNumpyReference() {
        JsonNode f = Fixtures.load("fairness.json");
        int[] y = Fixtures.ints(f.get("y_true"));
        int[] p = Fixtures.ints(f.get("y_pred"));
        Map<String, String[]> both = new LinkedHashMap<>();
        both.put("sex", Fixtures.strings(f.get("sex")));
        both.put("age", Fixtures.strings(f.get("age")));
        check(f.get("by_sex"), new FairnessData(y, p, SensitiveGroups.of("sex", both.get("sex")), 30));
        check(f.get("by_sex_age"), new FairnessData(y, p, SensitiveGroups.of(both), 30));
        FairnessData bySex = new FairnessData(y, p, SensitiveGroups.of("sex", both.get("sex")));
        assertThat(Fairness.disparateImpactRatio(bySex, Map.of("sex", List.of("M"))).get())
                .isCloseTo(f.get("disparate_impact_M").asDouble(), within(TOLERANCE));
        assertThat(Fairness.statisticalParityDifference(bySex, Map.of("sex", List.of("M"))).get())
                .isCloseTo(f.get("statistical_parity_difference_M").asDouble(), within(TOLERANCE));
    }

    private static void check(JsonNode expected, FairnessData data) {
        for (FairnessMeasure m : FairnessMeasure.values()) {
            assertThat(m.compute(data).get()).as(m.metricName())
                    .isCloseTo(expected.get(m.metricName()).asDouble(), within(TOLERANCE));
        }
        Map<String, GroupMetrics> tables = Map.of(
                "selection_rate", Fairness.selectionRates(data),
                "tpr", Fairness.byGroup(data, BinaryRates.truePositiveRate(data)),
                "fpr", Fairness.byGroup(data, BinaryRates.falsePositiveRate(data)));
        for (Map.Entry<String, GroupMetrics> entry : tables.entrySet()) {
            JsonNode e = expected.get(entry.getKey());
            GroupMetrics t = entry.getValue();
            assertThat(t.groups()).hasSize(e.get("groups").size());
            for (int i = 0; i < t.groups().size(); i++) {
                GroupMetrics.Group g = t.groups().get(i);
                JsonNode eg = e.get("groups").get(i);
                assertThat(g.key().values()).containsExactly(Fixtures.strings(eg.get("key")));
                assertThat(g.size()).isEqualTo(expected.get("sizes").get(i).asInt());
                assertThat(g.belowMinimumSize()).isEqualTo(g.size() < 30);
                if (eg.get("value").isNull()) {
                    assertThat(g.value().isApplicable()).as(g.key() + " " + entry.getKey()).isFalse();
                } else {
                    assertThat(g.value().get()).isCloseTo(eg.get("value").asDouble(), within(TOLERANCE));
                }
            }
            for (String k : new String[] {"min", "max", "difference", "ratio"}) {
                MetricValue actual = switch (k) {
                    case "min" -> t.min();
                    case "max" -> t.max();
                    case "difference" -> t.difference();
                    default -> t.ratio();
                };
                assertThat(actual.get()).as(entry.getKey() + " " + k).isCloseTo(e.get(k).asDouble(), within(TOLERANCE));
            }
            assertThat(t.overall().get()).isCloseTo(expected.get("overall").get(entry.getKey()).asDouble(),
                    within(TOLERANCE));
        }
    }

    @Test
    void bootstrapIntervalsForParityAndOdds() {
        JsonNode f = Fixtures.load("fairness.json");
        FairnessData data = new FairnessData(Fixtures.ints(f.get("y_true")), Fixtures.ints(f.get("y_pred")),
                SensitiveGroups.of("sex", Fixtures.strings(f.get("sex"))));
        BootstrapInterval dp = Fairness.interval(FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE, data, 11L, 200, 0.95);
        assertThat(dp.estimate().get()).isCloseTo(f.get("by_sex").get("demographic_parity_difference").asDouble(),
                within(TOLERANCE));
        assertThat(dp.lower().get()).isLessThan(dp.estimate().get()).isGreaterThan(0.0);
        assertThat(dp.upper().get()).isGreaterThan(dp.estimate().get()).isLessThan(0.5);
        assertThat(dp.used()).isEqualTo(200);
        assertThat(Fairness.interval(FairnessMeasure.DEMOGRAPHIC_PARITY_DIFFERENCE, data, 11L, 200, 0.95))
                .isEqualTo(dp);
        BootstrapInterval eo = Fairness.interval(FairnessMeasure.EQUALIZED_ODDS_RATIO, data, 11L, 200, 0.95);
        assertThat(eo.lower().get()).isLessThanOrEqualTo(eo.estimate().get());
        assertThat(eo.upper().get()).isGreaterThanOrEqualTo(eo.estimate().get());
    }

    @Test
    void measureNamesMatchTheCharter() {
        assertThat(FairnessMeasure.byName("equalized_odds_ratio")).isEqualTo(FairnessMeasure.EQUALIZED_ODDS_RATIO);
        assertThat(List.of(FairnessMeasure.values())).extracting(FairnessMeasure::metricName)
                .containsExactlyInAnyOrderElementsOf(dev.gyre.core.charter.FairnessPolicy.METRICS);
        assertThatThrownBy(() -> FairnessMeasure.byName("parity")).isInstanceOf(GyreException.InvalidArgument.class);
    }
}
