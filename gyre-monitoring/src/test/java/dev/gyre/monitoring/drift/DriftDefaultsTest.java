package dev.gyre.monitoring.drift;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftDefaultsTest {

    private static Column numeric(int n, int distinct, double shift, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = distinct > 0 ? (i % distinct) + shift : rnd.nextGaussian() + shift;
        }
        return Column.numeric(v);
    }

    private static Column labels(int n, String... values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(values[i % values.length]);
        }
        return Column.categorical(out);
    }

    private static String chosen(Column ref, Column cur) {
        return DriftDefaults.defaultFor(ref, cur).test().name();
    }

    @Test
    void smallReferenceNumericWithManyValuesUsesKolmogorovSmirnov() {
        DriftDefaults.Choice c = DriftDefaults.defaultFor(numeric(1000, 0, 0, 1), numeric(50, 0, 0, 2));
        assertThat(c.test().name()).isEqualTo("ks");
        assertThat(c.threshold()).isEqualTo(0.05);
    }

    @Test
    void smallReferenceFewNumericValuesUsesChiSquare() {
        assertThat(chosen(numeric(300, 5, 0, 1), numeric(100, 5, 0, 2))).isEqualTo("chisquare");
        assertThat(chosen(numeric(300, 3, 0, 1), numeric(100, 3, 0, 2))).isEqualTo("chisquare");
    }

    @Test
    void distinctValuesAreCountedOverBothSamples() {
        // five values in the reference, a sixth only in the current sample: more than five in all
        assertThat(chosen(numeric(300, 5, 0, 1), numeric(100, 6, 0, 2))).isEqualTo("ks");
    }

    @Test
    void smallReferenceCategoricalUsesChiSquareAndBinaryUsesZ() {
        assertThat(chosen(labels(200, "a", "b", "c"), labels(100, "a", "b", "c"))).isEqualTo("chisquare");
        assertThat(chosen(labels(200, "yes", "no"), labels(100, "yes", "no"))).isEqualTo("z");
        assertThat(chosen(numeric(200, 2, 0, 1), numeric(100, 2, 0, 2))).isEqualTo("z");
        assertThat(DriftDefaults.defaultFor(labels(200, "yes", "no"), labels(100, "no")).threshold()).isEqualTo(0.05);
    }

    @Test
    void largeReferenceNumericWithManyValuesUsesNormalisedWasserstein() {
        DriftDefaults.Choice c = DriftDefaults.defaultFor(numeric(1001, 0, 0, 1), numeric(50, 0, 0, 2));
        assertThat(c.test().name()).isEqualTo("wasserstein_normed");
        assertThat(c.threshold()).isEqualTo(0.1);
    }

    @Test
    void largeReferenceOtherwiseUsesJensenShannon() {
        for (Column[] pair : new Column[][] {
                {numeric(1001, 5, 0, 1), numeric(80, 5, 0, 2)},
                {labels(1001, "a", "b", "c"), labels(80, "a", "b")},
                {labels(5000, "yes", "no"), labels(80, "yes", "no")}}) {
            DriftDefaults.Choice c = DriftDefaults.defaultFor(pair[0], pair[1]);
            assertThat(c.test().name()).isEqualTo("jensenshannon");
            assertThat(c.threshold()).isEqualTo(0.1);
        }
    }

    @Test
    void overridesReplaceTestAndThresholdPerColumn() {
        DriftDefaults d = new DriftDefaults().withTest("x", new Psi()).withThreshold("x", 0.25).withThreshold("y", 0.01);
        Column ref = numeric(200, 0, 0, 1);
        Column cur = numeric(200, 0, 0, 2);
        assertThat(d.choose("x", ref, cur).test().name()).isEqualTo("psi");
        assertThat(d.choose("x", ref, cur).threshold()).isEqualTo(0.25);
        assertThat(d.choose("y", ref, cur).test().name()).isEqualTo("ks");
        assertThat(d.choose("y", ref, cur).threshold()).isEqualTo(0.01);
        assertThat(new DriftDefaults().withTest("z", new Hellinger()).choose("z", ref, cur).threshold()).isEqualTo(0.1);
    }

    private static Map<String, Column> columns(Column... cs) {
        Map<String, Column> m = new LinkedHashMap<>();
        for (int i = 0; i < cs.length; i++) {
            m.put("c" + i, cs[i]);
        }
        return m;
    }

    @Test
    void datasetDriftsWhenHalfTheColumnsDrift() {
        Map<String, Column> ref = columns(numeric(300, 0, 0, 1), numeric(300, 0, 0, 3), labels(300, "a", "b", "c"));
        Map<String, Column> cur = columns(numeric(300, 0, 2.0, 2), numeric(300, 0, 0, 4), labels(300, "a", "b", "c"));
        DatasetDrift d = new DriftDefaults().evaluate(ref, cur);
        assertThat(d.columns().get("c0").drifted()).isTrue();
        assertThat(d.columns().get("c1").drifted()).isFalse();
        assertThat(d.columns().get("c2").drifted()).isFalse();
        assertThat(d.tested()).isEqualTo(3);
        assertThat(d.share()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(d.datasetDrift()).isFalse();

        Map<String, Column> cur2 = columns(numeric(300, 0, 2.0, 2), numeric(300, 0, 1.0, 4), labels(300, "a", "b", "c"));
        DatasetDrift d2 = new DriftDefaults().evaluate(ref, cur2);
        assertThat(d2.share()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(d2.datasetDrift()).isTrue();
        assertThat(new DriftDefaults().withDatasetShare(0.8).evaluate(ref, cur2).datasetDrift()).isFalse();
    }

    @Test
    void bonferroniInTheDatasetDividesEachThresholdByTheNumberOfPValueTests() {
        Map<String, Column> ref = columns(numeric(300, 0, 0, 1), numeric(300, 0, 0, 3), numeric(300, 0, 0, 5));
        Map<String, Column> cur = columns(numeric(300, 0, 2.0, 2), numeric(300, 0, 0, 4), numeric(300, 0, 0.3, 6));
        DriftDefaults d = new DriftDefaults().withTest("c2", new Hellinger()).withCorrection(Correction.BONFERRONI);
        DatasetDrift out = d.evaluate(ref, cur);
        assertThat(out.columns().get("c0").threshold()).isEqualTo(0.025);
        assertThat(out.columns().get("c0").note()).contains("Bonferroni over 2");
        assertThat(out.columns().get("c0").drifted()).isTrue();
        // the distance is not a p-value test: its threshold stays
        assertThat(out.columns().get("c2").threshold()).isEqualTo(0.1);
        assertThat(out.correction()).isEqualTo(Correction.BONFERRONI);
    }

    @Test
    void benjaminiHochbergInTheDatasetUsesTheStepUpCutoff() {
        Map<String, Column> ref = columns(numeric(300, 0, 0, 1), numeric(300, 0, 0, 3));
        Map<String, Column> cur = columns(numeric(300, 0, 2.0, 2), numeric(300, 0, 0, 4));
        DatasetDrift out = new DriftDefaults().withCorrection(Correction.BENJAMINI_HOCHBERG).evaluate(ref, cur);
        DriftResult strong = out.columns().get("c0");
        DriftResult none = out.columns().get("c1");
        assertThat(strong.drifted()).isTrue();
        assertThat(none.drifted()).isFalse();
        // only the smallest p passes: cutoff α·1/2
        assertThat(strong.threshold()).isEqualTo(0.025);
        assertThat(strong.note()).contains("Benjamini–Hochberg over 2");
    }
}
