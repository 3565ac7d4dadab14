package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects, charters, members, comments and the audit log over the native HTTP API. */
class ProjectApiTest {

    private static final String YAML = """
            problem: Forecast hourly bike rentals so stations can be restocked in time.
            task_type: regression
            target: cnt
            success_metric: "rmse <= 60"
            """;

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String owner;
    static String stranger;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        owner = platform.userWithRole("olga", "data-scientist");
        stranger = platform.userWithRole("sam", "data-scientist");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static TestPlatform.Reply putCharter(String project, String token, String body, String contentType) {
        return platform.send("PUT", "/api/v1/projects/" + project + "/charter", token,
                HttpRequest.BodyPublishers.ofString(body), Map.of("Content-Type", contentType));
    }

    private static void createProject(String name) {
        TestPlatform.Reply created = platform.post("/api/v1/projects", owner, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void creatorBecomesProjectAdminAndOnlyMembersSeeTheProject() {
        TestPlatform.Reply created = platform.post("/api/v1/projects", owner,
                "{\"name\":\"bikes\",\"description\":\"hourly rentals\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode project = Json.parse(created.body());
        assertThat(project.get("members").get(0).get("username").asText()).isEqualTo("olga");
        assertThat(project.get("members").get(0).get("role").asText()).isEqualTo("admin");
        assertThat(project.get("charter_version").isNull()).isTrue();

        assertThat(platform.post("/api/v1/projects", owner, "{\"name\":\"bikes\"}").status()).isEqualTo(409);
        assertThat(platform.post("/api/v1/projects", owner, "{\"name\":\"Bikes!\"}").status()).isEqualTo(400);
        assertThat(platform.get("/api/v1/projects/bikes", stranger).status()).isEqualTo(403);
        assertThat(Json.parse(platform.get("/api/v1/projects", stranger).body()).get("projects")).isEmpty();
        assertThat(Json.parse(platform.get("/api/v1/projects", owner).body()).get("projects"))
                .extracting(p -> p.get("name").asText()).contains("bikes");
        assertThat(platform.get("/api/v1/projects/no-such-project", owner).status()).isEqualTo(404);
        assertThat(platform.get("/api/v1/projects/no-such-project/charter", owner).status()).isEqualTo(404);
    }

    @Test
    void charterIsVersionedAndReadBackAsWrittenAndAsCanonicalJson() {
        createProject("rentals");
        assertThat(platform.get("/api/v1/projects/rentals/charter", owner).status()).isEqualTo(404);

        TestPlatform.Reply first = putCharter("rentals", owner, YAML, "application/yaml");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(Json.parse(first.body()).get("version").asInt()).isEqualTo(1);
        assertThat(Json.parse(first.body()).at("/charter/target").asText()).isEqualTo("cnt");

        // the same charter again, even re-formatted, is not a new version
        TestPlatform.Reply same = putCharter("rentals", owner, YAML.replace("\n", "\n\n"), "text/yaml");
        assertThat(Json.parse(same.body()).get("version").asInt()).isEqualTo(1);

        String json = "{\"problem\":\"Forecast hourly bike rentals.\",\"task_type\":\"regression\",\"target\":\"cnt\","
                + "\"success_metric\":\"rmse <= 50\"}";
        TestPlatform.Reply second = putCharter("rentals", owner, json, "application/json; charset=utf-8");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(Json.parse(second.body()).get("version").asInt()).isEqualTo(2);

        JsonNode v1 = Json.parse(platform.get("/api/v1/projects/rentals/charter?version=1", owner).body());
        assertThat(v1.get("source").asText()).isEqualTo(YAML);
        assertThat(v1.get("format").asText()).isEqualTo("yaml");
        assertThat(v1.get("created_by").asText()).isEqualTo("olga");
        assertThat(v1.get("sha256").asText()).hasSize(64);
        JsonNode latest = Json.parse(platform.get("/api/v1/projects/rentals/charter", owner).body());
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.at("/charter/success_metric/threshold").asDouble()).isEqualTo(50.0);
        JsonNode versions = Json.parse(platform.get("/api/v1/projects/rentals/charter/versions", owner).body());
        assertThat(versions.get("versions")).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(Json.parse(platform.get("/api/v1/projects/rentals", owner).body()).get("charter_version").asInt())
                .isEqualTo(2);
        assertThat(platform.get("/api/v1/projects/rentals/charter?version=9", owner).status()).isEqualTo(404);
        assertThat(platform.get("/api/v1/projects/rentals/charter?version=x", owner).status()).isEqualTo(400);
    }

    @Test
    void invalidCharterIsRefusedWithTheFieldPath() {
        createProject("bad-charter");
        TestPlatform.Reply wrongType = putCharter("bad-charter", owner,
                YAML.replace("\"rmse <= 60\"", "{metric: rmse, op: \"<=\", threshold: high}"), "application/yaml");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(Json.field(wrongType.body(), "error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(Json.field(wrongType.body(), "message")).startsWith("success_metric.threshold");

        TestPlatform.Reply notYaml = putCharter("bad-charter", owner, "problem: [unclosed", "application/yaml");
        assertThat(notYaml.status()).isEqualTo(400);
        TestPlatform.Reply noType = putCharter("bad-charter", owner, YAML, "text/plain");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(Json.field(noType.body(), "message")).contains("application/yaml");
        assertThat(putCharter("bad-charter", stranger, YAML, "application/yaml").status()).isEqualTo(403);
        assertThat(putCharter("no-such-project", owner, YAML, "application/yaml").status()).isEqualTo(404);
        assertThat(platform.get("/api/v1/projects/bad-charter/charter", owner).status()).isEqualTo(404);
    }

    @Test
    void projectAdminsManageMembersAndTheLastAdminStays() {
        createProject("team");
        platform.userWithRole("vic", "viewer");
        assertThat(platform.post("/api/v1/projects/team/members", stranger, "{\"username\":\"vic\",\"role\":\"viewer\"}")
                .status()).isEqualTo(403);
        TestPlatform.Reply added = platform.post("/api/v1/projects/team/members", owner,
                "{\"username\":\"vic\",\"role\":\"viewer\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(platform.post("/api/v1/projects/team/members", owner, "{\"username\":\"vic\",\"role\":\"viewer\"}")
                .status()).isEqualTo(409);
        assertThat(platform.post("/api/v1/projects/team/members", owner, "{\"username\":\"vic\",\"role\":\"boss\"}")
                .status()).isEqualTo(400);
        assertThat(platform.post("/api/v1/projects/team/members", owner, "{\"username\":\"nobody\",\"role\":\"viewer\"}")
                .status()).isEqualTo(404);

        TestPlatform.Reply promoted = platform.send("PUT", "/api/v1/projects/team/members/vic", owner,
                HttpRequest.BodyPublishers.ofString("{\"role\":\"ml-engineer\"}"), Map.of("Content-Type", "application/json"));
        assertThat(Json.field(promoted.body(), "role")).isEqualTo("ml-engineer");
        TestPlatform.Reply demoteLast = platform.send("PUT", "/api/v1/projects/team/members/olga", owner,
                HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}"), Map.of("Content-Type", "application/json"));
        assertThat(demoteLast.status()).isEqualTo(409);

        assertThat(platform.send("DELETE", "/api/v1/projects/team/members/vic", owner, null).status()).isEqualTo(204);
        JsonNode members = Json.parse(platform.get("/api/v1/projects/team/members", owner).body()).get("members");
        assertThat(members).extracting(m -> m.get("username").asText()).containsExactly("olga");

        JsonNode audit = Json.parse(platform.get("/api/v1/projects/team/audit", owner).body()).get("entries");
        assertThat(audit).extracting(e -> e.get("action").asText())
                .containsExactly("project.create", "member.add", "member.update", "member.remove");
        JsonNode update = audit.get(2);
        assertThat(update.get("who").asText()).isEqualTo("olga");
        assertThat(update.at("/before/role").asText()).isEqualTo("viewer");
        assertThat(update.at("/after/role").asText()).isEqualTo("ml-engineer");
        assertThat(update.get("at").asText()).isNotBlank();
        assertThat(platform.get("/api/v1/projects/team/audit", stranger).status()).isEqualTo(403);
        assertThat(platform.get("/api/v1/projects/no-such-project/audit", owner).status()).isEqualTo(404);

        JsonNode page = Json.parse(platform.get("/api/v1/projects/team/audit?limit=2", owner).body());
        assertThat(page.get("entries")).hasSize(2);
        JsonNode rest = Json.parse(platform.get("/api/v1/projects/team/audit?after="
                + page.get("next_after").asLong(), owner).body());
        assertThat(rest.get("entries")).extracting(e -> e.get("action").asText())
                .containsExactly("member.update", "member.remove");
        assertThat(platform.get("/api/v1/projects/team/audit?limit=0", owner).status()).isEqualTo(400);
    }

    @Test
    void commentsOnAProjectModelVersionAreForMembersAndDeletableByTheirAuthor() {
        createProject("talk");
        assertThat(platform.post("/api/v1/models", owner, "{\"name\":\"talk-model\",\"project\":\"talk\"}").status())
                .isEqualTo(201);
        platform.post("/api/2.0/mlflow/model-versions/create", owner,
                "{\"name\":\"talk-model\",\"source\":\"mlflow-artifacts:/models/talk-model/1\"}");

        TestPlatform.Reply added = platform.post("/api/v1/comments", owner,
                "{\"entity_type\":\"model_version\",\"entity_id\":\"talk-model/1\",\"body\":\"  looks calibrated  \"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode comment = Json.parse(added.body());
        assertThat(comment.get("project").asText()).isEqualTo("talk");
        assertThat(comment.get("body").asText()).isEqualTo("looks calibrated");
        assertThat(comment.get("author").asText()).isEqualTo("olga");

        assertThat(platform.post("/api/v1/comments", stranger,
                "{\"entity_type\":\"model_version\",\"entity_id\":\"talk-model/1\",\"body\":\"hi\"}").status())
                .isEqualTo(403);
        assertThat(platform.post("/api/v1/comments", owner,
                "{\"entity_type\":\"dataset\",\"entity_id\":\"x\",\"body\":\"hi\"}").status()).isEqualTo(400);
        assertThat(platform.post("/api/v1/comments", owner,
                "{\"entity_type\":\"model_version\",\"entity_id\":\"talk-model/7\",\"body\":\"hi\"}").status())
                .isEqualTo(404);

        String list = "/api/v1/comments?entity_type=model_version&entity_id=talk-model/1";
        assertThat(Json.parse(platform.get(list, owner).body()).get("comments")).hasSize(1);
        assertThat(Json.parse(platform.get(list, stranger).body()).get("comments")).isEmpty();
        long id = comment.get("id").asLong();
        assertThat(platform.send("DELETE", "/api/v1/comments/" + id, stranger, null).status()).isEqualTo(403);
        assertThat(platform.send("DELETE", "/api/v1/comments/" + id, owner, null).status()).isEqualTo(204);
        assertThat(Json.parse(platform.get(list, owner).body()).get("comments")).isEmpty();
        assertThat(platform.send("DELETE", "/api/v1/comments/" + id, owner, null).status()).isEqualTo(404);

        JsonNode audit = Json.parse(platform.get("/api/v1/projects/talk/audit", owner).body()).get("entries");
        assertThat(audit).extracting(e -> e.get("action").asText()).contains("comment.add", "comment.delete");
    }

    @Test
    void experimentsAndRunsAreListedInNativeJson() {
        TestPlatform.Reply experiment = platform.post("/api/2.0/mlflow/experiments/create", owner, "{\"name\":\"native-runs\"}");
        String experimentId = Json.field(experiment.body(), "experiment_id");
        for (double rmse : new double[] {3.0, 1.0, 2.0}) {
            String runId = Json.parse(platform.post("/api/2.0/mlflow/runs/create", owner,
                    "{\"experiment_id\":\"" + experimentId + "\"}").body()).at("/run/info/run_id").asText();
            platform.post("/api/2.0/mlflow/runs/log-metric", owner,
                    "{\"run_id\":\"" + runId + "\",\"key\":\"rmse\",\"value\":" + rmse + ",\"timestamp\":1}");
        }
        JsonNode experiments = Json.parse(platform.get("/api/v1/experiments", owner).body()).get("experiments");
        assertThat(experiments).extracting(e -> e.get("name").asText()).contains("native-runs", "Default");

        TestPlatform.Reply runs = platform.get("/api/v1/runs?experiment_id=" + experimentId
                + "&filter=metrics.rmse%20%3C%203&order_by=metrics.rmse%20ASC&max_results=5", owner);
        assertThat(runs.status()).as(runs.body()).isEqualTo(200);
        assertThat(Json.parse(runs.body()).get("runs")).extracting(r -> r.at("/metrics/rmse").asDouble())
                .containsExactly(1.0, 2.0);
        assertThat(platform.get("/api/v1/runs?experiment_id=" + experimentId + "&filter=metrics.rmse%20%3C%3C%203", owner)
                .status()).isEqualTo(400);
        assertThat(platform.get("/api/v1/runs", owner).status()).isEqualTo(400);
        assertThat(platform.get("/api/v1/runs?experiment_id=424242", owner).status()).isEqualTo(404);
    }
}
