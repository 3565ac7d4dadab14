package dev.gyre.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.Direction;
import dev.gyre.core.charter.FairnessMode;
import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.core.charter.TaskType;
import dev.gyre.core.table.Table;
import dev.gyre.validation.FairnessReport.AttributeFairness;
import dev.gyre.validation.metrics.MetricValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TitanicValidationTest {

    static final ValidationOptions FAST = ValidationOptions.defaults().withBootstrap(100, 0.95);

    private Table train;
    private Table test;
    private Models.Fitted forest;
    private Models.Fitted fareOnly;
    private Charter charter;
    private ValidationReport report;

    @BeforeAll
    void trainAndValidate() throws IOException {
        Table all = Models.titanic();
        train = Models.train(all);
        test = Models.test(all);
        forest = Models.fit(train, Models.TITANIC_FEATURES, "Survived", "random_forest",
                Map.of("n_trees", 100, "max_depth", 6, "threads", 1), true);
        fareOnly = Models.fit(train, Models.FARE_ONLY, "Survived", "logistic_regression", Map.of(), true);
        charter = charter(List.of("Sex"), FairnessMode.BLOCKING);
        report = new ModelValidator().validate(new ValidationRequest(forest.model(), forest.features(), train, test,
                charter, 0.86, null, FAST));
    }

    static Charter charter(List<String> sensitive, FairnessMode mode) {
        return new Charter("Predict who survived the Titanic", TaskType.BINARY_CLASSIFICATION, "Survived",
                SuccessCriterion.parse("roc_auc >= 0.85"), List.of(SuccessCriterion.parse("accuracy >= 0.7")
                .withReportOnly(true)), 0.1, sensitive,
                new FairnessPolicy("demographic_parity_ratio", Direction.AT_LEAST, 0.8, mode, Map.of()), null, null);
    }

    @Test
    void reportHasEverySection() {
        assertThat(report.subject().positiveClass()).isEqualTo("1");
        assertThat(report.subject().testRows()).isEqualTo(test.rowCount());
        assertThat(report.holdout().metrics()).extracting(HoldoutReport.NamedMetric::name)
                .containsExactlyElementsOf(ModelValidator.CLASSIFICATION_METRICS);
        HoldoutReport.NamedMetric auc = report.holdout().metric("roc_auc").orElseThrow();
        assertThat(auc.value().get()).isBetween(0.75, 1.0);
        assertThat(auc.interval().lower().get()).isLessThanOrEqualTo(auc.value().get());
        assertThat(auc.interval().upper().get()).isGreaterThanOrEqualTo(auc.value().get());
        assertThat(report.holdout().classification().confusionMatrix().labels()).containsExactly("0", "1");
        long total = report.holdout().classification().confusionMatrix().counts().stream()
                .flatMap(List::stream).mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(test.rowCount());
        assertThat(report.holdout().classification().calibration()).isNotNull();
        assertThat(report.overfitting().crossValidation().get()).isEqualTo(0.86);
        assertThat(report.overfitting().train().get()).isGreaterThan(report.overfitting().test().get());
        assertThat(report.slices().slices()).isNotEmpty();
        assertThat(report.slices().worst()).hasSizeLessThanOrEqualTo(5).isNotEmpty();
        assertThat(report.slices().skipped()).anyMatch(s -> s.startsWith("Name:"));
        assertThat(report.champion().status()).isEqualTo(GateStatus.NOT_APPLICABLE);
        assertThat(report.importance()).isNull();
        assertThat(report.gates()).extracting(GateResult::name).containsExactly("success_metric",
                "secondary:accuracy", "overfitting", "fairness", "champion");
    }

    @Test
    void successGateUsesTheCharterThreshold() {
        GateResult gate = report.gate("success_metric").orElseThrow();
        double auc = report.holdout().metric("roc_auc").orElseThrow().value().get();
        assertThat(gate.threshold()).isEqualTo(0.85);
        assertThat(gate.direction()).isEqualTo(">=");
        assertThat(gate.blocking()).isTrue();
        assertThat(gate.status()).isEqualTo(auc >= 0.85 ? GateStatus.PASSED : GateStatus.FAILED);
        assertThat(report.gate("secondary:accuracy").orElseThrow().blocking()).isFalse();
    }

    @Test
    void fairnessBySexShowsTheGapAndBlocks() {
        AttributeFairness sex = report.fairness().entries().get(0);
        assertThat(sex.attributes()).containsExactly("Sex");
        assertThat(sex.groups()).extracting(FairnessReport.GroupRow::group).containsExactly("Sex=female", "Sex=male");
        double female = sex.groups().get(0).metrics().get("selection_rate").get();
        double male = sex.groups().get(1).metrics().get("selection_rate").get();
        assertThat(female).isGreaterThan(male + 0.3);
        assertThat(sex.groups().get(0).metrics()).containsKeys("accuracy", "true_positive_rate",
                "false_positive_rate", "precision");
        MetricValue ratio = sex.measure("demographic_parity_ratio").orElseThrow().value();
        assertThat(ratio.get()).isLessThan(0.5).isEqualTo(male / female, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(sex.measure("demographic_parity_ratio").orElseThrow().interval()).isNotNull();
        assertThat(report.fairness().policy().status()).isEqualTo(GateStatus.FAILED);
        GateResult gate = report.gate("fairness").orElseThrow();
        assertThat(gate.status()).isEqualTo(GateStatus.FAILED);
        assertThat(gate.blocking()).isTrue();
        assertThat(gate.threshold()).isEqualTo(0.8);
        assertThat(report.passed()).isFalse();
        assertThat(report.blockingFailures()).contains("fairness");
        assertThat(report.backTo()).contains("data");
    }

    @Test
    void reportOnlyFairnessDoesNotBlock() {
        ValidationReport r = new ModelValidator().validate(new ValidationRequest(forest.model(), forest.features(),
                train, test, charter(List.of("Sex"), FairnessMode.REPORT_ONLY), null, null, FAST));
        GateResult gate = r.gate("fairness").orElseThrow();
        assertThat(gate.status()).isEqualTo(GateStatus.FAILED);
        assertThat(gate.blocking()).isFalse();
        assertThat(r.blockingFailures()).doesNotContain("fairness");
    }

    @Test
    void missingSensitiveAttributeIsNotApplicable() {
        ValidationReport r = new ModelValidator().validate(new ValidationRequest(forest.model(), forest.features(),
                train, test, charter(List.of("Sex", "Religion"), FairnessMode.BLOCKING), null, null, FAST));
        assertThat(r.fairness().entries()).hasSize(2);
        AttributeFairness religion = r.fairness().entries().get(1);
        assertThat(religion.attributes()).containsExactly("Religion");
        assertThat(religion.notApplicable()).contains("no column 'Religion'");
        assertThat(religion.groups()).isEmpty();
    }

    @Test
    void intersectionOfTwoAttributesIsReported() {
        ValidationReport r = new ModelValidator().validate(new ValidationRequest(forest.model(), forest.features(),
                train, test, charter(List.of("Sex", "Pclass"), FairnessMode.BLOCKING), null, null, FAST));
        assertThat(r.fairness().entries()).extracting(AttributeFairness::attributes)
                .containsExactly(List.of("Sex"), List.of("Pclass"), List.of("Sex", "Pclass"));
        AttributeFairness both = r.fairness().entries().get(2);
        assertThat(both.groups()).hasSize(6);
        assertThat(both.smallGroups()).isNotEmpty();
    }

    @Test
    void championComparisonBothWays() {
        ValidationRequest.Champion weak = new ValidationRequest.Champion(fareOnly.model(), fareOnly.features(),
                "titanic@production (version 3)");
        ValidationReport better = new ModelValidator().validate(new ValidationRequest(forest.model(),
                forest.features(), train, test, charter, null, weak, FAST));
        assertThat(better.champion().status()).isEqualTo(GateStatus.PASSED);
        GateResult passed = better.gate("champion").orElseThrow();
        assertThat(passed.status()).isEqualTo(GateStatus.PASSED);
        assertThat(passed.blocking()).isTrue();
        assertThat(passed.message()).contains("titanic@production (version 3)");

        ValidationRequest.Champion strong = new ValidationRequest.Champion(forest.model(), forest.features(),
                "titanic@production (version 4)");
        ValidationReport worse = new ModelValidator().validate(new ValidationRequest(fareOnly.model(),
                fareOnly.features(), train, test, charter, null, strong, FAST));
        ChampionReport.Check check = worse.champion().checks().get(0);
        assertThat(check.metric()).isEqualTo("roc_auc");
        assertThat(check.candidate().get()).isLessThan(check.champion().get());
        assertThat(check.failures()).singleElement().asString().contains("champion");
        GateResult failed = worse.gate("champion").orElseThrow();
        assertThat(failed.status()).isEqualTo(GateStatus.FAILED);
        assertThat(failed.threshold()).isEqualTo(check.champion().get());
        assertThat(worse.blockingFailures()).contains("champion");
        assertThat(worse.backTo()).contains("build");
    }

    @Test
    void targetMissingFromTestTableIsRefused() {
        Table unlabelled = test.drop(List.of("Survived"));
        assertThatThrownBy(() -> new ModelValidator().validate(new ValidationRequest(forest.model(),
                forest.features(), train, unlabelled, charter, null, null, FAST)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("test table has no target column 'Survived'");
    }

    @Test
    void charterTaskMismatchIsRefused() {
        Charter regression = new Charter("Predict the fare", TaskType.REGRESSION, "Survived",
                SuccessCriterion.parse("rmse <= 1"), List.of(), null, List.of(), null, null, null);
        assertThatThrownBy(() -> new ModelValidator().validate(new ValidationRequest(forest.model(),
                forest.features(), train, test, regression, null, null, FAST)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("task type is regression")
                .hasMessageContaining("classification model");
    }

    @Test
    void jsonHasNoNanAndSnakeCaseFields() throws IOException {
        String json = ReportJson.write(report);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.fieldNames()).toIterable().containsExactly("subject", "holdout", "overfitting", "fairness",
                "slices", "champion", "gates", "passed", "blocking_failures", "back_to", "importance");
        assertThat(tree.at("/gates/0/name").asText()).isEqualTo("success_metric");
        assertThat(tree.at("/champion/status").asText()).isEqualTo("not_applicable");
        assertThat(tree.at("/overfitting/cross_validation/value").asDouble()).isEqualTo(0.86);
        assertThat(tree.at("/subject/positive_class").asText()).isEqualTo("1");
    }

    @Test
    void sameSeedSameReport() {
        ValidationReport again = new ModelValidator().validate(new ValidationRequest(forest.model(),
                forest.features(), train, test, charter, 0.86, null, FAST));
        assertThat(ReportJson.write(again)).isEqualTo(ReportJson.write(report));
    }
}
