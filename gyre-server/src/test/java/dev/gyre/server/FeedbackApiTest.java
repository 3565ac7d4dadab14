package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.server.monitoring.FeedbackStore;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.tracking.audit.AuditRecord;
import dev.gyre.tracking.audit.JdbcAuditLog;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed ground truth on the real platform: the Titanic package deployed on the serving engine answers predictions
 * with explicit request ids over HTTP; the prediction log hands them to the feedback store; true labels posted
 * later are joined to them, with duplicates, unmatched ids, conflicts and wrong-type labels answered clearly.
 */
class FeedbackApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ROWS = {
        "{\"Pclass\": 1, \"Sex\": \"female\", \"Age\": 38, \"SibSp\": 1, \"Parch\": 0, \"Fare\": 71.2833,"
                + " \"Embarked\": \"C\"}",
        "{\"Pclass\": 3, \"Sex\": \"male\", \"Age\": 22, \"SibSp\": 1, \"Parch\": 0, \"Fare\": 7.25,"
                + " \"Embarked\": \"S\"}",
        "{\"Pclass\": 2, \"Sex\": \"female\", \"Age\": 14, \"SibSp\": 1, \"Parch\": 0, \"Fare\": 30.07,"
                + " \"Embarked\": \"C\"}",
        "{\"Pclass\": 3, \"Sex\": \"male\", \"Age\": 35, \"SibSp\": 0, \"Parch\": 0, \"Fare\": 8.05,"
                + " \"Embarked\": \"S\"}"};

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String writer;
    static String viewer;
    static String deployer;
    /** The class each request id was answered with. */
    static final Map<String, String> PREDICTED = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home.resolve("home"));
        Path pkg = home.resolve("titanic-1.zip");
        try (InputStream in = FeedbackApiTest.class.getResourceAsStream("/serving/titanic-package.zip")) {
            Files.copy(in, pkg);
        }
        GyreModel model = GyreModel.load(pkg);
        platform.server.servingEngine().deployments().deploy("titanic", DeploymentTarget.version("titanic", 1),
                (name, version) -> model);
        writer = platform.userWithRole("dora", "data-engineer");
        viewer = platform.userWithRole("vic", "viewer");
        deployer = platform.userWithRole("olga", "ops");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** Predicts {@code rows} under {@code requestId}, remembering each record's predicted class. */
    static void predict(String requestId, String... rows) throws Exception {
        TestPlatform.Reply reply = platform.post("/api/v1/deployments/titanic/predict", platform.adminToken,
                "{\"records\": [" + String.join(", ", rows) + "], \"request_id\": \"" + requestId + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = JSON.readTree(reply.body()).get("predictions");
        for (int i = 0; i < rows.length; i++) {
            PREDICTED.put(rows.length == 1 ? requestId : requestId + "#" + i,
                    predictions.get(i).get("predicted_class").asText());
        }
    }

    /** Waits until the log has handed every record to the recorder, then writes them to the feedback store. */
    static void recorded() throws Exception {
        assertThat(platform.server.servingEngine().log().flush(Duration.ofSeconds(30))).isTrue();
        assertThat(platform.server.recordPredictionsForFeedback()).isTrue();
    }

    static String other(String label) {
        return label.equals("1") ? "0" : "1";
    }

    static TestPlatform.Reply feedback(String token, Object body) throws Exception {
        return platform.post("/api/v1/deployments/titanic/feedback", token, JSON.writeValueAsString(body));
    }

    static Map<String, Object> item(String requestId, Object label) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("request_id", requestId);
        item.put("label", label);
        return item;
    }

    static JsonNode ok(TestPlatform.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    static FeedbackStore.Joined joined() {
        return platform.server.feedbackStore().joined("titanic", null, Instant.EPOCH,
                Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void lateLabelsAreJoinedToTheLoggedPredictionsIdempotently() throws Exception {
        predict("fb-1", ROWS[0]);
        predict("fb-2", ROWS[1]);
        predict("fb-3", ROWS[2]);
        predict("fb-b", ROWS[3], ROWS[0]);
        recorded();

        JsonNode single = ok(feedback(writer, item("fb-1", PREDICTED.get("fb-1"))));
        assertThat(single.get("accepted").asInt()).isEqualTo(1);
        assertThat(single.get("duplicates").asInt()).isZero();

        // fb-2's label as a JSON number naming the class; fb-b#0 wrong on purpose
        JsonNode batch = ok(feedback(writer, Map.of("feedback", List.of(item("fb-1", PREDICTED.get("fb-1")),
                item("fb-2", Integer.parseInt(PREDICTED.get("fb-2"))), item("fb-3", PREDICTED.get("fb-3")),
                item("fb-b#0", other(PREDICTED.get("fb-b#0"))), item("nope-1", "1"), item("nope-2", 0)))));
        assertThat(batch.get("accepted").asInt()).isEqualTo(3);
        assertThat(batch.get("duplicates").asInt()).isEqualTo(1);
        assertThat(batch.get("unmatched")).extracting(JsonNode::asText).containsExactly("nope-1", "nope-2");
        assertThat(batch.get("unmatched_count").asInt()).isEqualTo(2);
        assertThat(batch.get("conflicts")).isEmpty();

        JsonNode conflict = ok(feedback(writer, Map.of("feedback", List.of(item("fb-2", other(PREDICTED.get("fb-2"))),
                item("fb-3", PREDICTED.get("fb-3"))))));
        assertThat(conflict.get("conflicts")).extracting(JsonNode::asText).containsExactly("fb-2");
        assertThat(conflict.get("conflicts_count").asInt()).isEqualTo(1);
        assertThat(conflict.get("duplicates").asInt()).isEqualTo(1);
        assertThat(conflict.get("accepted").asInt()).isZero();

        FeedbackStore.Joined joined = joined();
        Map<String, FeedbackStore.LabeledPrediction> byId = new HashMap<>();
        joined.pairs().forEach(p -> byId.put(p.requestId(), p));
        assertThat(byId).containsOnlyKeys("fb-1", "fb-2", "fb-3", "fb-b#0");
        assertThat(byId.get("fb-1").labelText()).isEqualTo(PREDICTED.get("fb-1"));
        assertThat(byId.get("fb-2").labelText()).as("the conflict kept the first label").isEqualTo(PREDICTED.get("fb-2"));
        assertThat(byId.get("fb-b#0").labelText()).isEqualTo(other(PREDICTED.get("fb-b#0")));
        byId.values().forEach(p -> {
            assertThat(p.predictedClass()).isEqualTo(PREDICTED.get(p.requestId()));
            assertThat(p.version()).isEqualTo("1");
            assertThat(p.probabilities()).containsOnlyKeys("0", "1");
        });
        assertThat(joined.logged()).isGreaterThanOrEqualTo(5);

        List<AuditRecord> audit = new JdbcAuditLog(platform.server.database()).listForEntity("deployment", "titanic");
        assertThat(audit).filteredOn(r -> r.event().action().equals("deployment.feedback")).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(r -> {
                    assertThat(r.event().actorName()).isEqualTo("dora");
                    assertThat(JSON.readTree(r.event().afterJson())).isEqualTo(JSON.readTree("{\"items\": 6,"
                            + " \"accepted\": 3, \"duplicates\": 1, \"unmatched\": 2, \"conflicts\": 0}"));
                });
    }

    @Test
    void aWrongTypeLabelRefusesTheWholeBatchAndStoresNothing() throws Exception {
        predict("fb-w1", ROWS[0]);
        predict("fb-w2", ROWS[1]);
        recorded();
        TestPlatform.Reply refused = feedback(writer, Map.of("feedback", List.of(item("fb-w1", PREDICTED.get("fb-w1")),
                item("fb-w2", "survived"), item("fb-w-unknown", "1"))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(error.get("message").asText()).contains("Nothing was stored")
                .contains("item 1 (request id 'fb-w2')").contains("send one of [\"0\", \"1\"]");
        assertThat(joined().pairs()).extracting(FeedbackStore.LabeledPrediction::requestId)
                .doesNotContain("fb-w1", "fb-w2");

        TestPlatform.Reply twoLabels = feedback(writer, Map.of("feedback", List.of(item("fb-w1", "1"),
                item("fb-w1", "0"))));
        assertThat(twoLabels.status()).isEqualTo(400);
        assertThat(JSON.readTree(twoLabels.body()).get("message").asText()).contains("different labels");

        // the same batch with the label fixed is stored
        JsonNode fixed = ok(feedback(writer, Map.of("feedback", List.of(item("fb-w1", PREDICTED.get("fb-w1")),
                item("fb-w2", PREDICTED.get("fb-w2"))))));
        assertThat(fixed.get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void malformedBodiesAndUnknownDeploymentsGetClearAnswers() throws Exception {
        assertError(platform.post("/api/v1/deployments/titanic/feedback", writer, "{\"request_id\": "), 400,
                "Malformed JSON");
        assertError(feedback(writer, Map.of("request_id", "fb-1")), 400, "needs 'label'");
        assertError(feedback(writer, Map.of("label", "1")), 400, "needs 'request_id'");
        assertError(feedback(writer, Map.of("request_id", 17, "label", "1")), 400, "needs 'request_id'");
        assertError(feedback(writer, Map.of("request_id", "fb-1", "label", Map.of("class", "1"))), 400,
                "must be a class name");
        assertError(feedback(writer, Map.of("request_id", "fb-1", "label", "1", "extra", 1)), 400,
                "Unknown field 'extra'");
        assertError(feedback(writer, Map.of("feedback", List.of())), 400, "non-empty array");
        assertError(feedback(writer, Map.of("feedback", List.of("fb-1"))), 400, "feedback[0] must be an object");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= FeedbackStore.MAX_BATCH; i++) {
            tooMany.add(item("x-" + i, "1"));
        }
        assertError(feedback(writer, Map.of("feedback", tooMany)), 400, "Split it");
        TestPlatform.Reply unknown = platform.post("/api/v1/deployments/nope/feedback", writer,
                "{\"request_id\": \"r\", \"label\": \"1\"}");
        assertError(unknown, 404, "gyre deploy list");
    }

    @Test
    void unmatchedIdsAreListedUpToOneHundredAndCountedInFull() throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(item("never-" + i, "1"));
        }
        JsonNode answer = ok(feedback(writer, Map.of("feedback", items)));
        assertThat(answer.get("unmatched")).hasSize(100);
        assertThat(answer.get("unmatched").get(0).asText()).isEqualTo("never-0");
        assertThat(answer.get("unmatched_count").asInt()).isEqualTo(150);
        assertThat(answer.get("accepted").asInt()).isZero();
    }

    @Test
    void onlyRolesThatWriteDataMaySendFeedback() throws Exception {
        predict("fb-p1", ROWS[2]);
        recorded();
        Map<String, Object> body = item("fb-p1", PREDICTED.get("fb-p1"));
        assertThat(feedback(viewer, body).status()).as("a read-only token").isEqualTo(403);
        assertThat(feedback(deployer, body).status()).as("ops deploys but does not write data").isEqualTo(403);
        assertThat(feedback(null, body).status()).isEqualTo(401);
        assertThat(joined().pairs()).extracting(FeedbackStore.LabeledPrediction::requestId).doesNotContain("fb-p1");
        assertThat(ok(feedback(platform.adminToken, body)).get("accepted").asInt()).isEqualTo(1);
    }

    private static void assertError(TestPlatform.Reply reply, int status, String message) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(reply.body());
        assertThat(error.get("error_code").isTextual()).isTrue();
        assertThat(error.get("message").asText()).contains(message);
    }
}
