package dev.gyre.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static final double[] VALUES = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};

    private static MetricValue mean(int[] rows) {
        return MetricValue.of(Arrays.stream(Rows.take(VALUES, rows)).average().orElseThrow());
    }

    @Test
    void percentileIntervalMatchesAnIndependentResampling() {
        BootstrapInterval ci = Bootstrap.interval(BootstrapTest::mean, VALUES.length, 42L, 200, 0.9);
        // the same draws by hand: SplittableRandom(42), n draws of nextInt(n) per resample, mean, sort,
        // then numpy-linear quantiles at .05 and .95: position (200 - 1) * q
        SplittableRandom random = new SplittableRandom(42L);
        double[] means = new double[200];
        for (int r = 0; r < 200; r++) {
            double sum = 0;
            for (int i = 0; i < VALUES.length; i++) {
                sum += VALUES[random.nextInt(VALUES.length)];
            }
            means[r] = sum / VALUES.length;
        }
        Arrays.sort(means);
        double lowPos = 199 * 0.05; // 9.95
        double highPos = 199 * 0.95; // 189.05
        double low = means[9] + (means[10] - means[9]) * (lowPos - 9);
        double high = means[189] + (means[190] - means[189]) * (highPos - 189);
        assertThat(ci.estimate().get()).isCloseTo(77.0 / 15, within(1e-12));
        assertThat(ci.lower().get()).isCloseTo(low, within(1e-12));
        assertThat(ci.upper().get()).isCloseTo(high, within(1e-12));
        assertThat(ci.lower().get()).isLessThan(ci.estimate().get());
        assertThat(ci.upper().get()).isGreaterThan(ci.estimate().get());
        assertThat(ci.used()).isEqualTo(200);
        assertThat(ci.skipped()).isZero();
        assertThat(ci.skipReason()).isNull();
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        BootstrapInterval a = Bootstrap.interval(BootstrapTest::mean, VALUES.length, 7L);
        BootstrapInterval b = Bootstrap.interval(BootstrapTest::mean, VALUES.length, 7L);
        BootstrapInterval c = Bootstrap.interval(BootstrapTest::mean, VALUES.length, 8L);
        assertThat(a).isEqualTo(b);
        assertThat(a.requested()).isEqualTo(1000);
        assertThat(a.level()).isEqualTo(0.95);
        assertThat(c.lower().get()).isNotEqualTo(a.lower().get());
    }

    @Test
    void undefinedResamplesAreSkippedAndCounted() {
        // one positive among 12 rows: a resample misses it with probability (11/12)^12 ~ 0.35
        int[] y = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        double[] s = {.1, .2, .3, .4, .5, .6, .7, .8, .9, .15, .25, .35};
        BootstrapInterval ci = Bootstrap.interval(
                rows -> RankingMetrics.rocAuc(Rows.take(y, rows), Rows.take(s, rows)), y.length, 1L, 500, 0.95);
        assertThat(ci.skipped()).isBetween(100, 260);
        assertThat(ci.used() + ci.skipped()).isEqualTo(500);
        assertThat(ci.skipReason()).contains("both classes");
        assertThat(ci.lower().isApplicable()).isTrue();
    }

    @Test
    void undefinedEstimateGivesNoInterval() {
        BootstrapInterval ci = Bootstrap.interval(
                rows -> RankingMetrics.rocAuc(new int[rows.length], new double[rows.length]), 5, 1L, 10, 0.95);
        assertThat(ci.estimate().isApplicable()).isFalse();
        assertThat(ci.lower().isApplicable()).isFalse();
        assertThat(ci.lower().reason()).startsWith("no interval");
        assertThat(ci.used()).isZero();
        assertThat(ci.skipped()).isEqualTo(10);
    }
}
