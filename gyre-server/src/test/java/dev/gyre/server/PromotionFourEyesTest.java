package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-eyes promotion end to end over HTTP: the production alias of a project's model moves only when
 * someone other than the requester, holding an approving role in the project, approves; the project's
 * audit log shows who asked and who approved.
 */
class PromotionFourEyesTest {

    private static final String CHARTER = """
            problem: Predict which customers will cancel their subscription next month.
            task_type: binary_classification
            target: churned
            success_metric: "roc_auc >= 0.8"
            """;

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String alice;
    static String bob;
    static String carol;

    @BeforeAll
    static void start() throws Exception {
        startWith(Map.of());
    }

    /** Starts the platform with these flags and sets up the project, its charter and its members. */
    static void startWith(Map<String, String> flags) throws Exception {
        platform = TestPlatform.start(home, flags);
        alice = platform.userWithRole("alice", "data-scientist");
        bob = platform.userWithRole("bob", "ml-engineer");
        carol = platform.userWithRole("carol", "viewer");
        String admin = platform.adminToken;
        assertThat(platform.post("/api/v1/projects", admin, "{\"name\":\"churn\"}").status()).isEqualTo(201);
        TestPlatform.Reply charter = platform.send("PUT", "/api/v1/projects/churn/charter", admin,
                HttpRequest.BodyPublishers.ofString(CHARTER), Map.of("Content-Type", "application/yaml"));
        assertThat(charter.status()).as(charter.body()).isEqualTo(200);
        addMember("alice", "data-scientist");
        addMember("bob", "ml-engineer");
        addMember("carol", "viewer");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static void addMember(String username, String role) {
        TestPlatform.Reply reply = platform.post("/api/v1/projects/churn/members", platform.adminToken,
                "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    @Test
    void productionAliasMovesOnlyWhenASecondPersonWithAnApprovingRoleApproves() {
        // alice registers a model in the project and a version through the MLflow API
        TestPlatform.Reply model = platform.post("/api/v1/models", alice,
                "{\"name\":\"churn-classifier\",\"project\":\"churn\"}");
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        assertThat(Json.field(model.body(), "project")).isEqualTo("churn");
        TestPlatform.Reply version = platform.post("/api/2.0/mlflow/model-versions/create", alice,
                "{\"name\":\"churn-classifier\",\"source\":\"mlflow-artifacts:/models/churn-classifier/1\"}");
        assertThat(version.status()).as(version.body()).isEqualTo(200);
        assertThat(Json.parse(version.body()).at("/model_version/version").asText()).isEqualTo("1");

        // setting production directly is refused, over the native API and over MLflow's
        TestPlatform.Reply direct = platform.post("/api/v1/models/churn-classifier/aliases", alice,
                "{\"alias\":\"production\",\"version\":1}");
        assertThat(direct.status()).isEqualTo(403);
        assertThat(Json.field(direct.body(), "message")).contains("/api/v1/models/churn-classifier/promotions");
        TestPlatform.Reply viaMlflow = platform.post("/api/2.0/mlflow/registered-models/alias", alice,
                "{\"name\":\"churn-classifier\",\"alias\":\"production\",\"version\":\"1\"}");
        assertThat(viaMlflow.status()).isEqualTo(403);

        // a non-production alias is fine
        TestPlatform.Reply challenger = platform.post("/api/v1/models/churn-classifier/aliases", alice,
                "{\"alias\":\"challenger\",\"version\":1}");
        assertThat(challenger.status()).as(challenger.body()).isEqualTo(200);

        // alice asks; the alias defaults to the project's production alias
        TestPlatform.Reply requested = platform.post("/api/v1/models/churn-classifier/promotions", alice,
                "{\"version\":1,\"reason\":\"roc_auc 0.86 on the holdout set\"}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        JsonNode request = Json.parse(requested.body());
        assertThat(request.get("alias").asText()).isEqualTo("production");
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(request.get("requested_by").asText()).isEqualTo("alice");
        long id = request.get("id").asLong();

        // alice may not approve her own request
        TestPlatform.Reply own = platform.post("/api/v1/promotions/" + id + "/approve", alice, "{}");
        assertThat(own.status()).isEqualTo(403);
        assertThat(Json.field(own.body(), "message")).contains("second person");
        // a viewer of the project may not approve
        assertThat(platform.post("/api/v1/promotions/" + id + "/approve", carol, "{}").status()).isEqualTo(403);
        assertThat(platform.get("/api/2.0/mlflow/registered-models/alias?name=churn-classifier&alias=production", bob)
                .status()).isEqualTo(404);

        // bob approves: the alias now names version 1
        TestPlatform.Reply approved = platform.post("/api/v1/promotions/" + id + "/approve", bob,
                "{\"reason\":\"checked the validation report\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(Json.field(approved.body(), "status")).isEqualTo("approved");
        assertThat(Json.field(approved.body(), "decided_by")).isEqualTo("bob");
        TestPlatform.Reply alias = platform.get(
                "/api/2.0/mlflow/registered-models/alias?name=churn-classifier&alias=production", alice);
        assertThat(alias.status()).as(alias.body()).isEqualTo(200);
        assertThat(Json.parse(alias.body()).at("/model_version/version").asText()).isEqualTo("1");

        // deciding twice is a conflict
        assertThat(platform.post("/api/v1/promotions/" + id + "/approve", platform.adminToken, "{}").status())
                .isEqualTo(409);

        // the audit log names both people, with times
        TestPlatform.Reply audit = platform.get("/api/v1/projects/churn/audit", carol);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        List<JsonNode> promotions = new ArrayList<>();
        Json.parse(audit.body()).get("entries").forEach(e -> {
            if (e.get("entity_type").asText().equals("promotion") && e.get("entity_id").asLong() == id) {
                promotions.add(e);
            }
        });
        assertThat(promotions).extracting(e -> e.get("action").asText() + " by " + e.get("who").asText())
                .containsExactly("promotion.request by alice", "promotion.approve by bob");
        Instant requestedAt = Instant.parse(promotions.get(0).get("at").asText());
        Instant approvedAt = Instant.parse(promotions.get(1).get("at").asText());
        assertThat(approvedAt).isAfterOrEqualTo(requestedAt);
        assertThat(promotions.get(1).at("/after/status").asText()).isEqualTo("APPROVED");
    }

    @Test
    void rejectedPromotionLeavesTheAliasAndNeedsAReason() {
        platform.post("/api/v1/models", alice, "{\"name\":\"churn-rejected\",\"project\":\"churn\"}");
        platform.post("/api/2.0/mlflow/model-versions/create", alice,
                "{\"name\":\"churn-rejected\",\"source\":\"mlflow-artifacts:/models/churn-rejected/1\"}");
        long id = Json.parse(platform.post("/api/v1/models/churn-rejected/promotions", alice,
                "{\"version\":1,\"reason\":\"first try\"}").body()).get("id").asLong();

        TestPlatform.Reply noReason = platform.post("/api/v1/promotions/" + id + "/reject", bob, "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(platform.post("/api/v1/promotions/" + id + "/reject", bob, "{\"reasn\":\"typo\"}").status())
                .isEqualTo(400);
        assertThat(platform.post("/api/v1/promotions/" + id + "/reject", bob, "{\"reason\":7}").status())
                .isEqualTo(400);
        TestPlatform.Reply rejected = platform.post("/api/v1/promotions/" + id + "/reject", bob,
                "{\"reason\":\"no validation report yet\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(Json.field(rejected.body(), "status")).isEqualTo("rejected");
        assertThat(platform.get("/api/v1/models/churn-rejected", alice).body()).doesNotContain("\"production\"");
        TestPlatform.Reply listed = platform.get("/api/v1/models/churn-rejected/promotions", carol);
        assertThat(Json.parse(listed.body()).get("promotions").get(0).get("decision_reason").asText())
                .isEqualTo("no validation report yet");
    }

    @Test
    void onlyTheRequesterMayCancelAndOutsidersCannotSeeTheModel() {
        platform.post("/api/v1/models", alice, "{\"name\":\"churn-cancelled\",\"project\":\"churn\"}");
        platform.post("/api/2.0/mlflow/model-versions/create", alice,
                "{\"name\":\"churn-cancelled\",\"source\":\"mlflow-artifacts:/models/churn-cancelled/1\"}");
        long id = Json.parse(platform.post("/api/v1/models/churn-cancelled/promotions", alice,
                "{\"version\":1,\"reason\":\"try\"}").body()).get("id").asLong();
        String outsider = platform.userWithRole("dave", "ml-engineer");

        assertThat(platform.post("/api/v1/promotions/" + id + "/cancel", bob, "").status()).isEqualTo(403);
        assertThat(platform.post("/api/v1/promotions/" + id + "/approve", outsider, "{}").status()).isEqualTo(403);
        assertThat(platform.get("/api/v1/models/churn-cancelled", outsider).status()).isEqualTo(403);
        assertThat(Json.parse(platform.get("/api/v1/models", outsider).body()).get("models")).isEmpty();
        TestPlatform.Reply cancelled = platform.post("/api/v1/promotions/" + id + "/cancel", alice, "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(Json.field(cancelled.body(), "status")).isEqualTo("cancelled");
    }

    @Test
    void projectModelsAreGovernedByProjectRolesOnTheMlflowRoutesToo() {
        platform.post("/api/v1/models", alice, "{\"name\":\"churn-governed\",\"project\":\"churn\"}");
        assertThat(platform.post("/api/2.0/mlflow/model-versions/create", alice,
                "{\"name\":\"churn-governed\",\"source\":\"mlflow-artifacts:/models/churn-governed/1\"}").status())
                .isEqualTo(200);
        String outsider = platform.userWithRole("erin", "data-scientist");
        // a data scientist outside the project can neither read nor change the project's model through MLflow
        TestPlatform.Reply get = platform.get("/api/2.0/mlflow/registered-models/get?name=churn-governed", outsider);
        assertThat(get.status()).isEqualTo(403);
        assertThat(Json.field(get.body(), "error_code")).isEqualTo("PERMISSION_DENIED");
        assertThat(platform.post("/api/2.0/mlflow/registered-models/set-tag", outsider,
                "{\"name\":\"churn-governed\",\"key\":\"k\",\"value\":\"v\"}").status()).isEqualTo(403);
        assertThat(platform.post("/api/2.0/mlflow/model-versions/create", outsider,
                "{\"name\":\"churn-governed\",\"source\":\"mlflow-artifacts:/models/churn-governed/2\"}").status())
                .isEqualTo(403);
        assertThat(platform.get("/api/2.0/mlflow/registered-models/search?filter=" + java.net.URLEncoder.encode(
                "name = 'churn-governed'", java.nio.charset.StandardCharsets.UTF_8), outsider).body())
                .doesNotContain("churn-governed");
        assertThat(platform.get("/api/2.0/mlflow/model-versions/search?filter=" + java.net.URLEncoder.encode(
                "name = 'churn-governed'", java.nio.charset.StandardCharsets.UTF_8), outsider).body())
                .doesNotContain("churn-governed");
        // a viewer in the project may read but not write; a data scientist in the project may write
        assertThat(platform.get("/api/2.0/mlflow/registered-models/get?name=churn-governed", carol).status()).isEqualTo(200);
        assertThat(platform.post("/api/2.0/mlflow/registered-models/set-tag", carol,
                "{\"name\":\"churn-governed\",\"key\":\"k\",\"value\":\"v\"}").status()).isEqualTo(403);
        assertThat(platform.post("/api/2.0/mlflow/registered-models/set-tag", alice,
                "{\"name\":\"churn-governed\",\"key\":\"k\",\"value\":\"v\"}").status()).isEqualTo(200);
    }
}
