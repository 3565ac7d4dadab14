package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.GyreClient;
import dev.gyre.client.RunningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gyre project, models, experiments and runs against a real platform started in this JVM. */
class CliGovernanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHARTER = """
            problem: Predict which customers will cancel next month.
            task_type: binary_classification
            target: churned
            success_metric: "roc_auc >= 0.8"
            """;

    @TempDir
    static Path home;
    static RunningPlatform platform;
    static String url;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = RunningPlatform.start(home);
        url = platform.url();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    CliRun gyre;

    @BeforeEach
    void setUp() {
        gyre = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString()).env("GYRE_URL", url);
    }

    private CliRun.Result as(String token, String... args) {
        return gyre.env("GYRE_TOKEN", token).run(args);
    }

    private static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void projectCharterMembersAndAuditFromTheCommandLine() throws IOException {
        String owner = platform.tokenOfNewUser(unique("owner"), "data-scientist");
        String project = unique("proj-");
        String colleague = unique("colleague");
        platform.tokenOfNewUser(colleague, "viewer");

        assertThat(ok(as(owner, "project", "create", project, "--description", "churn study")).out())
                .contains("Created project " + project);
        assertThat(ok(as(owner, "project", "list")).out()).contains(project).contains("churn study");

        Path yaml = tmp.resolve("charter.yaml");
        Files.writeString(yaml, CHARTER);
        assertThat(ok(as(owner, "project", "charter", project, "--set", yaml.toString())).out())
                .startsWith("Charter of " + project + " is at version 1");
        Path json = tmp.resolve("charter.json");
        Files.writeString(json, "{\"problem\":\"Predict churn.\",\"task_type\":\"binary_classification\","
                + "\"target\":\"churned\",\"success_metric\":\"roc_auc >= 0.9\"}");
        assertThat(ok(as(owner, "project", "charter", project, "--set", json.toString())).out()).contains("version 2");
        assertThat(ok(as(owner, "project", "charter", project, "--version", "1")).out()).contains(CHARTER.strip());
        JsonNode latest = JSON.readTree(ok(as(owner, "project", "charter", project, "--json")).out());
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.at("/charter/success_metric/threshold").asDouble()).isEqualTo(0.9);

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, CHARTER.replace("binary_classification", "guessing"));
        CliRun.Result refused = as(owner, "project", "charter", project, "--set", bad.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("task_type");
        Path text = tmp.resolve("charter.txt");
        Files.writeString(text, CHARTER);
        assertThat(as(owner, "project", "charter", project, "--set", text.toString()).err()).contains(".yaml");

        assertThat(ok(as(owner, "project", "members", project, "--add", colleague, "--role", "viewer")).out())
                .startsWith("Added " + colleague);
        assertThat(ok(as(owner, "project", "members", project, "--add", colleague, "--role", "ml-engineer")).out())
                .startsWith("Changed " + colleague);
        JsonNode members = JSON.readTree(ok(as(owner, "project", "members", project, "--json")).out());
        assertThat(StreamSupport.stream(members.spliterator(), false).map(m -> m.get("username").asText() + ":"
                + m.get("role").asText())).contains(colleague + ":ml-engineer");
        assertThat(ok(as(owner, "project", "show", project)).out()).contains("Charter version:  2").contains(colleague);
        assertThat(as(owner, "project", "members", project, "--add", colleague).err()).contains("--role");
        ok(as(owner, "project", "members", project, "--remove", colleague));

        String audit = ok(as(owner, "project", "audit", project)).out();
        assertThat(audit).contains("project.create", "charter.create", "charter.update", "member.add", "member.update",
                "member.remove");
        JsonNode entries = JSON.readTree(ok(as(owner, "project", "audit", project, "--json")).out());
        assertThat(entries.get(0).get("action").asText()).isEqualTo("project.create");

        CliRun.Result unknown = as(owner, "project", "show", "no-such-project");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("does not exist");
    }

    @Test
    void promotionNeedsASecondPersonFromTheCommandLine() throws IOException {
        String project = unique("promo-");
        String aliceName = unique("alice");
        String bobName = unique("bob");
        String alice = platform.tokenOfNewUser(aliceName, "data-scientist");
        String bob = platform.tokenOfNewUser(bobName, "ml-engineer");
        GyreClient admin = platform.admin();
        admin.createProject(project, null);
        admin.addMember(project, aliceName, "data-scientist");
        admin.addMember(project, bobName, "ml-engineer");
        String model = project + "-model";
        GyreClient asAlice = admin.withToken(alice);
        asAlice.createModel(model, project, null);
        registerVersion(alice, model);
        registerVersion(alice, model);

        assertThat(ok(as(alice, "models", "list")).out()).contains(model).contains(project);
        String versions = ok(as(alice, "models", "versions", model)).out();
        assertThat(versions.lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("2", "1");

        CliRun.Result direct = as(alice, "models", "alias", model, "production", "2");
        assertThat(direct.exitCode()).isNotZero();
        assertThat(direct.err()).contains("gyre models promote");
        assertThat(ok(as(alice, "models", "alias", model, "challenger", "1")).out()).contains("challenger");

        JsonNode request = JSON.readTree(ok(as(alice, "models", "promote", model, "2", "--reason", "better auc",
                "--json")).out());
        String id = request.get("id").asText();
        assertThat(request.get("status").asText()).isEqualTo("pending");
        CliRun.Result own = as(alice, "models", "approve", id);
        assertThat(own.exitCode()).isNotZero();
        assertThat(own.err()).contains("second person");
        assertThat(ok(as(bob, "models", "approve", id, "--reason", "report checked")).out())
                .contains("now names version 2");
        assertThat(asAlice.getModel(model).aliases()).containsEntry("production", 2).containsEntry("challenger", 1);

        String second = JSON.readTree(ok(as(alice, "models", "promote", model, "1", "--reason", "rollback",
                "--json")).out()).get("id").asText();
        assertThat(as(bob, "models", "reject", second).exitCode()).isNotZero();
        assertThat(ok(as(bob, "models", "reject", second, "--reason", "not needed")).out()).contains("Rejected");
        assertThat(asAlice.getModel(model).aliases()).containsEntry("production", 2);

        String audit = ok(as(alice, "project", "audit", project)).out();
        assertThat(audit.lines().filter(l -> l.contains("promotion."))
                .map(l -> l.split("\\s+")[1] + " " + l.split("\\s+")[2]).toList())
                .containsExactly(aliceName + " promotion.request", bobName + " promotion.approve",
                        aliceName + " promotion.request", bobName + " promotion.reject");
    }

    @Test
    void experimentsAndRunSearchFromTheCommandLine() throws IOException {
        String token = platform.tokenOfNewUser(unique("tracker"), "data-scientist");
        String name = unique("exp-");
        JsonNode created = mlflow(token, "experiments/create", "{\"name\":\"" + name + "\"}");
        String experimentId = created.get("experiment_id").asText();
        for (double rmse : new double[] {3.5, 1.25, 2.0}) {
            String runId = mlflow(token, "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")
                    .at("/run/info/run_id").asText();
            mlflow(token, "runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"rmse\",\"value\":" + rmse
                    + ",\"timestamp\":1}");
        }

        assertThat(ok(as(token, "experiments", "list")).out()).contains(name);
        JsonNode runs = JSON.readTree(ok(as(token, "runs", "search", "--experiment", experimentId,
                "--filter", "metrics.rmse < 3", "--order-by", "metrics.rmse ASC", "--json")).out());
        assertThat(StreamSupport.stream(runs.spliterator(), false).map(r -> r.at("/metrics/rmse").asDouble()))
                .containsExactly(1.25, 2.0);
        String table = ok(as(token, "runs", "search", "--experiment", experimentId, "--order-by", "metrics.rmse DESC",
                "--max", "2")).out();
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).contains("RMSE");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith("3.50000");
        CliRun.Result badFilter = as(token, "runs", "search", "--experiment", experimentId, "--filter", "metrics.rmse <<");
        assertThat(badFilter.exitCode()).isNotZero();
    }

    private static void registerVersion(String token, String model) throws IOException {
        mlflow(token, "model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"mlflow-artifacts:/models/"
                + model + "\"}");
    }

    private static JsonNode mlflow(String token, String route, String body) throws IOException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url + "/api/2.0/mlflow/" + route))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
