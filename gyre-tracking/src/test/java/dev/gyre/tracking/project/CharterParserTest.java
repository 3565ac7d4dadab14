package dev.gyre.tracking.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.Direction;
import dev.gyre.core.charter.FairnessMode;
import dev.gyre.core.charter.MonitoringDefaults;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.core.charter.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharterParserTest {

    private static final String BIKES = """
            problem: Forecast rented bikes per hour
            task_type: regression
            target: cnt
            success_metric: "rmse <= 60"
            """;

    private final CharterParser parser = new CharterParser();

    static String resource(String name) {
        try (InputStream in = CharterParserTest.class.getResourceAsStream("/charters/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void parsesTitanicYamlExample() {
        Charter charter = parser.parse(resource("titanic.yaml"), CharterFormat.YAML);

        assertThat(charter.taskType()).isEqualTo(TaskType.BINARY_CLASSIFICATION);
        assertThat(charter.targetColumn()).isEqualTo("Survived");
        assertThat(charter.problemStatement()).startsWith("Predict which passengers");
        assertThat(charter.successMetric()).isEqualTo(new SuccessCriterion("roc_auc", Direction.AT_LEAST, 0.85));
        assertThat(charter.secondaryMetrics()).containsExactly(
                new SuccessCriterion("accuracy", Direction.AT_LEAST, 0.80),
                new SuccessCriterion("f1", Direction.AT_LEAST, 0.75, true));
        assertThat(charter.maxOverfittingGap()).isEqualTo(0.05);
        assertThat(charter.sensitiveAttributes()).containsExactly("Sex", "Pclass");
        assertThat(charter.fairness().metric()).isEqualTo("demographic_parity_ratio");
        assertThat(charter.fairness().mode()).isEqualTo(FairnessMode.REPORT_ONLY);
        assertThat(charter.fairness().isMetBy(0.79)).isFalse();
        assertThat(charter.fairness().privilegedGroups()).isEqualTo(Map.of("Sex", List.of("male"), "Pclass", List.of("1")));
        assertThat(charter.monitoring().alertTargets()).containsExactly("ml-team@example.org");
        assertThat(charter.promotion().approverRoles()).containsExactly(Role.ML_ENGINEER, Role.OPS);
    }

    @Test
    void parsesBikeSharingJsonExampleWithDefaults() {
        Charter charter = parser.parse(resource("bike-sharing.json"), CharterFormat.JSON);

        assertThat(charter.taskType()).isEqualTo(TaskType.REGRESSION);
        assertThat(charter.targetColumn()).isEqualTo("cnt");
        assertThat(charter.successMetric().toString()).isEqualTo("rmse <= 60");
        assertThat(charter.successMetric().isMetBy(55.2)).isTrue();
        assertThat(charter.secondaryMetrics()).extracting(SuccessCriterion::toString).containsExactly("mae <= 40", "r2 >= 0.8");
        assertThat(charter.fairness()).isNull();
        assertThat(charter.monitoring()).isEqualTo(MonitoringDefaults.DEFAULTS);
        assertThat(charter.promotion().productionAlias()).isEqualTo("production");
    }

    @Test
    void canonicalJsonRoundTripsToAnEqualCharter() {
        for (String name : List.of("titanic.yaml", "bike-sharing.json")) {
            CharterFormat format = name.endsWith(".json") ? CharterFormat.JSON : CharterFormat.YAML;
            Charter charter = parser.parse(resource(name), format);
            String canonical = parser.toCanonicalJson(charter);

            Charter again = parser.parse(canonical, CharterFormat.JSON);

            assertThat(again).isEqualTo(charter);
            assertThat(parser.toCanonicalJson(again)).isEqualTo(canonical);
            assertThat(parser.parse(canonical, CharterFormat.YAML)).isEqualTo(charter);
        }
    }

    @Test
    void sameCharterWrittenDifferentlyHasTheSameCanonicalForm() {
        String longhand = """
                {"target": "cnt", "task_type": "REGRESSION", "problem": "  Forecast rented bikes per hour ",
                 "success_metric": {"metric": "rmse", "op": "<=", "threshold": 60.0},
                 "monitoring": {"drift_p_value": 0.05}, "promotion": {"approver_roles": ["ops", "ml-engineer"]}}
                """;

        assertThat(parser.toCanonicalJson(parser.parse(longhand, CharterFormat.JSON)))
                .isEqualTo(parser.toCanonicalJson(parser.parse(BIKES, CharterFormat.YAML)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            success_metric: {metric: rmse, op: '<=', threshold: high}  | success_metric.threshold: must be a number, got "high"
            success_metric: "rmse >= 3"                                 | success_metric: rmse is better when lower: use <= or < (for example rmse <= 3)
            success_metric: "accuracy >= 0.8"                           | success_metric: accuracy is a classification metric and cannot judge a regression project; use one of: rmse, mae, r2, mape
            success_metric: {metric: rmse, op: '=>', threshold: 3}      | success_metric.op: unknown comparison operator '=>'; use one of: >=, >, <=, <
            success_metric: {metric: rmse, treshold: 3}                 | success_metric.treshold: unknown key; known keys of success_metric are: metric, op, threshold, report_only
            success_metric: [rmse]                                      | success_metric: must be a criterion such as "roc_auc >= 0.85" or {metric, op, threshold}, got a list
            secondary_metrics: ["mae <= 40", "mae <= 30"]                | secondary_metrics[1]: mae is already a criterion of this charter; give each metric once
            secondary_metrics: "mae <= 40"                              | secondary_metrics: must be a list, got "mae <= 40"
            secondary_metrics: [{metric: mae, op: '<=', threshold: 4, report_only: maybe}] | secondary_metrics[0].report_only: must be true or false, got "maybe"
            max_overfitting_gap: -1                                     | max_overfitting_gap: must be a number >= 0 (for example 0.05), got -1.0
            sensitive_attributes: [season, 2]                           | sensitive_attributes[1]: must be text, got 2; quote it: "2"
            sensitive_attributes: [cnt]                                 | sensitive_attributes[0]: cnt is the target column and cannot also be a sensitive attribute
            fairness: {metric: demographic_parity_ratio, op: '>=', threshold: 0.8} | fairness: needs sensitive_attributes to measure fairness across; list them (for example [Sex]) or remove the fairness policy
            fairness: {metric: parity, op: '>=', threshold: 0.8}        | fairness: unknown fairness metric 'parity'; use one of: demographic_parity_ratio, demographic_parity_difference, equalized_odds_ratio, equalized_odds_difference, equal_opportunity_ratio, equal_opportunity_difference
            fairness: {metric: demographic_parity_ratio, op: '>=', threshold: 0.8, mode: strict} | fairness.mode: unknown fairness mode 'strict'; use one of: report_only, blocking
            monitoring: {drift_pvalue: 0.1}                             | monitoring.drift_pvalue: unknown key; known keys of monitoring are: drift_p_value, distance_threshold, dataset_drift_share, alert_targets
            monitoring: {drift_p_value: 5}                              | monitoring: drift p-value threshold must be between 0 and 1 (exclusive), got 5; 0.05 is usual
            promotion: {approver_roles: [ops, boss]}                    | promotion.approver_roles[1]: Unknown role 'boss'. Use one of: admin, data-scientist, data-engineer, sme, ml-engineer, ops, viewer.
            promotion: {production_alias: latest}                       | promotion: production alias 'latest' is reserved by the model registry; choose another name such as 'production'
            owner: alice                                                | owner: unknown key; known keys are: problem, task_type, target, success_metric, secondary_metrics, max_overfitting_gap, sensitive_attributes, fairness, monitoring, promotion
            task_type: clustering                                       | task_type: unknown task type 'clustering'; use one of: binary_classification, multiclass_classification, regression
            target: 7                                                   | target: must be text, got 7; quote it: "7"
            """)
    void refusesInvalidFieldNamingItsPath(String override, String expected) {
        String key = override.substring(0, override.indexOf(':'));
        String document = BIKES.lines().filter(line -> !line.startsWith(key + ":"))
                .reduce("", (a, b) -> a + b + "\n") + override + "\n";

        assertThatThrownBy(() -> parser.parse(document, CharterFormat.YAML))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage(expected);
    }

    @Test
    void refusesMissingRequiredFields() {
        assertThatThrownBy(() -> parser.parse("task_type: regression\ntarget: cnt\nsuccess_metric: rmse <= 60\n",
                CharterFormat.YAML)).hasMessage("problem: missing; it is required");
        assertThatThrownBy(() -> parser.parse("problem: p\ntask_type: regression\ntarget: cnt\n", CharterFormat.YAML))
                .hasMessage("success_metric: missing; it is required");
        assertThatThrownBy(() -> parser.parse("", CharterFormat.YAML)).hasMessageStartingWith("charter: the document is empty");
        assertThatThrownBy(() -> parser.parse("[1, 2]", CharterFormat.JSON))
                .hasMessage("charter: must be a mapping of keys to values, got a list");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        String broken = "problem: p\ntask_type: regression\ntarget: [cnt\nsuccess_metric: rmse <= 60\n";

        assertThatThrownBy(() -> parser.parse(broken, CharterFormat.YAML))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("charter: not valid YAML at line 4, column 15: expected ',' or ']', but got :"
                        + " (while parsing a flow sequence that starts at line 3, column 9)");
        assertThatThrownBy(() -> parser.parse("problem: p\n  bad: indent\n", CharterFormat.YAML))
                .hasMessage("charter: not valid YAML at line 2, column 6: mapping values are not allowed here");
    }

    @Test
    void jsonSyntaxErrorAndDuplicateKeysNameTheLine() {
        assertThatThrownBy(() -> parser.parse("{\n\"problem\": \"p\",\n\"target\" \"cnt\"}", CharterFormat.JSON))
                .hasMessageStartingWith("charter: not valid JSON at line 3, column");
        assertThatThrownBy(() -> parser.parse("problem: a\nproblem: b\n", CharterFormat.YAML))
                .hasMessageContaining("line 2").hasMessageContaining("problem");
    }

    @Test
    void refusesOversizedDocument() {
        assertThatThrownBy(() -> parser.parse("#".repeat(CharterParser.MAX_LENGTH + 1), CharterFormat.YAML))
                .isInstanceOf(GyreException.TooLarge.class);
    }

    @Test
    void formatParsesFileExtensions() {
        assertThat(CharterFormat.parse("YML")).isEqualTo(CharterFormat.YAML);
        assertThat(CharterFormat.parse("json")).isEqualTo(CharterFormat.JSON);
        assertThatThrownBy(() -> CharterFormat.parse("toml")).hasMessage("Unknown charter format 'toml'; use yaml or json.");
    }

    @Test
    void documentedExamplesAreTheTestedOnes() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "charter.md"));

        assertThat(docs).contains("```yaml\n" + resource("titanic.yaml") + "```");
        assertThat(docs).contains("```json\n" + resource("bike-sharing.json") + "```");
    }
}
