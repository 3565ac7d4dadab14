package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.server.serving.PredictionLogArchive;
import dev.gyre.serving.protocol.InferenceRequest;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments on the real platform: three Titanic versions trained on the platform, two of them validated (so
 * they have a model package); deployments follow aliases, change traffic over HTTP, are stored and audited, and
 * come back after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        admin = platform.adminToken;
        ana = platform.userWithRole("ana", "data-scientist");
        trainAndValidate(platform, ana, 3, 2);
        setAlias("champion", 1);
    }

    /**
     * Project titanic with the example charter and data, {@code versions} versions of model titanic trained there
     * (a small search), the first {@code validated} of them validated (so they have a model package).
     */
    static void trainAndValidate(TestPlatform platform, String user, int versions, int validated) throws Exception {
        assertThat(platform.post("/api/v1/projects", user, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        String charter = Files.readString(Path.of("..", "examples", "titanic", "charter.yaml"));
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/titanic/charter", user,
                HttpRequest.BodyPublishers.ofString(charter), Map.of("Content-Type", "application/yaml"));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        TestPlatform.Reply added = DataApiTestSupport.add(platform, user, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestPlatform.Reply split = platform.post("/api/v1/projects/titanic/data/versions/passengers%401/split", user,
                "{\"method\":\"stratified\",\"train\":0.8,\"test\":0.2,\"seed\":3,\"column\":\"Survived\"}");
        assertThat(split.status()).as(split.body()).isEqualTo(201);
        String train = Json.parse(split.body()).path("train").path("ref").asText();
        String spec = TrainingApiTest.spec().replace("max_trials: 6, parallelism: 1", "max_trials: 2, parallelism: 1");
        for (int version = 1; version <= versions; version++) {
            TestPlatform.Reply trained = platform.post("/api/v1/projects/titanic/training-runs", user,
                    JSON.writeValueAsString(Map.of("spec", spec, "data", train, "register", "titanic")));
            assertThat(trained.status()).as(trained.body()).isEqualTo(200);
            assertThat(Json.parse(trained.body()).path("registered_model").path("version").asInt()).isEqualTo(version);
        }
        for (int version = 1; version <= validated; version++) {
            TestPlatform.Reply reply = platform.post("/api/v1/models/titanic/versions/" + version + "/validate",
                    user, "{\"bootstrap_resamples\": 10, \"seed\": 7}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static void setAlias(String alias, int version) {
        setAlias(platform, ana, alias, version);
    }

    static void setAlias(TestPlatform platform, String user, String alias, int version) {
        TestPlatform.Reply reply = platform.post("/api/v1/models/titanic/aliases", user,
                "{\"alias\": \"" + alias + "\", \"version\": " + version + "}");
        assertThat(reply.status()).as(reply.body()).isIn(200, 204);
    }

    static InferenceRequest passenger() {
        Map<String, Object> record = new HashMap<>(Map.of("Pclass", 1L, "Name", "Allen, Miss. Elisabeth Walton",
                "Sex", "female", "Age", 29L, "SibSp", 0L, "Parch", 0L, "Ticket", "24160", "Fare", 211.3375,
                "Embarked", "S"));
        return new InferenceRequest(List.of(record), Optional.of("req-1"), Map.of());
    }

    static int answeringVersion(String deployment) {
        return answeringVersion(platform, deployment);
    }

    static int answeringVersion(TestPlatform platform, String deployment) {
        return platform.server.servingEngine().predict(deployment, passenger(), null).version();
    }

    static JsonNode get(String name) {
        TestPlatform.Reply reply = platform.get("/api/v1/deployments/" + name, ana);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.parse(reply.body());
    }

    @Test
    @Order(1)
    void aDeploymentFollowsItsAliasAndHotSwapsWhenTheAliasMoves() {
        TestPlatform.Reply created = platform.post("/api/v1/deployments", admin,
                "{\"name\": \"titanic-live\", \"model\": \"titanic\", \"alias\": \"champion\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode d = Json.parse(created.body());
        assertThat(d.path("target").asText()).isEqualTo("titanic@champion");
        assertThat(d.path("primary_version").asInt()).isEqualTo(1);
        assertThat(d.path("state").asText()).isEqualTo("serving");
        assertThat(answeringVersion("titanic-live")).isEqualTo(1);

        setAlias("champion", 2);
        assertThat(answeringVersion("titanic-live")).as("moving the alias hot-swaps the deployment").isEqualTo(2);
        JsonNode after = get("titanic-live");
        assertThat(after.path("primary_version").asInt()).isEqualTo(2);
        assertThat(after.path("previous_version").asInt()).isEqualTo(1);
        assertThat(after.path("alias_version").asInt()).isEqualTo(2);

        TestPlatform.Reply audit = platform.get("/api/v1/projects/titanic/audit", ana);
        assertThat(audit.body()).contains("deployment.create").contains("deployment.follow_alias");
    }

    @Test
    @Order(2)
    void servedPredictionsAreWrittenToThePlatformsPredictionLog() throws Exception {
        answeringVersion("titanic-live");
        assertThat(platform.server.servingEngine().log().flush(java.time.Duration.ofSeconds(30))).isTrue();
        Path dir = home.resolve("predictions").resolve("titanic-live");
        String written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        assertThat(written).contains("\"request_id\":\"req-1\"").contains("\"deployment\":\"titanic-live\"")
                .contains("\"model_version\":\"2\"");

        // a segment of an hour that has passed is shipped to the artifact store and removed locally
        Path past = dir.resolve("2020010100-000000.jsonl");
        Files.writeString(past, line("titanic-live", "old-1"));
        platform.server.shipPredictionLogs();
        assertThat(past).doesNotExist();
        assertThat(home.resolve("artifacts/predictions/titanic-live/2020010100-000000.jsonl"))
                .hasContent(line("titanic-live", "old-1"));
        assertThat(platform.get("/api/v1/prediction-logs/titanic-live", ana).body())
                .contains("2020010100-000000.jsonl");
    }

    @Test
    @Order(3)
    void canaryShadowStickyPromoteAndRollbackAreChangedOverHttp() {
        assertThat(platform.post("/api/v1/deployments", admin,
                "{\"name\": \"titanic-ab\", \"model\": \"titanic/1\"}").status()).isEqualTo(201);
        TestPlatform.Reply canary = platform.post("/api/v1/deployments/titanic-ab/canary", admin,
                "{\"version\": 2, \"percent\": 100}");
        assertThat(canary.status()).as(canary.body()).isEqualTo(200);
        assertThat(Json.parse(canary.body()).path("canary").path("percent").asInt()).isEqualTo(100);
        assertThat(answeringVersion("titanic-ab")).as("100 % to the canary").isEqualTo(2);
        assertThat(Json.parse(canary.body()).path("loaded_versions").toString()).contains("1").contains("2");

        TestPlatform.Reply shadow = platform.post("/api/v1/deployments/titanic-ab/shadow", admin, "{\"version\": 1}");
        assertThat(shadow.status()).as(shadow.body()).isEqualTo(200);
        assertThat(Json.parse(shadow.body()).path("shadow_version").asInt()).isEqualTo(1);
        TestPlatform.Reply sticky = platform.post("/api/v1/deployments/titanic-ab/sticky-header", admin,
                "{\"header\": \"X-User-Id\"}");
        assertThat(Json.parse(sticky.body()).path("sticky_header").asText()).isEqualTo("X-User-Id");

        TestPlatform.Reply promoted = platform.post("/api/v1/deployments/titanic-ab/promote-canary", admin, "");
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(Json.parse(promoted.body()).path("primary_version").asInt()).isEqualTo(2);
        assertThat(Json.parse(promoted.body()).path("canary").isNull()).isTrue();
        TestPlatform.Reply rolledBack = platform.post("/api/v1/deployments/titanic-ab/rollback", admin, "");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(Json.parse(rolledBack.body()).path("primary_version").asInt()).isEqualTo(1);
        assertThat(answeringVersion("titanic-ab")).isEqualTo(1);

        assertThat(platform.post("/api/v1/deployments/titanic-ab/canary", admin, "{\"version\": 2, \"percent\": 10}")
                .status()).isEqualTo(200);
        assertThat(platform.send("DELETE", "/api/v1/deployments/titanic-ab/canary", admin, null).status())
                .isEqualTo(200);
        assertThat(get("titanic-ab").path("canary").isNull()).isTrue();
        assertThat(platform.post("/api/v1/deployments/titanic-ab/shadow", admin, "{\"version\": null}").status())
                .isEqualTo(200);
        TestPlatform.Reply list = platform.get("/api/v1/deployments", ana);
        assertThat(list.status()).isEqualTo(200);
        assertThat(Json.parse(list.body()).path("deployments").size()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedWithTheFixAndChangeNothing() {
        TestPlatform.Reply neverValidated = platform.post("/api/v1/deployments", admin,
                "{\"name\": \"three\", \"model\": \"titanic\", \"version\": 3}");
        assertThat(neverValidated.status()).as(neverValidated.body()).isEqualTo(409);
        assertThat(neverValidated.body()).contains("has not been validated").contains("gyre models validate titanic 3")
                .contains("/api/v1/models/titanic/versions/3/validate");
        TestPlatform.Reply canaryUnvalidated = platform.post("/api/v1/deployments/titanic-ab/canary", admin,
                "{\"version\": 3, \"percent\": 5}");
        assertThat(canaryUnvalidated.status()).isEqualTo(409);
        assertThat(get("titanic-ab").path("canary").isNull()).as("nothing changed").isTrue();

        assertThat(platform.post("/api/v1/deployments", admin, "{\"name\": \"bad name!\", \"model\": \"titanic/1\"}")
                .body()).contains("letters");
        assertThat(platform.post("/api/v1/deployments", admin, "{\"name\": \"x\", \"model\": \"titanic\"}").status())
                .isEqualTo(400);
        assertThat(platform.post("/api/v1/deployments", admin,
                "{\"name\": \"x\", \"model\": \"titanic\", \"version\": 1, \"colour\": 1}").body())
                .contains("Unknown field 'colour'");
        assertThat(platform.post("/api/v1/deployments", admin, "{\"name\": \"x\", \"model\": \"nope/1\"}").status())
                .isEqualTo(404);
        assertThat(platform.post("/api/v1/deployments", admin, "{\"name\": \"x\", \"model\": \"titanic/99\"}")
                .status()).isEqualTo(404);
        assertThat(platform.post("/api/v1/deployments", admin, "{\"name\": \"titanic-ab\", \"model\": \"titanic/1\"}")
                .status()).isEqualTo(409);
        TestPlatform.Reply percent = platform.post("/api/v1/deployments/titanic-ab/canary", admin,
                "{\"version\": 2, \"percent\": 150}");
        assertThat(percent.status()).isEqualTo(400);
        assertThat(percent.body()).contains("0 to 100");
        assertThat(platform.post("/api/v1/deployments/titanic-ab/sticky-header", admin, "{\"header\": \"a b\"}")
                .status()).isEqualTo(400);
        assertThat(platform.post("/api/v1/deployments/nothing/rollback", admin, "").status()).isEqualTo(404);
        TestPlatform.Reply noPrevious = platform.post("/api/v1/deployments", admin,
                "{\"name\": \"fresh\", \"model\": \"titanic\", \"version\": 2}");
        assertThat(noPrevious.status()).isEqualTo(201);
        assertThat(platform.post("/api/v1/deployments/fresh/rollback", admin, "").status()).isEqualTo(409);
        assertThat(platform.post("/api/v1/deployments/fresh/promote-canary", admin, "").status()).isEqualTo(409);
        assertThat(platform.send("DELETE", "/api/v1/deployments/fresh", admin, null).status()).isEqualTo(204);
        assertThat(platform.get("/api/v1/deployments/fresh", ana).status()).isEqualTo(404);

        TestPlatform.Reply forbidden = platform.post("/api/v1/deployments", ana,
                "{\"name\": \"mine\", \"model\": \"titanic/1\"}");
        assertThat(forbidden.status()).as("data scientists may not deploy").isEqualTo(403);
        TestPlatform.Reply list = platform.get("/api/v1/deployments", ana);
        assertThat(Json.parse(list.body()).path("deployments").size()).as("no partial writes").isEqualTo(2);
    }

    static String line(String deployment, String requestId) {
        return "{\"v\":1,\"request_id\":\"" + requestId + "\",\"deployment\":\"" + deployment + "\",\"model\":\"titanic\","
                + "\"model_version\":\"1\",\"ts\":1772359200000,\"inputs\":{\"Sex\":\"female\",\"Age\":29},"
                + "\"output\":{\"class\":\"1\",\"probabilities\":{\"0\":0.1,\"1\":0.9}},\"latency_us\":1250}\n";
    }

    @Test
    @Order(5)
    void predictionLogSegmentsAreShippedOnceAndListed() throws Exception {
        String segment = line("edge", "a") + line("edge", "b");
        String path = "/api/v1/prediction-logs/edge/2026030110-000001.jsonl";
        TestPlatform.Reply first = platform.send("PUT", path, admin, HttpRequest.BodyPublishers.ofString(segment),
                Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(platform.send("PUT", path, admin, HttpRequest.BodyPublishers.ofString(segment), Map.of()).status())
                .as("the same bytes again").isEqualTo(200);
        TestPlatform.Reply other = platform.send("PUT", path, admin,
                HttpRequest.BodyPublishers.ofString(line("edge", "c")), Map.of());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body()).contains("next sequence number");

        TestPlatform.Reply badLine = platform.send("PUT", "/api/v1/prediction-logs/edge/2026030110-000002.jsonl", admin,
                HttpRequest.BodyPublishers.ofString(line("edge", "d") + "{\"v\":1}\n"), Map.of());
        assertThat(badLine.status()).isEqualTo(400);
        assertThat(badLine.body()).contains("Line 2");
        TestPlatform.Reply cut = platform.send("PUT", "/api/v1/prediction-logs/edge/2026030110-000003.jsonl", admin,
                HttpRequest.BodyPublishers.ofString(line("edge", "e").trim()), Map.of());
        assertThat(cut.status()).isEqualTo(400);
        TestPlatform.Reply otherDeployment = platform.send("PUT", "/api/v1/prediction-logs/edge/2026030110-000004.jsonl",
                admin, HttpRequest.BodyPublishers.ofString(line("core", "f")), Map.of());
        assertThat(otherDeployment.status()).isEqualTo(400);
        assertThat(otherDeployment.body()).contains("'core'");
        TestPlatform.Reply badName = platform.send("PUT", "/api/v1/prediction-logs/edge/today.jsonl", admin,
                HttpRequest.BodyPublishers.ofString(segment), Map.of());
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body()).contains("yyyyMMddHH");
        assertThat(platform.send("PUT", path, ana, HttpRequest.BodyPublishers.ofString(segment), Map.of()).status())
                .isEqualTo(403);

        // the platform's own shipper uses the same archive
        Path local = Files.createTempFile(home, "seg", ".jsonl");
        Files.writeString(local, line("titanic-live", "g"));
        new PredictionLogArchive(platform.server.artifacts())
                .put("titanic-live/2026030111-000000.jsonl", local);

        TestPlatform.Reply list = platform.get("/api/v1/prediction-logs/edge", ana);
        assertThat(list.status()).isEqualTo(200);
        JsonNode segments = Json.parse(list.body()).path("segments");
        assertThat(segments.size()).isEqualTo(1);
        assertThat(segments.get(0).path("segment").asText()).isEqualTo("2026030110-000001.jsonl");
        assertThat(Json.parse(platform.get("/api/v1/prediction-logs/titanic-live", ana).body()).path("segments")
                .size()).isEqualTo(2);
        assertThat(home.resolve("artifacts/predictions/edge/2026030110-000001.jsonl")).hasContent(segment);
        assertThat(platform.get("/api/v1/artifacts/content?path=predictions/edge/2026030110-000001.jsonl", admin)
                .status()).as("reserved from the general artifact routes").isEqualTo(403);
    }

    @Test
    @Order(6)
    void deploymentsComeBackAfterARestartAndOneThatCannotLoadIsMarkedFailed() throws Exception {
        assertThat(platform.post("/api/v1/deployments", admin,
                "{\"name\": \"pinned-two\", \"model\": \"titanic\", \"version\": 2}").status()).isEqualTo(201);
        JsonNode live = get("titanic-live");
        platform.close();
        // take version 2's package away: the deployment that needs it cannot load
        Path validations = home.resolve("artifacts/validations/titanic/2");
        Path pkg;
        try (Stream<Path> files = Files.walk(validations)) {
            pkg = files.filter(p -> p.getFileName().toString().equals("package.zip")).findFirst().orElseThrow();
        }
        Path aside = home.resolve("package-2.zip");
        Files.move(pkg, aside);
        restart();
        try {
            JsonNode liveAgain = get("titanic-live");
            assertThat(liveAgain.path("state").asText()).isEqualTo("failed");
            JsonNode pinned = get("pinned-two");
            assertThat(pinned.path("state").asText()).isEqualTo("failed");
            assertThat(pinned.path("failure").asText()).isNotBlank();
            JsonNode ab = get("titanic-ab");
            assertThat(ab.path("state").asText()).as("version 1 still loads").isEqualTo("serving");
            assertThat(ab.path("primary_version").asInt()).isEqualTo(1);
            assertThat(ab.path("previous_version").asInt()).isEqualTo(2);
            assertThat(ab.path("sticky_header").asText()).isEqualTo("X-User-Id");
            assertThat(answeringVersion("titanic-ab")).isEqualTo(1);
            assertThat(liveAgain.path("primary_version").asInt()).isEqualTo(live.path("primary_version").asInt());
            TestPlatform.Reply change = platform.post("/api/v1/deployments/pinned-two/retarget", admin,
                    "{\"version\": 1}");
            assertThat(change.status()).isEqualTo(409);
            assertThat(change.body()).contains("not being served");
        } finally {
            Files.move(aside, pkg);
        }
        platform.server.deploymentManager().check();
        assertThat(get("pinned-two").path("state").asText()).as("retried once the package is back").isEqualTo("serving");
        assertThat(answeringVersion("pinned-two")).isEqualTo(2);
        assertThat(platform.send("DELETE", "/api/v1/deployments/pinned-two", admin, null).status()).isEqualTo(204);
    }

    @Test
    @Order(7)
    void anApprovedPromotionMovesTheDeploymentsThatFollowTheAlias() {
        String bob = platform.userWithRole("bob", "ml-engineer");
        TestPlatform.Reply member = platform.post("/api/v1/projects/titanic/members", admin,
                "{\"username\":\"bob\",\"role\":\"ml-engineer\"}");
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        setAlias("staging", 1);
        assertThat(platform.post("/api/v1/deployments", bob,
                "{\"name\": \"titanic-staging\", \"model\": \"titanic@staging\"}").status()).isEqualTo(201);
        assertThat(answeringVersion("titanic-staging")).isEqualTo(1);

        TestPlatform.Reply requested = platform.post("/api/v1/models/titanic/promotions", ana,
                "{\"version\": 2, \"alias\": \"staging\", \"reason\": \"better on the holdout\"}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(answeringVersion("titanic-staging")).as("not before the approval").isEqualTo(1);
        TestPlatform.Reply approved = platform.post("/api/v1/promotions/" + Json.parse(requested.body()).path("id")
                .asText() + "/approve", bob, "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(answeringVersion("titanic-staging")).isEqualTo(2);
        assertThat(get("titanic-staging").path("updated_by").asText()).isEqualTo("platform");
    }

    private static void restart() throws Exception {
        platform = TestPlatform.start(home);
    }
}
