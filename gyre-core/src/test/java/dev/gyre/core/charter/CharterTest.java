package dev.gyre.core.charter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CharterTest {

    private static Charter titanic(List<String> sensitive, FairnessPolicy fairness) {
        return new Charter("Predict who survived", TaskType.BINARY_CLASSIFICATION, "Survived",
                SuccessCriterion.parse("roc_auc >= 0.85"), List.of(SuccessCriterion.parse("accuracy >= 0.80")),
                0.05, sensitive, fairness, null, null);
    }

    @Test
    void criterionParsesAndDecidesWhetherValueMeetsIt() {
        SuccessCriterion auc = SuccessCriterion.parse("roc_auc>=0.85");

        assertThat(auc).isEqualTo(new SuccessCriterion("roc_auc", Direction.AT_LEAST, 0.85));
        assertThat(auc.isMetBy(0.85)).isTrue();
        assertThat(auc.isMetBy(0.8499)).isFalse();
        assertThat(auc.isMetBy(Double.NaN)).isFalse();
        assertThat(SuccessCriterion.parse("rmse < 60").isMetBy(60)).isFalse();
        assertThat(SuccessCriterion.parse("rmse < 60").isMetBy(59.9)).isTrue();
        assertThat(auc.toString()).isEqualTo("roc_auc >= 0.85");
        assertThat(SuccessCriterion.parse("rmse <= 60").toString()).isEqualTo("rmse <= 60");
    }

    @Test
    void refusesCriterionPointingTheWrongWay() {
        assertThatThrownBy(() -> SuccessCriterion.parse("rmse >= 3"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("rmse is better when lower: use <= or < (for example rmse <= 3)");
        assertThatThrownBy(() -> SuccessCriterion.parse("accuracy < 0.9"))
                .hasMessageStartingWith("accuracy is better when higher: use >= or >");
    }

    @Test
    void refusesUnreachableThresholdAndMalformedText() {
        assertThatThrownBy(() -> SuccessCriterion.parse("roc_auc >= 1.5"))
                .hasMessage("threshold of roc_auc must be within [0, 1], got 1.5");
        assertThatThrownBy(() -> SuccessCriterion.parse("roc_auc >= high"))
                .hasMessageContaining("must be a number, got \"high\"");
        assertThatThrownBy(() -> SuccessCriterion.parse("roc_auc == 0.8"))
                .hasMessageContaining("write <metric> <op> <threshold>");
        assertThatThrownBy(() -> new SuccessCriterion("roc_auc", Direction.AT_LEAST, Double.NaN))
                .hasMessageContaining("finite");
    }

    @Test
    void defaultsMonitoringAndPromotion() {
        Charter charter = titanic(List.of(), null);

        assertThat(charter.monitoring()).isEqualTo(new MonitoringDefaults(0.05, 0.1, 0.5, List.of()));
        assertThat(charter.promotion().productionAlias()).isEqualTo("production");
        assertThat(charter.promotion().approverRoles()).containsExactly(Role.ML_ENGINEER, Role.OPS);
        assertThat(charter.promotion().mayApprove(Role.OPS)).isTrue();
        assertThat(charter.promotion().mayApprove(Role.DATA_SCIENTIST)).isFalse();
        assertThat(charter.blockingCriteria()).extracting(SuccessCriterion::metric).containsExactly("roc_auc", "accuracy");
    }

    @Test
    void refusesClassificationMetricOnRegressionCharterListingAllowedOnes() {
        assertThatThrownBy(() -> new Charter("Bikes", TaskType.REGRESSION, "cnt", SuccessCriterion.parse("accuracy >= 0.8"),
                null, null, null, null, null, null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("success_metric: accuracy is a classification metric and cannot judge a regression project;"
                        + " use one of: rmse, mae, r2, mape");
        assertThatThrownBy(() -> new Charter("Bikes", TaskType.REGRESSION, "cnt", SuccessCriterion.parse("rmse <= 60"),
                List.of(SuccessCriterion.parse("made_up >= 1")), null, null, null, null, null))
                .hasMessageStartingWith("secondary_metrics[0]: unknown metric 'made_up' for a regression project");
    }

    @Test
    void refusesInconsistentCharters() {
        assertThatThrownBy(() -> titanic(List.of("Sex", "Sex"), null))
                .hasMessage("sensitive_attributes[1]: Sex is listed twice");
        assertThatThrownBy(() -> titanic(List.of("Survived"), null))
                .hasMessageContaining("is the target column");
        FairnessPolicy parity = new FairnessPolicy("demographic_parity_ratio", Direction.AT_LEAST, 0.8,
                FairnessMode.REPORT_ONLY, Map.of("Age", List.of("adult")));
        assertThatThrownBy(() -> titanic(List.of(), parity))
                .hasMessageStartingWith("fairness: needs sensitive_attributes");
        assertThatThrownBy(() -> titanic(List.of("Sex"), parity))
                .hasMessage("fairness.privileged_groups.Age: Age is not a sensitive attribute; use one of: Sex");
        assertThatThrownBy(() -> new Charter(" ", TaskType.REGRESSION, "cnt", SuccessCriterion.parse("rmse <= 60"),
                null, null, null, null, null, null)).hasMessageStartingWith("problem:");
        assertThatThrownBy(() -> new Charter("Bikes", TaskType.REGRESSION, "cnt", SuccessCriterion.parse("rmse <= 60"),
                null, -0.1, null, null, null, null)).hasMessageStartingWith("max_overfitting_gap:");
        assertThatThrownBy(() -> new Charter("Bikes", TaskType.REGRESSION, "cnt", SuccessCriterion.parse("rmse <= 60"),
                List.of(SuccessCriterion.parse("rmse <= 50")), null, null, null, null, null))
                .hasMessageContaining("already a criterion");
        assertThatThrownBy(() -> new Charter("Bikes", TaskType.REGRESSION, "cnt",
                SuccessCriterion.parse("rmse <= 60").withReportOnly(true), null, null, null, null, null, null))
                .hasMessageContaining("cannot be report-only");
    }

    @Test
    void refusesInvalidFairnessMonitoringAndPromotionSettings() {
        assertThatThrownBy(() -> new FairnessPolicy("demographic_parity_ratio", Direction.AT_MOST, 0.8, null, null))
                .hasMessageStartingWith("demographic_parity_ratio is better when higher");
        assertThatThrownBy(() -> new FairnessPolicy("parity", Direction.AT_LEAST, 0.8, null, null))
                .hasMessageStartingWith("unknown fairness metric 'parity'; use one of: demographic_parity_ratio");
        assertThatThrownBy(() -> new MonitoringDefaults(1.5, 0.1, 0.5, null)).hasMessageContaining("p-value");
        assertThatThrownBy(() -> new MonitoringDefaults(0.05, 0, 0.5, null)).hasMessageContaining("distance");
        assertThatThrownBy(() -> new MonitoringDefaults(0.05, 0.1, 0, null)).hasMessageContaining("drift share");
        assertThatThrownBy(() -> new PromotionPolicy("latest", List.of(Role.OPS))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new PromotionPolicy("prod", List.of())).hasMessageContaining("at least one approver");
        assertThat(new FairnessPolicy("equalized_odds_difference", Direction.AT_MOST, 0.1, null, null).mode())
                .isEqualTo(FairnessMode.REPORT_ONLY);
    }

    @Test
    void parsesEnumsByWireName() {
        assertThat(TaskType.parse("Binary-Classification")).isEqualTo(TaskType.BINARY_CLASSIFICATION);
        assertThat(FairnessMode.parse("BLOCKING")).isEqualTo(FairnessMode.BLOCKING);
        assertThat(Direction.parse(" <= ")).isEqualTo(Direction.AT_MOST);
        assertThatThrownBy(() -> TaskType.parse("clustering"))
                .hasMessage("unknown task type 'clustering'; use one of: binary_classification, multiclass_classification,"
                        + " regression");
        assertThat(TaskType.MULTICLASS_CLASSIFICATION.metrics()).extracting(MetricKind::metricName)
                .containsExactly("accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc",
                        "log_loss", "brier");
    }
}
