package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CorrectionAndInputTest {

    // worked by hand: α = 0.05, n = 5; Bonferroni level 0.01; BH levels 0.01, 0.02, 0.03, 0.04, 0.05 for the
    // sorted p 0.005, 0.01, 0.03, 0.04, 0.2: the fourth (0.04 ≤ 0.04) is the last to pass, so four are rejected
    private static final double[] P = {0.01, 0.04, 0.03, 0.005, 0.2};

    @Test
    void bonferroniByHand() {
        assertThat(Correction.BONFERRONI.reject(P, 0.05)).containsExactly(false, false, false, true, false);
        assertThat(Correction.NONE.reject(P, 0.05)).containsExactly(true, true, true, true, false);
    }

    @Test
    void benjaminiHochbergByHand() {
        assertThat(Correction.BENJAMINI_HOCHBERG.reject(P, 0.05)).containsExactly(true, true, true, true, false);
        // p·n/rank = 0.025, 0.025, 0.05, 0.05, 0.2, then the running minimum from the largest rank
        assertThat(Correction.benjaminiHochbergAdjusted(P)).containsExactly(new double[] {0.025, 0.05, 0.05, 0.025, 0.2}, within(1e-15));
        assertThat(Correction.BENJAMINI_HOCHBERG.reject(new double[] {0.5, 0.9}, 0.05)).containsExactly(false, false);
    }

    @Test
    void correctionRefusesValuesThatAreNotPValues() {
        assertThatThrownBy(() -> Correction.BONFERRONI.reject(new double[] {0.1, Double.NaN}, 0.05))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Correction.BONFERRONI.reject(new double[] {0.1}, 1.5))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("0.05");
    }

    @Test
    void emptySamplesAreRefusedByEveryTest() {
        Column empty = Column.numeric();
        Column some = Column.numeric(1, 2, 3);
        for (DriftTest t : List.of(new KolmogorovSmirnov(), new ChiSquare(), new ProportionZ(), new Psi(),
                new Wasserstein(), new JensenShannon(), new Hellinger())) {
            assertThatThrownBy(() -> t.test(empty, some)).as(t.name())
                    .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("reference sample is empty");
            assertThatThrownBy(() -> t.test(some, empty)).as(t.name())
                    .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("current sample is empty");
        }
    }

    @Test
    void missingValuesAreRefusedWithTheirPosition() {
        assertThatThrownBy(() -> Column.numeric(1.0, Double.NaN))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("NaN at index 1")
                .hasMessageContaining("impute");
        assertThatThrownBy(() -> Column.numeric(Double.POSITIVE_INFINITY))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("index 0");
        assertThatThrownBy(() -> Column.categorical(java.util.Arrays.asList("a", null)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("null label at index 1");
    }

    @Test
    void wrongKindsAreRefused() {
        Column labels = Column.categorical(List.of("a", "b"));
        Column numbers = Column.numeric(1, 2);
        assertThatThrownBy(() -> new KolmogorovSmirnov().test(labels, labels))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("chi-square");
        assertThatThrownBy(() -> new ChiSquare().test(labels, numbers))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("same kind");
        assertThatThrownBy(() -> new ProportionZ().test(Column.categorical(List.of("a", "b", "c")), labels))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("binary");
    }

    @Test
    void aNewCategoryMakesChiSquareNotApplicableWithTheReason() {
        DriftResult r = new ChiSquare().test(Column.categorical(List.of("a", "b", "a")),
                Column.categorical(List.of("a", "c")));
        assertThat(r.applicable()).isFalse();
        assertThat(r.drifted()).isFalse();
        assertThat(r.statistic()).isNull();
        assertThat(r.pValue()).isNull();
        assertThat(r.note()).contains("'c'").contains("Jensen–Shannon");
        // the distances handle it
        assertThat(new JensenShannon().test(Column.categorical(List.of("a", "b", "a")),
                Column.categorical(List.of("a", "c"))).applicable()).isTrue();
    }

    @Test
    void aSingleValueLeavesNothingToCompare() {
        Column one = Column.categorical(List.of("x", "x"));
        assertThat(new ChiSquare().test(one, one).note()).contains("single category");
        assertThat(new ProportionZ().test(one, one).applicable()).isFalse();
        DatasetDrift d = new DriftDefaults().evaluate(Map.of("c", one), Map.of("c", one));
        assertThat(d.share()).isNull();
        assertThat(d.datasetDrift()).isFalse();
        assertThat(d.note()).contains("no column could be tested");
    }

    @Test
    void mismatchedColumnsAreRefused() {
        Column c = Column.numeric(1, 2, 3);
        assertThatThrownBy(() -> new DriftDefaults().evaluate(Map.of("a", c), Map.of("b", c)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'a'").hasMessageContaining("same columns");
        assertThatThrownBy(() -> new DriftDefaults().withThreshold("a", Double.NaN))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("positive finite");
        assertThatThrownBy(() -> new DriftDefaults().withDatasetShare(0))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("0.5");
    }

    @Test
    void kolmogorovSmirnovChoosesExactUpToTenThousandValues() {
        KolmogorovSmirnov ks = new KolmogorovSmirnov();
        assertThat(ks.chosen(10_000, 10_000)).isEqualTo(KolmogorovSmirnov.Method.EXACT);
        assertThat(ks.chosen(10_001, 3)).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
        assertThat(new KolmogorovSmirnov(KolmogorovSmirnov.Method.EXACT).chosen(20_000, 20_000))
                .isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
        // identical samples: D = 0, p = 1, no drift
        DriftResult same = ks.test(Column.numeric(1, 2, 3), Column.numeric(3, 2, 1));
        assertThat(same.statistic()).isEqualTo(0.0);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.drifted()).isFalse();
    }

    @Test
    void wassersteinUsesTheStandardDeviationFloorForAConstantReference() {
        DriftResult r = new Wasserstein().test(Column.numeric(2, 2, 2, 2), Column.numeric(2.001, 2.001));
        assertThat(r.statistic()).isCloseTo(1.0, within(1e-9)); // 0.001 / 0.001
        assertThat(r.drifted()).isTrue();
    }
}
