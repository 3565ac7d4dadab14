package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 5 over HTTP on the bundled Titanic data: a version trained and registered on the platform is validated
 * against the project's charter on the sealed test split; the report, the gates and the model card are stored;
 * a failed blocking gate keeps the version from production.
 */
class ValidationApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String olaf;
    static String train;
    static String test;
    static JsonNode validated;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        ana = platform.userWithRole("ana", "data-scientist");
        olaf = platform.userWithRole("olaf", "data-scientist");
        assertThat(platform.post("/api/v1/projects", ana, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        // the example charter, with a blocking fairness policy: Titanic's survival differed by sex, so it fails
        String charter = Files.readString(Path.of("..", "examples", "titanic", "charter.yaml"))
                .replace("mode: report_only", "mode: blocking")
                .replace("\"roc_auc >= 0.85\"", "\"roc_auc >= 0.80\"");
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/titanic/charter", ana,
                HttpRequest.BodyPublishers.ofString(charter), Map.of("Content-Type", "application/yaml"));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        TestPlatform.Reply added = DataApiTestSupport.add(platform, ana, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestPlatform.Reply split = platform.post("/api/v1/projects/titanic/data/versions/passengers%401/split", ana,
                "{\"method\":\"stratified\",\"train\":0.8,\"test\":0.2,\"seed\":3,\"column\":\"Survived\"}");
        assertThat(split.status()).as(split.body()).isEqualTo(201);
        train = Json.parse(split.body()).path("train").path("ref").asText();
        test = Json.parse(split.body()).path("test").path("ref").asText();
        TestPlatform.Reply trained = platform.post("/api/v1/projects/titanic/training-runs", ana,
                JSON.writeValueAsString(Map.of("spec", TrainingApiTest.spec(), "data", train, "register", "titanic")));
        assertThat(trained.status()).as(trained.body()).isEqualTo(200);
        assertThat(Json.parse(trained.body()).path("registered_model").path("version").asInt()).isEqualTo(1);
        // the test split is found from the training split the version's run recorded
        TestPlatform.Reply reply = platform.post("/api/v1/models/titanic/versions/1/validate", ana,
                "{\"bootstrap_resamples\": 200, \"seed\": 7}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        validated = Json.parse(reply.body());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static JsonNode gate(JsonNode gates, String name) {
        for (JsonNode g : gates) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + name + " in " + gates);
    }

    @Test
    void theReportJudgesTheVersionByTheChartersThresholdsOnTheSealedTestSplit() {
        assertThat(validated.path("train").asText()).isEqualTo(train);
        assertThat(validated.path("test").asText()).isEqualTo(test);
        JsonNode report = validated.path("report");
        assertThat(report.path("subject").path("success_metric").asText()).isEqualTo("roc_auc >= 0.8");
        JsonNode success = gate(report.path("gates"), "success_metric");
        assertThat(success.path("threshold").asDouble()).isEqualTo(0.80);
        assertThat(success.path("status").asText()).isEqualTo("passed");
        List<String> metrics = new ArrayList<>();
        report.path("holdout").path("metrics").forEach(m -> metrics.add(m.path("name").asText()));
        assertThat(metrics).contains("accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc",
                "log_loss", "brier");
        assertThat(report.path("holdout").path("classification").path("confusion_matrix").path("counts").size())
                .isEqualTo(2);
        assertThat(report.path("overfitting").path("cross_validation").path("value").isNumber())
                .as("the CV score of the version's run").isTrue();
        assertThat(report.path("importance").size()).as("permutation importance per input column").isGreaterThan(3);
        assertThat(report.path("importance").get(0).path("feature").asText()).isEqualTo("Sex");
        assertThat(report.path("slices").path("worst").size()).isGreaterThan(0);
        assertThat(report.toString()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void fairnessBySexShowsTheGapAndTheBlockingPolicyFailsPointingBackToData() {
        JsonNode report = validated.path("report");
        JsonNode bySex = report.path("fairness").path("entries").get(0);
        assertThat(bySex.path("attributes").get(0).asText()).isEqualTo("Sex");
        assertThat(bySex.path("groups").size()).isEqualTo(2);
        JsonNode policy = report.path("fairness").path("policy");
        assertThat(policy.path("metric").asText()).isEqualTo("demographic_parity_ratio");
        assertThat(policy.path("value").path("value").asDouble()).isLessThan(0.5);
        assertThat(policy.path("status").asText()).isEqualTo("failed");
        assertThat(validated.path("passed").asBoolean()).isFalse();
        assertThat(JSON.convertValue(validated.path("blocking_failures"), List.class)).contains("fairness");
        assertThat(JSON.convertValue(validated.path("back_to"), List.class)).contains("data");
    }

    @Test
    void theRegistryRefusesProductionForAVersionThatFailedABlockingGate() {
        TestPlatform.Reply request = platform.post("/api/v1/models/titanic/promotions", ana,
                "{\"version\": 1, \"reason\": \"best of the search\"}");
        assertThat(request.status()).as(request.body()).isEqualTo(409);
        assertThat(request.body()).contains("fairness").contains("cannot get the alias 'production'");
        TestPlatform.Reply version = platform.get("/api/2.0/mlflow/model-versions/get?name=titanic&version=1", ana);
        assertThat(version.body()).contains("gyre.validation.status").contains("failed");
        TestPlatform.Reply list = platform.get("/api/v1/models/titanic/versions/1/validations", ana);
        assertThat(list.status()).isEqualTo(200);
        assertThat(Json.parse(list.body()).path("validations").get(0).path("passed").asBoolean()).isFalse();
    }

    @Test
    void theModelCardRendersEverySectionAsHtmlAndMarkdown() {
        TestPlatform.Reply html = platform.get("/api/v1/models/titanic/versions/1/card", ana);
        assertThat(html.status()).as(html.body()).isEqualTo(200);
        for (String section : dev.gyre.validation.card.ModelCard.SECTIONS) {
            assertThat(html.body()).contains("<h2>" + section + "</h2>");
        }
        assertThat(html.body()).contains("<svg").contains(train).contains(test)
                .contains("Predict which passengers of the Titanic survived")
                .contains("Why individual predictions were made")
                .contains("Most confident prediction of class 1 (test row ")
                .contains("Least certain prediction");
        TestPlatform.Reply md = platform.get("/api/v1/models/titanic/versions/1/card?format=md", ana);
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.body()).startsWith("# Model card: titanic version 1");
        TestPlatform.Reply report = platform.get("/api/v1/models/titanic/versions/1/validation/report", ana);
        assertThat(Json.parse(report.body()).path("gates").size()).isGreaterThanOrEqualTo(4);
        assertThat(platform.get("/api/v1/models/titanic/versions/1/card?format=pdf", ana).status()).isEqualTo(400);
    }

    @Test
    void theTestSplitReadIsLoggedAndReportsAreNotWritableThroughTheArtifactRoutes() {
        TestPlatform.Reply reads = platform.get("/api/v1/projects/titanic/data/versions/"
                + test.replace("@", "%40") + "/reads", ana);
        assertThat(reads.status()).as(reads.body()).isEqualTo(200);
        assertThat(reads.body()).containsIgnoringCase("validation").contains("ana");
        String folder = validated.path("report_path").asText();
        assertThat(folder).startsWith("validations/titanic/1/");
        java.nio.file.Path stored = home.resolve("artifacts").resolve(folder);
        assertThat(stored.resolve("reference").resolve("profile.bin")).as("reference profile for monitoring").isRegularFile();
        assertThat(stored.resolve("reference").resolve("outliers.json")).isRegularFile();
        assertThat(platform.get("/api/v1/artifacts/content?path=" + folder + "/report.json", platform.adminToken)
                .status()).isEqualTo(403);
        assertThat(platform.send("PUT", "/api/v1/artifacts/content?path=" + folder + "/report.json", platform.adminToken,
                HttpRequest.BodyPublishers.ofString("{\"passed\": true}"), Map.of()).status()).isEqualTo(403);
    }

    @Test
    void theValidationWritesAModelPackageThatPredictsAsALibrary() throws Exception {
        java.net.http.HttpResponse<java.io.InputStream> reply = platform.stream("/api/v1/models/titanic/versions/1/package", ana);
        assertThat(reply.statusCode()).isEqualTo(200);
        dev.gyre.serving.pkg.ModelPackage pkg;
        try (java.io.InputStream in = reply.body()) {
            pkg = dev.gyre.serving.pkg.ModelPackages.read(in);
        }
        assertThat(pkg.metadata().modelName()).isEqualTo("titanic");
        assertThat(pkg.metadata().version()).isEqualTo("1");
        assertThat(pkg.reference()).as("the monitoring reference travels with the model").isPresent();
        dev.gyre.serving.pkg.GyreModel model = dev.gyre.serving.pkg.GyreModel.of(pkg);
        Map<String, Object> passenger = new java.util.HashMap<>(Map.of("Pclass", 1, "Name", "Allen, Miss. Elisabeth Walton",
                "Sex", "female", "Age", 29, "SibSp", 0, "Parch", 0, "Ticket", "24160", "Fare", 211.3375, "Embarked", "S"));
        assertThat(model.predict(passenger).predictedClass()).isEqualTo("1");
        passenger.putAll(Map.of("Pclass", 3, "Sex", "male", "Age", 40, "Fare", 7.25, "Name", "Smith, Mr. John"));
        assertThat(model.predict(passenger).predictedClass()).isEqualTo("0");
    }

    @Test
    void badRequestsAreRefusedWithAMessageAndRecordNothing() {
        assertThat(platform.post("/api/v1/models/titanic/versions/9/validate", ana, "{}").status()).isEqualTo(404);
        TestPlatform.Reply notTest = platform.post("/api/v1/models/titanic/versions/1/validate", ana,
                "{\"test\": \"" + train + "\", \"bootstrap_resamples\": 10}");
        assertThat(notTest.status()).as(notTest.body()).isEqualTo(400);
        assertThat(notTest.body()).contains("is not a test split");
        TestPlatform.Reply unknownData = platform.post("/api/v1/models/titanic/versions/1/validate", ana,
                "{\"test\": \"nothing@3\"}");
        assertThat(unknownData.status()).as(unknownData.body()).isEqualTo(404);
        TestPlatform.Reply badField = platform.post("/api/v1/models/titanic/versions/1/validate", ana,
                "{\"bootstrap_resamples\": 0}");
        assertThat(badField.status()).as(badField.body()).isEqualTo(400);
        TestPlatform.Reply stranger = platform.post("/api/v1/models/titanic/versions/1/validate", olaf, "{}");
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(403);
        TestPlatform.Reply list = platform.get("/api/v1/models/titanic/versions/1/validations", ana);
        assertThat(Json.parse(list.body()).path("validations").size()).as("only the one validation").isEqualTo(1);
    }
}
