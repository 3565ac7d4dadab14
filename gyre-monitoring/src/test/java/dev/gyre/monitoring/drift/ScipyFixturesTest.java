package dev.gyre.monitoring.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gyre's drift statistics against values computed once with scipy and numpy
 * (src/test/fixtures/make_drift_fixtures.py → fixtures/drift.json).
 * <p>
 * Tolerances: p-values are compared with an absolute tolerance of 1e-9 (they lie in [0, 1], and tiny
 * p-values only need to be told apart from the threshold); statistics and distances with a relative
 * tolerance of 1e-9 (their scale varies with the data); bin proportions and edges with an absolute 1e-12.
 */
class ScipyFixturesTest {

    private static final double TOL = 1e-9;
    private static JsonNode fixtures;
    private static double largestAbsolutePDeviation;
    private static double largestRelativeStatDeviation;
    private static double largestRelativePDeviation;
    private static double largestAsymptoticKsDeviation;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ScipyFixturesTest.class.getResourceAsStream("/fixtures/drift.json")) {
            assertThat(in).as("fixtures/drift.json on the test class path").isNotNull();
            fixtures = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("asymptotic ks_2samp p-values: largest deviation %.3e%n", largestAsymptoticKsDeviation);
        System.out.printf("largest deviation from scipy: p-value %.3e absolute (%.3e relative), statistic %.3e relative%n",
                largestAbsolutePDeviation, largestRelativePDeviation, largestRelativeStatDeviation);
    }

    private static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertP(String what, double actual, double expected) {
        largestAbsolutePDeviation = Math.max(largestAbsolutePDeviation, Math.abs(actual - expected));
        if (expected > 0) {
            largestRelativePDeviation = Math.max(largestRelativePDeviation, Math.abs(actual - expected) / expected);
        }
        assertThat(actual).as(what).isCloseTo(expected, within(TOL));
    }

    private static void assertAsymptoticP(String what, double actual, double expected) {
        largestAsymptoticKsDeviation = Math.max(largestAsymptoticKsDeviation, Math.abs(actual - expected));
        assertP(what, actual, expected);
    }

    private static void assertRelative(String what, double actual, double expected) {
        double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
        double rel = Math.abs(actual - expected) / scale;
        largestRelativeStatDeviation = Math.max(largestRelativeStatDeviation, expected == 0 ? Math.abs(actual) : rel);
        if (expected == 0) {
            assertThat(actual).as(what).isCloseTo(0.0, within(1e-15));
        } else {
            assertThat(rel).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(TOL);
        }
    }

    @Test
    void kolmogorovSmirnovMatchesKs2samp() {
        for (JsonNode c : fixtures.get("ks")) {
            String name = "ks " + c.get("name").asText();
            String method = c.get("method").asText();
            KolmogorovSmirnov ks = new KolmogorovSmirnov(method.equals("asymp")
                    ? KolmogorovSmirnov.Method.ASYMPTOTIC : KolmogorovSmirnov.Method.AUTO);
            double[] a = doubles(c.get("a"));
            double[] b = doubles(c.get("b"));
            DriftResult r = ks.test(Column.numeric(a), Column.numeric(b));
            assertThat(r.applicable()).isTrue();
            assertThat(r.statistic()).as(name + " statistic").isCloseTo(c.get("statistic").asDouble(), within(1e-12));
            if (r.note().equals("exact")) {
                assertThat(method).as(name).isNotEqualTo("asymp");
                assertP(name + " exact p", r.pValue(), c.get("pvalue").asDouble());
            } else {
                assertAsymptoticP(name + " asymptotic p", r.pValue(), c.get("pvalue").asDouble());
                assertThat(Math.max(a.length, b.length) > KolmogorovSmirnov.MAX_EXACT_N || method.equals("asymp"))
                        .as(name + " asymptotic only above 10000 values or when asked").isTrue();
            }
        }
    }

    /** The samples a fixture describes: SplitMix64 uniforms in [0, 1), scaled, shifted and optionally floored. */
    private static double[] generated(JsonNode spec) {
        long state = spec.get("seed").asLong();
        int size = spec.get("size").asInt();
        double scale = spec.get("scale").asDouble();
        double shift = spec.get("shift").asDouble();
        boolean floor = spec.has("floor") && spec.get("floor").asBoolean();
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            double v = (z >>> 11) * 0x1.0p-53 * scale + shift;
            out[i] = floor ? Math.floor(v) : v;
        }
        return out;
    }

    @Test
    void kolmogorovSmirnovMatchesKs2sampAsymptoticOnLargeSamples() {
        KolmogorovSmirnov ks = new KolmogorovSmirnov();
        for (JsonNode c : fixtures.get("ks_generated")) {
            String name = "ks " + c.get("name").asText();
            DriftResult r = ks.test(Column.numeric(generated(c.get("a"))), Column.numeric(generated(c.get("b"))));
            assertThat(r.note()).as(name).isEqualTo("asymptotic");
            assertThat(r.statistic()).as(name + " statistic").isCloseTo(c.get("statistic").asDouble(), within(1e-12));
            assertAsymptoticP(name + " p", r.pValue(), c.get("pvalue").asDouble());
            // the effective size is scipy's round(n·m/(n+m))
            assertThat(r.pValue()).as(name + " at N = " + c.get("n_eff"))
                    .isEqualTo(KolmogorovDistribution.sf(c.get("n_eff").asLong(), r.statistic()));
        }
    }

    @Test
    void asymptoticPValueFromStatisticAndSizesMatchesKs2samp() {
        for (JsonNode c : fixtures.get("ks_pvalue")) {
            long n = c.get("n").asLong();
            long m = c.get("m").asLong();
            double d = c.get("d").asDouble();
            String name = "ks p-value " + n + " vs " + m + " at D = " + d;
            double p = new KolmogorovSmirnov(KolmogorovSmirnov.Method.ASYMPTOTIC).pValue(d, n, m);
            assertAsymptoticP(name, p, c.get("pvalue").asDouble());
            assertThat(p).as(name + " at N = " + c.get("n_eff")).isEqualTo(KolmogorovDistribution.sf(c.get("n_eff").asLong(), d));
            if (Math.max(n, m) > KolmogorovSmirnov.MAX_EXACT_N) {
                assertP(name + " (auto)", new KolmogorovSmirnov().pValue(d, n, m), c.get("pvalue").asDouble());
            }
        }
    }

    @Test
    void kolmogorovDistributionMatchesKstwo() {
        double largest = 0;
        for (JsonNode c : fixtures.get("kstwo")) {
            long n = c.get("n").asLong();
            double d = c.get("d").asDouble();
            double expected = c.get("sf").asDouble();
            double actual = KolmogorovDistribution.sf(n, d);
            largest = Math.max(largest, Math.abs(actual - expected));
            assertP("kstwo.sf(" + d + ", " + n + ")", actual, expected);
        }
        assertThat(fixtures.get("kstwo").size()).isGreaterThan(500);
        System.out.printf("kstwo: largest deviation %.3e over %d points%n", largest, fixtures.get("kstwo").size());
    }

    @Test
    void chiSquareMatchesScipyChisquare() {
        for (JsonNode c : fixtures.get("chisquare")) {
            String name = "chisquare " + c.get("name").asText();
            DriftResult r = new ChiSquare().test(Column.categorical(strings(c.get("reference"))),
                    Column.categorical(strings(c.get("current"))));
            assertRelative(name + " statistic", r.statistic(), c.get("statistic").asDouble());
            assertP(name + " p", r.pValue(), c.get("pvalue").asDouble());
            // tiny p-values are also right relatively, so the incomplete gamma function is accurate in the tail
            assertThat(Math.abs(r.pValue() - c.get("pvalue").asDouble()) / c.get("pvalue").asDouble())
                    .as(name + " relative p").isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void proportionZMatchesFormulaAndNormalTail() {
        for (JsonNode c : fixtures.get("z")) {
            String name = "z " + c.get("name").asText();
            DriftResult r = new ProportionZ().test(Column.categorical(strings(c.get("reference"))),
                    Column.categorical(strings(c.get("current"))));
            assertRelative(name + " statistic", r.statistic(), c.get("statistic").asDouble());
            assertP(name + " p", r.pValue(), c.get("pvalue").asDouble());
        }
    }

    @Test
    void wassersteinMatchesScipy() {
        for (JsonNode c : fixtures.get("wasserstein")) {
            String name = "wasserstein " + c.get("name").asText();
            double[] a = doubles(c.get("a"));
            double[] b = doubles(c.get("b"));
            assertRelative(name + " distance", Wasserstein.distance(a, b), c.get("distance").asDouble());
            DriftResult r = new Wasserstein().test(Column.numeric(a), Column.numeric(b));
            assertRelative(name + " normalised", r.statistic(), c.get("normalised").asDouble());
        }
    }

    @Test
    void binnedDistancesMatchNumpyAndScipy() {
        for (JsonNode c : fixtures.get("distances")) {
            String name = c.get("name").asText();
            Column ref = c.get("numeric").asBoolean() ? Column.numeric(doubles(c.get("reference")))
                    : Column.categorical(strings(c.get("reference")));
            Column cur = c.get("numeric").asBoolean() ? Column.numeric(doubles(c.get("current")))
                    : Column.categorical(strings(c.get("current")));
            Samples.Binned binned = Samples.binned("fixture", ref, cur);
            if (c.has("edges")) {
                assertThat(binned.edges()).as(name + " edges").containsExactly(doubles(c.get("edges")), within(1e-12));
            } else {
                assertThat(binned.edges()).as(name + " edges").isNull();
            }
            assertThat(binned.reference()).as(name + " reference proportions")
                    .containsExactly(doubles(c.get("reference_proportions")), within(1e-12));
            assertThat(binned.current()).as(name + " current proportions")
                    .containsExactly(doubles(c.get("current_proportions")), within(1e-12));
            assertRelative(name + " psi", new Psi().test(ref, cur).statistic(), c.get("psi").asDouble());
            assertRelative(name + " jensenshannon", new JensenShannon().test(ref, cur).statistic(),
                    c.get("jensenshannon").asDouble());
            assertRelative(name + " hellinger", new Hellinger().test(ref, cur).statistic(), c.get("hellinger").asDouble());
        }
    }

    @Test
    void correctionsMatchNumpyComputation() {
        for (JsonNode c : fixtures.get("corrections")) {
            double[] p = doubles(c.get("pvalues"));
            double alpha = c.get("alpha").asDouble();
            boolean[] bonferroni = Correction.BONFERRONI.reject(p, alpha);
            boolean[] bh = Correction.BENJAMINI_HOCHBERG.reject(p, alpha);
            for (int i = 0; i < p.length; i++) {
                assertThat(bonferroni[i]).as("bonferroni " + i).isEqualTo(c.get("bonferroni").get(i).asBoolean());
                assertThat(bh[i]).as("bh " + i).isEqualTo(c.get("benjamini_hochberg").get(i).asBoolean());
            }
            assertThat(Correction.benjaminiHochbergAdjusted(p)).containsExactly(doubles(c.get("bh_adjusted")), within(1e-12));
        }
    }
}
