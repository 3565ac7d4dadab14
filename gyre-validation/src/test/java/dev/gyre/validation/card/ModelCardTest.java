package dev.gyre.validation.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.validation.ChampionReport;
import dev.gyre.validation.FairnessReport;
import dev.gyre.validation.FeatureImportance;
import dev.gyre.validation.GateResult;
import dev.gyre.validation.GateStatus;
import dev.gyre.validation.HoldoutReport;
import dev.gyre.validation.OverfittingReport;
import dev.gyre.validation.SliceReport;
import dev.gyre.validation.ValidationReport;
import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.CalibrationCurve;
import dev.gyre.validation.metrics.MetricValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardTest {

    static MetricValue v(double x) {
        return MetricValue.of(x);
    }

    static BootstrapInterval ci(double est, double lo, double hi) {
        return new BootstrapInterval(v(est), v(lo), v(hi), 0.95, 200, 200, 0, null);
    }

    static ValidationReport report(boolean overfit, List<FeatureImportance> importance) {
        ValidationReport.Subject subject = new ValidationReport.Subject("binary_classification", "Survived",
                "random_forest", List.of("0", "1"), "1", "roc_auc >= 0.85", 623, 134, 42, 200, 0.95);
        HoldoutReport holdout = new HoldoutReport(134, List.of(
                new HoldoutReport.NamedMetric("roc_auc", v(0.8712), ci(0.8712, 0.81, 0.92)),
                new HoldoutReport.NamedMetric("accuracy", v(0.82), ci(0.82, 0.76, 0.88)),
                new HoldoutReport.NamedMetric("brier", MetricValue.notApplicable("no probabilities"), null)),
                new HoldoutReport.ClassificationDetail(List.of("0", "1"), "1",
                        List.of(new HoldoutReport.ClassFigures("0", 0.84, 0.88, 0.86, 83),
                                new HoldoutReport.ClassFigures("1", 0.79, 0.73, 0.76, 51)),
                        new HoldoutReport.ClassFigures("macro", 0.815, 0.805, 0.81, 134),
                        new HoldoutReport.ClassFigures("weighted", 0.82, 0.82, 0.82, 134),
                        new HoldoutReport.ConfusionTable(List.of("0", "1"), List.of(List.of(73L, 10L), List.of(14L, 37L))),
                        CalibrationCurve.of(new int[] {0, 0, 1, 1, 0, 1}, new double[] {0.1, 0.2, 0.7, 0.9, 0.4, 0.6}, 3,
                                CalibrationCurve.Strategy.UNIFORM)),
                null);
        OverfittingReport overfitting = new OverfittingReport("roc_auc", true, v(overfit ? 0.99 : 0.89), v(0.86),
                v(0.8712), v(overfit ? 0.1188 : 0.0188), 0.1);
        Map<String, MetricValue> female = new LinkedHashMap<>();
        female.put("selection_rate", v(0.70));
        female.put("true_positive_rate", v(0.9));
        Map<String, MetricValue> male = new LinkedHashMap<>();
        male.put("selection_rate", v(0.15));
        male.put("true_positive_rate", MetricValue.notApplicable("no positive rows in the group"));
        FairnessReport fairness = new FairnessReport(30, List.of(
                new FairnessReport.AttributeFairness(List.of("Sex"), null, List.of(
                        new FairnessReport.GroupRow("Sex=female", Map.of("Sex", "female"), 48, false, female),
                        new FairnessReport.GroupRow("Sex=male", Map.of("Sex", "male"), 86, false, male)),
                        List.of(new FairnessReport.Measure("demographic_parity_ratio", v(0.2143), ci(0.2143, 0.12, 0.33))),
                        List.of()),
                new FairnessReport.AttributeFairness(List.of("Region"), "the test table has no column 'Region'",
                        List.of(), List.of(), List.of())),
                new FairnessReport.PolicyVerdict("demographic_parity_ratio", ">=", 0.8, "blocking", GateStatus.FAILED,
                        v(0.2143), List.of("Sex"), "0.2143 < 0.8 on Sex"));
        SliceReport slices = new SliceReport("roc_auc", v(0.8712), 30,
                List.of(new SliceReport.Slice("Pclass", "3", 70, "roc_auc", v(0.74))),
                List.of(new SliceReport.Slice("Pclass", "3", 70, "roc_auc", v(0.74))),
                List.of(new SliceReport.Slice("Embarked", "Q", 9, "accuracy", v(0.7))),
                List.of("Name: a text column"));
        ChampionReport champion = new ChampionReport(GateStatus.NOT_APPLICABLE, "no version holds the alias 'production'",
                null, null, List.of());
        List<GateResult> gates = List.of(
                new GateResult(GateResult.SUCCESS_METRIC, GateStatus.PASSED, true, v(0.8712), 0.85, ">=",
                        "roc_auc 0.8712 >= 0.85", List.of()),
                new GateResult(GateResult.OVERFITTING, overfit ? GateStatus.FAILED : GateStatus.PASSED, true,
                        v(overfit ? 0.1188 : 0.0188), 0.1, "<=", overfit ? "gap 0.1188 > 0.1" : "gap 0.0188 <= 0.1",
                        overfit ? List.of("features", "build") : List.of()),
                new GateResult(GateResult.FAIRNESS, GateStatus.FAILED, true, v(0.2143), 0.8, ">=",
                        "demographic_parity_ratio 0.2143 < 0.8 on Sex", List.of("data")),
                new GateResult(GateResult.CHAMPION, GateStatus.NOT_APPLICABLE, false, null, null, null,
                        "no champion", List.of()));
        List<String> failures = overfit ? List.of("overfitting", "fairness") : List.of("fairness");
        List<String> backTo = overfit ? List.of("features", "build", "data") : List.of("data");
        return new ValidationReport(subject, holdout, overfitting, fairness, slices, champion, gates, false, failures,
                backTo, importance);
    }

    static CardFacts facts(String problem) {
        return new CardFacts("titanic", 3, "titanic", problem, Map.of("n_trees", "200", "max_depth", "8"), "abc123",
                "0123456789abcdef", List.of("passengers-train@1", "passengers-test@1"),
                List.of("Pclass", "Sex_female", "Sex_male", "Age", "family_size"), "5f2c0e1d9a8b7c6d5e4f",
                "ana", Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void everySectionIsFilledInBothFormats() {
        ModelCard card = ModelCard.of(report(true, List.of(new FeatureImportance("Sex", 0.21, 0.18, 0.24),
                new FeatureImportance("Pclass", 0.06, 0.04, 0.08))), facts("Predict who survived the Titanic."));
        String md = card.markdown();
        String html = card.html();
        for (String section : ModelCard.SECTIONS) {
            assertThat(md).as("markdown section " + section).contains("## " + section);
            assertThat(html).as("html section " + section).contains("<h2>" + section + "</h2>");
        }
        assertThat(md).contains("**FAILED**").contains("overfitting, fairness").contains("features, build, data")
                .contains("Predict who survived the Titanic.").contains("passengers-train@1")
                .contains("| roc\\_auc | 0.8712 | 0.8100 – 0.9200 |")
                .contains("Sex=female").contains("0.2143")
                .contains("n/a (no positive rows in the group)")
                .contains("the test table has no column 'Region'")
                .contains("Pclass").contains("no version holds the alias 'production'")
                .doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Permutation importance")
                .contains("Reliability of the predicted probability of class 1")
                .contains("selection_rate by group")
                .doesNotContain("<script").doesNotContain("NaN").doesNotContain("src=\"http").doesNotContain("href=\"http");
        assertThat(card.limitations()).anySatisfy(l -> assertThat(l).startsWith("Gate overfitting failed"))
                .anySatisfy(l -> assertThat(l).contains("Fairness by Region could not be measured"))
                .anySatisfy(l -> assertThat(l).contains("Weakest slice: Pclass = 3 (70 rows), roc_auc 0.7400"))
                .anySatisfy(l -> assertThat(l).contains("Metric brier is not applicable: no probabilities"));
    }

    @Test
    void exampleExplanationsShowTheLargestContributionsWithSigns() {
        ExampleExplanation example = new ExampleExplanation("Most confident prediction of class 1 (test row 4)",
                "predicted class 1 with probability 0.9700", "tree_shap", "probability of class 1", 0.38,
                List.of(new ExampleExplanation.Contribution("Sex=female", 1, 0.31),
                        new ExampleExplanation.Contribution("Pclass=3", 0, 0.12),
                        new ExampleExplanation.Contribution("Age", 54, -0.04)));
        ModelCard card = ModelCard.of(report(false, null), facts(null), List.of(example));
        assertThat(card.markdown()).contains("### Why individual predictions were made")
                .contains("Most confident prediction of class 1 (test row 4): predicted class 1 with probability 0.9700."
                        + " Contributions (tree\\_shap) to the probability of class 1, from 0.3800 at the average input:")
                .contains("| Sex=female | 1 | +0.3100 |").contains("| Age | 54 | -0.0400 |");
        assertThat(card.html()).contains("Sex=female = 1");
    }

    @Test
    void passingAndMissingPartsSaySo() {
        ValidationReport failing = report(false, null);
        ValidationReport passing = new ValidationReport(failing.subject(), failing.holdout(), failing.overfitting(),
                failing.fairness(), failing.slices(), failing.champion(), failing.gates(), true, List.of(), List.of(), null);
        ModelCard card = ModelCard.of(passing, facts(null));
        assertThat(card.markdown()).contains("**PASSED**").contains("The charter gives no problem statement.")
                .contains("Feature importance was not computed for this validation.");
        assertThat(card.html()).contains("class=\"verdict good\"");
        assertThat(card.limitations()).contains("Feature importance was not computed.");
    }

    @Test
    void userTextIsEscapedInHtmlAndMarkdown() {
        ModelCard card = ModelCard.of(report(false, null), facts("<script>alert('x')</script> | # *bold*"));
        assertThat(card.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(card.markdown()).contains("\\<script\\>").contains("\\| \\# \\*bold\\*");
    }
}
