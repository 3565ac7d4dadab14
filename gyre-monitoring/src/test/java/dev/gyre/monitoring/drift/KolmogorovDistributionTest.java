package dev.gyre.monitoring.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The finite-sample Kolmogorov distribution on its own: closed forms worked by hand, a seeded simulation, agreement
 * between the methods where the computation switches, and the effective size of the two-sample test. Agreement with
 * scipy's {@code kstwo} is in {@link ScipyFixturesTest}.
 */
class KolmogorovDistributionTest {

    @Test
    void closedFormsForOneAndTwoValues() {
        // n = 1: D_1 = max(U, 1 − U) ≥ d with probability 2(1 − d) for d ≥ ½, and always below ½
        assertThat(KolmogorovDistribution.sf(1, 0.7)).isCloseTo(0.6, within(1e-15));
        assertThat(KolmogorovDistribution.sf(1, 0.3)).isEqualTo(1.0);
        // n = 2, ¼ ≤ d ≤ ½: P(D_2 ≤ d) = 2!/2² · (4d − 1)², so P(D_2 ≥ 0.4) = 1 − 0.36/2
        assertThat(KolmogorovDistribution.sf(2, 0.4)).isCloseTo(0.82, within(1e-15));
        // n = 2, d ≥ ½: 2(1 − d)²
        assertThat(KolmogorovDistribution.sf(2, 0.75)).isCloseTo(0.125, within(1e-15));
        assertThat(KolmogorovDistribution.sf(5, 0.0)).isEqualTo(1.0);
        assertThat(KolmogorovDistribution.sf(5, 1.0)).isEqualTo(0.0);
        assertThat(KolmogorovDistribution.sf(5, 0.09)).as("below 1/(2n)").isEqualTo(1.0);
    }

    @Test
    void agreesWithASeededSimulation() {
        Random random = new Random(20261129);
        int n = 30;
        int runs = 40_000;
        double[] stats = new double[runs];
        double[] u = new double[n];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < n; i++) {
                u[i] = random.nextDouble();
            }
            Arrays.sort(u);
            double d = 0;
            for (int i = 0; i < n; i++) {
                d = Math.max(d, Math.max((i + 1.0) / n - u[i], u[i] - (double) i / n));
            }
            stats[r] = d;
        }
        for (double d : new double[] {0.1, 0.15, 0.2, 0.25, 0.3}) {
            long above = Arrays.stream(stats).filter(s -> s >= d).count();
            double expected = KolmogorovDistribution.sf(n, d);
            double sigma = Math.sqrt(expected * (1 - expected) / runs);
            assertThat((double) above / runs).as("P(D_30 ≥ %s)", d).isCloseTo(expected, within(5 * sigma + 1e-12));
        }
    }

    @Test
    void pelzGoodAgreesWithDurbinWhereItReplacesIt() {
        // above DURBIN_MAX_N the Pelz–Good series stands in for Durbin's matrix where n·d^1.5 ≤ 1.4
        for (int n : new int[] {KolmogorovDistribution.DURBIN_MAX_N + 1, 15_000, 30_000}) {
            double top = Math.pow(1.4 / n, 2.0 / 3.0);
            for (int i = 1; i <= 40; i++) {
                double d = 1.0 / n + (top - 1.0 / n) * i / 40.0;
                assertThat(KolmogorovDistribution.pelzGoodCdf(n, d)).as("n = %d, d = %s", n, d)
                        .isCloseTo(KolmogorovDistribution.durbinCdf(n, d), within(1e-12));
            }
        }
    }

    @Test
    void eulerMaclaurinSumAgreesWithTheTermByTermSum() {
        // the one-sided tail d·Σ_j over all terms, against the formula used for large n·d
        for (long n : new long[] {3_000, 14_286, 66_667, 300_000, 1_000_000}) {
            for (double d : new double[] {1.5 / Math.sqrt(n), 2.5 / Math.sqrt(n), 6 / Math.sqrt(n), 0.3, 0.5, 0.9}) {
                double nd = n * d;
                if (nd < KolmogorovDistribution.EULER_MACLAURIN_MIN_ND) {
                    continue;
                }
                long last = (long) Math.floor(n - nd);
                double byTerms = d * KolmogorovDistribution.birnbaumTingeyByTerms(n, d, last);
                double byFormula = d * KolmogorovDistribution.birnbaumTingeyByEulerMaclaurin(n, d, last);
                assertThat(byFormula).as("n = %d, d = %s", n, d).isCloseTo(byTerms, within(1e-14));
            }
        }
    }

    @Test
    void decreasesInTheStatistic() {
        for (long n : new long[] {1, 4, 17, 140, 141, 999, 3_000, 14_286, 66_667, 1_000_000, 3_000_000}) {
            double previous = 1.0;
            for (int i = 1; i < 400; i++) {
                double d = i / 400.0;
                double p = KolmogorovDistribution.sf(n, d);
                assertThat(p).as("n = %d, d = %s", n, d).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous + 1e-12);
                previous = p;
            }
        }
    }

    @Test
    void twoSampleEffectiveSizeRoundsHalfToEven() {
        // 10 001 against 10 001: n·m/(n+m) = 5000.5, rounded to 5000 as numpy's round does
        double d = 0.01;
        assertThat(KolmogorovSmirnov.asymptoticPValue(d, 10_001, 10_001)).isEqualTo(KolmogorovDistribution.sf(5000, d));
        assertThat(KolmogorovDistribution.sf(5000, d)).isNotEqualTo(KolmogorovDistribution.sf(5001, d));
        // 3 against 1: 0.75 rounds to 1; 1 against 1: 0.5 would round to 0, where N = 1 is used
        assertThat(KolmogorovSmirnov.asymptoticPValue(1.0, 1, 1)).isEqualTo(0.0);
        assertThat(KolmogorovSmirnov.asymptoticPValue(0.0, 1, 1)).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.asymptoticPValue(2.0 / 3, 3, 1)).isEqualTo(KolmogorovDistribution.sf(1, 2.0 / 3));
    }
}
