package dev.gyre.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.Direction;
import dev.gyre.core.charter.FairnessMode;
import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.core.charter.TaskType;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.validation.FairnessReport.AttributeFairness;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratedDataValidationTest {

    static final ValidationOptions FAST = ValidationOptions.defaults().withBootstrap(50, 0.9);

    /** Labels that depend only weakly on x1, plus pure noise columns. */
    static Table noisyClassification(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] x3 = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            x1[i] = random.nextDouble();
            x2[i] = random.nextDouble();
            x3[i] = random.nextDouble();
            y[i] = random.nextDouble() < 0.35 + 0.3 * x1[i] ? "yes" : "no";
        }
        return Table.of(NumericColumn.of("x1", x1), NumericColumn.of("x2", x2), NumericColumn.of("x3", x3),
                CategoricalColumn.of("y", y));
    }

    /** y = 3 x1 + 2 + noise; group "b" is much noisier than group "a". */
    static Table regression(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x1 = new double[n];
        String[] g = new String[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = random.nextDouble() * 10;
            g[i] = i % 3 == 0 ? "b" : "a";
            double noise = (random.nextDouble() - 0.5) * (g[i].equals("b") ? 6 : 1);
            y[i] = 3 * x1[i] + 2 + noise;
        }
        return Table.of(NumericColumn.of("x1", x1), CategoricalColumn.of("g", g), NumericColumn.of("y", y));
    }

    @Test
    void deepTreeOnNoisyDataFailsTheOverfittingGate() {
        Table train = noisyClassification(400, 1);
        Table test = noisyClassification(200, 2);
        Models.Fitted tree = Models.fit(train, "target: y\n", "y", "decision_tree",
                Map.of("max_depth", 0, "min_samples_leaf", 1), true);
        Charter charter = new Charter("Guess y", TaskType.BINARY_CLASSIFICATION, "y",
                SuccessCriterion.parse("accuracy >= 0.6"), List.of(), 0.1, List.of(), null, null, null);
        ValidationReport report = new ModelValidator().validate(new ValidationRequest(tree.model(), tree.features(),
                train, test, charter, null, null, FAST));
        OverfittingReport o = report.overfitting();
        assertThat(o.train().get()).isGreaterThan(0.95);
        assertThat(o.gap().get()).isEqualTo(o.train().get() - o.test().get()).isGreaterThan(0.1);
        GateResult gate = report.gate("overfitting").orElseThrow();
        assertThat(gate.status()).isEqualTo(GateStatus.FAILED);
        assertThat(gate.blocking()).isTrue();
        assertThat(gate.threshold()).isEqualTo(0.1);
        assertThat(report.passed()).isFalse();
        assertThat(report.blockingFailures()).contains("overfitting");
        assertThat(report.backTo()).contains("features", "build");
        assertThat(report.gate("fairness").orElseThrow().status()).isEqualTo(GateStatus.NOT_APPLICABLE);
        assertThat(report.subject().positiveClass()).isEqualTo("yes");
    }

    @Test
    void regressionReportsMaeByGroupAndNoPolicy() {
        Table train = regression(300, 3);
        Table test = regression(150, 4);
        Models.Fitted linear = Models.fit(train, "target: y\ncolumns:\n  g: [one_hot]\n", "y",
                "linear_regression", Map.of(), false);
        Charter charter = new Charter("Predict y", TaskType.REGRESSION, "y", SuccessCriterion.parse("rmse <= 2"),
                List.of(SuccessCriterion.parse("r2 >= 0.9")), 0.5, List.of("g"),
                new FairnessPolicy("demographic_parity_ratio", Direction.AT_LEAST, 0.8, FairnessMode.BLOCKING,
                        Map.of()), null, null);
        ValidationReport report = new ModelValidator().validate(new ValidationRequest(linear.model(),
                linear.features(), train, test, charter, null, null, FAST));
        assertThat(report.holdout().metrics()).extracting(HoldoutReport.NamedMetric::name)
                .containsExactly("rmse", "mae", "r2", "mape");
        assertThat(report.holdout().metric("r2").orElseThrow().value().get()).isGreaterThan(0.9);
        assertThat(report.holdout().regression().residualQuantiles()).hasSize(5);
        assertThat(report.holdout().classification()).isNull();
        AttributeFairness g = report.fairness().entries().get(0);
        assertThat(g.groups()).extracting(FairnessReport.GroupRow::group).containsExactly("g=a", "g=b");
        double maeA = g.groups().get(0).metrics().get("mae").get();
        double maeB = g.groups().get(1).metrics().get("mae").get();
        assertThat(maeB).isGreaterThan(2 * maeA);
        assertThat(g.measure("mae_difference").orElseThrow().value().get())
                .isEqualTo(maeB - maeA, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.fairness().policy().status()).isEqualTo(GateStatus.NOT_APPLICABLE);
        assertThat(report.fairness().policy().message()).contains("binary predictions");
        assertThat(report.gate("fairness").orElseThrow().status()).isEqualTo(GateStatus.NOT_APPLICABLE);
        assertThat(report.gate("success_metric").orElseThrow().status()).isEqualTo(GateStatus.PASSED);
        assertThat(report.gate("secondary:r2").orElseThrow().status()).isEqualTo(GateStatus.PASSED);
        assertThat(report.overfitting().higherIsBetter()).isFalse();
        assertThat(report.overfitting().gap().get())
                .isEqualTo(report.overfitting().test().get() - report.overfitting().train().get());
        assertThat(report.slices().metric()).isEqualTo("rmse");
        assertThat(report.slices().slices()).anyMatch(s -> s.column().equals("x1") && s.slice().startsWith("["));
        assertThat(ReportJson.write(report)).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void tinySlicesFallBackToAccuracyAndAreListedAsTooSmall() {
        Table train = noisyClassification(300, 5);
        Table test = noisyClassification(40, 6);
        Models.Fitted model = Models.fit(train, "target: y\n", "y", "logistic_regression", Map.of(), true);
        Charter charter = new Charter("Guess y", TaskType.BINARY_CLASSIFICATION, "y",
                SuccessCriterion.parse("roc_auc >= 0.6"), List.of(), null, List.of(), null, null, null);
        ValidationReport report = new ModelValidator().validate(new ValidationRequest(model.model(),
                model.features(), train, test, charter, null, null, FAST.withSlices(20, 3, 5)));
        assertThat(report.slices().tooSmall()).isNotEmpty().allMatch(s -> s.rows() < 5);
        assertThat(report.slices().slices()).anyMatch(s -> s.metric().equals("accuracy"));
        assertThat(report.slices().worst()).allMatch(s -> s.metric().equals("roc_auc") && s.rows() >= 5);
        assertThat(report.gate("overfitting").orElseThrow().status()).isEqualTo(GateStatus.NOT_APPLICABLE);
    }
}
