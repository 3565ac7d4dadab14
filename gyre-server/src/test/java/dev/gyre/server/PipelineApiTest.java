package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.pipelines.StepDescription;
import dev.gyre.pipelines.StepKind;
import dev.gyre.pipelines.StepResult;
import dev.gyre.server.config.ConfigLoader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle pipelines over the platform's HTTP API with the real stages: the Titanic pipeline runs to its approval
 * checkpoint, which only a project member in the named role decides (together with the registry's four-eyes
 * promotion), and on to its deployment; an unchanged bike-sharing run is reused step by step; a run stopped with the
 * platform is interrupted after the restart and resumed to the end without repeating its finished steps; and one
 * of its steps runs again in a step worker from its serialised description.
 */
class PipelineApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path home;

    @Test
    void theTitanicPipelineWaitsForAnMlEngineerOfTheProjectThenDeploys() throws Exception {
        try (TestPlatform platform = TestPlatform.start(home)) {
            String admin = platform.adminToken;
            String alice = platform.userWithRole("alice", "ml-engineer");
            String bob = platform.userWithRole("bob", "ml-engineer");
            project(platform, admin, "titanic", EXAMPLES.resolve("titanic/charter.yaml"));
            member(platform, admin, "titanic", "alice", "ml-engineer");
            member(platform, admin, "titanic", "bob", "data-scientist");

            String spec = resolve(platform, admin, "titanic", EXAMPLES.resolve("titanic/pipeline.yaml"), Map.of());
            TestPlatform.Reply started = platform.post("/api/v1/projects/titanic/pipeline-runs", admin,
                    JSON.writeValueAsString(Map.of("spec", spec)));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String id = JSON.readTree(started.body()).path("id").asText();
            assertThat(JSON.readTree(started.body()).path("status").asText()).isEqualTo("running");

            JsonNode waiting = await(platform, admin, "titanic", id, r -> !r.path("status").asText().equals("running"));
            assertThat(waiting.path("status").asText()).as(waiting.path("reason").asText()).isEqualTo("waiting");
            assertThat(waiting.path("awaiting").path("step").asText()).isEqualTo("promote");
            assertThat(waiting.path("awaiting").path("role").asText()).isEqualTo("ml-engineer");
            assertThat(waiting.path("trigger").asText()).isEqualTo("manual");
            assertThat(waiting.path("started_by").asText()).isEqualTo("admin");
            assertThat(steps(waiting)).startsWith("ingest", "validate-data", "clean", "split", "features", "train")
                    .endsWith("validate-model", "register", "promote");
            assertThat(waiting.path("outputs").path("split").path("test").asText()).startsWith("passengers-clean-test@");
            assertThat(events(waiting, "checkpoint_passed")).anyMatch(m -> m.contains("report.success = true"));

            // bob is an ml-engineer on the platform but a data-scientist in the project; the admin is no member
            TestPlatform.Reply refused = platform.post("/api/v1/projects/titanic/pipeline-runs/" + id + "/approve", bob,
                    "{}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("ml-engineer").doesNotContain("Exception");
            assertThat(platform.post("/api/v1/projects/titanic/pipeline-runs/" + id + "/approve", admin, "{}").status())
                    .isEqualTo(403);
            assertThat(platform.post("/api/v1/projects/titanic/pipeline-runs/" + id + "/resume", admin, "").status())
                    .isEqualTo(409);

            TestPlatform.Reply approved = platform.post("/api/v1/projects/titanic/pipeline-runs/" + id + "/approve",
                    alice, "{\"comment\": \"fairness table read\"}");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            JsonNode done = await(platform, admin, "titanic", id, r -> !r.path("status").asText().equals("running"));
            assertThat(done.path("status").asText()).as(done.path("reason").asText()).isEqualTo("succeeded");
            String version = done.path("outputs").path("deploy").path("deployment").asText();
            assertThat(version).isEqualTo("titanic");
            String model = done.path("outputs").path("validate-model").path("model_version").asText();
            // alice's approval of the run approved the registry's promotion as the second person
            int number = Integer.parseInt(model.substring(model.indexOf('/') + 1));
            JsonNode registered = JSON.readTree(platform.get("/api/v1/models/titanic", admin).body());
            assertThat(registered.path("aliases").path("production").asInt()).isEqualTo(number);
            TestPlatform.Reply prediction = platform.post("/api/v1/deployments/titanic/predict", admin,
                    "{\"records\": [{\"PassengerId\": 1, \"Pclass\": 1, \"Name\": \"Smith, Mrs. Ann\", \"Sex\":"
                            + " \"female\", \"Age\": 29, \"SibSp\": 0, \"Parch\": 0, \"Ticket\": \"PC 17599\","
                            + " \"Fare\": 80, \"Cabin\": \"C85\", \"Embarked\": \"C\"}]}");
            assertThat(prediction.status()).as(prediction.body()).isEqualTo(200);
            assertThat(JSON.readTree(prediction.body()).path("model_version").asText()).isEqualTo(String.valueOf(number));
            assertThat(events(done, "approved")).anyMatch(m -> m.contains("alice (ml-engineer) approved"));

            TestPlatform.Reply list = platform.get("/api/v1/projects/titanic/pipeline-runs?limit=1", alice);
            assertThat(JSON.readTree(list.body()).path("runs")).hasSize(1);
            assertThat(JSON.readTree(list.body()).path("runs").get(0).path("id").asText()).isEqualTo(id);
            assertThat(platform.get("/api/v1/projects/titanic/pipeline-runs?limit=0", alice).status()).isEqualTo(400);
            assertThat(platform.get("/api/v1/projects/titanic/pipeline-runs/nope", admin).status()).isEqualTo(404);
            TestPlatform.Reply bad = platform.post("/api/v1/projects/titanic/pipeline-runs", admin,
                    "{\"spec\": \"pipeline: x\\nsteps:\\n  - {kind: trian}\\n\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("trian").contains("train");
            // user mistakes in the body are 400s that name the fix, never a 500
            for (String body : List.of("{\"spec\": " + JSON.writeValueAsString(spec) + ", \"overrides\": {\"train\": null}}",
                    "{\"spec\": " + JSON.writeValueAsString(spec) + ", \"overrides\": {\"train\": 5}}",
                    "{\"spec\": {\"pipeline\": \"x\"}}", "{\"spec\": \"\"}", "[]", "{\"spek\": \"x\"}")) {
                TestPlatform.Reply refusedBody = platform.post("/api/v1/projects/titanic/pipeline-runs", admin, body);
                assertThat(refusedBody.status()).as(body + " -> " + refusedBody.body()).isEqualTo(400);
            }
            assertThat(platform.send("PUT", "/api/v1/projects/titanic/pipelines/bad%20name", admin,
                    "{\"spec\": " + JSON.writeValueAsString(spec) + "}").status()).isEqualTo(400);
            assertThat(platform.send("PUT", "/api/v1/projects/titanic/pipelines/nightly", admin,
                    "{\"spec\": " + JSON.writeValueAsString(spec) + ", \"schedule\": \"0 25 * * *\"}").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void unchangedRunsAreReusedAndAStoppedRunResumesAfterTheRestart() throws Exception {
        String spec;
        String firstRun;
        String interrupted;
        try (TestPlatform platform = TestPlatform.start(home)) {
            String admin = platform.adminToken;
            project(platform, admin, "bikes", EXAMPLES.resolve("bike-sharing/charter.yaml"));
            spec = resolve(platform, admin, "bikes", EXAMPLES.resolve("bike-sharing/pipeline.yaml"), Map.of());
            firstRun = start(platform, admin, spec);
            JsonNode first = await(platform, admin, "bikes", firstRun, r -> !r.path("status").asText().equals("running"));
            assertThat(first.path("status").asText()).as(first.path("reason").asText()).isEqualTo("succeeded");

            // the same spec again: every step reused, none executed
            String again = start(platform, admin, spec);
            JsonNode second = await(platform, admin, "bikes", again, r -> !r.path("status").asText().equals("running"));
            assertThat(second.path("status").asText()).isEqualTo("succeeded");
            assertThat(second.path("steps")).allSatisfy(s -> {
                assertThat(s.path("status").asText()).isEqualTo("cached");
                assertThat(s.path("cached_from").asText()).startsWith(firstRun + "#");
            });
            assertThat(second.path("outputs")).isEqualTo(first.path("outputs"));

            // a changed training budget: the data steps are reused, training runs; the platform stops meanwhile
            interrupted = start(platform, admin, spec, Map.of("train", Map.of("max_trials", 7)));
            await(platform, admin, "bikes", interrupted, r -> r.path("steps").toString().contains(
                    "\"step\":\"train\",\"kind\":\"train\",\"iteration\":1,\"status\":\"running\""));
        }
        try (TestPlatform platform = TestPlatform.start(home, Map.of())) {
            String admin = Files.readString(home.resolve("admin.token")).trim();
            JsonNode after = run(platform, admin, "bikes", interrupted);
            assertThat(after.path("status").asText()).isEqualTo("interrupted");
            assertThat(after.path("next_step").asText()).isEqualTo("train");
            assertThat(events(after, "interrupted")).anyMatch(m -> m.contains("resume it"));
            assertThat(statuses(after)).containsExactly("cached", "cached", "cached", "interrupted");

            TestPlatform.Reply resumed = platform.post("/api/v1/projects/bikes/pipeline-runs/" + interrupted
                    + "/resume", admin, "");
            assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
            JsonNode done = await(platform, admin, "bikes", interrupted,
                    r -> !r.path("status").asText().equals("running"));
            assertThat(done.path("status").asText()).as(done.path("reason").asText()).isEqualTo("succeeded");
            List<String> statuses = statuses(done);
            assertThat(statuses.subList(0, 4)).containsExactly("cached", "cached", "cached", "interrupted");
            assertThat(statuses.get(4)).isEqualTo("succeeded");                       // train, executed once more
            assertThat(steps(done).stream().filter(s -> s.equals("ingest")).count()).isEqualTo(1);
        }

        // a step worker opens the same stores and runs one step from its description, acting as the run's user
        JsonNode step = null;
        try (TestPlatform platform = TestPlatform.start(home, Map.of())) {
            String admin = Files.readString(home.resolve("admin.token")).trim();
            for (JsonNode s : run(platform, admin, "bikes", firstRun).path("steps")) {
                if (s.path("step").asText().equals("validate-data")) {
                    step = s;
                }
            }
        }
        assertThat(step).isNotNull();
        StepDescription description = new StepDescription(firstRun, "validate-data", StepKind.VALIDATE_DATA,
                JSON.convertValue(step.path("params"), Map.class), JSON.convertValue(step.path("inputs"), Map.class),
                "worker");
        StepDescription sent = StepDescription.fromJson(description.toJson());
        try (GyreServer worker = GyreServer.startWorker(ConfigLoader.load(Map.of("home", home.toString()),
                Map.of()))) {
            StepResult result = worker.pipelines().executeHere(sent);
            assertThat(result.succeeded()).as(result.error()).isTrue();
            assertThat(result.outputs()).isEqualTo(JSON.convertValue(step.path("outputs"), Map.class));
            assertThat(((Map<?, ?>) result.results().get("report")).get("success")).isEqualTo(true);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static void project(TestPlatform platform, String token, String name, Path charter) throws Exception {
        TestPlatform.Reply created = platform.post("/api/v1/projects", token, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/" + name + "/charter", token,
                HttpRequest.BodyPublishers.ofString(Files.readString(charter)), Map.of("Content-Type",
                        "application/yaml"));
        assertThat(put.status()).as(put.body()).isBetween(200, 201);
    }

    static void member(TestPlatform platform, String token, String project, String user, String role) {
        TestPlatform.Reply added = platform.post("/api/v1/projects/" + project + "/members", token,
                "{\"username\":\"" + user + "\",\"role\":\"" + role + "\"}");
        assertThat(added.status()).as(added.body()).isBetween(200, 201);
    }

    /**
     * The spec as a client sends it: each {@code source} file beside the spec uploaded through the blob route and
     * named {@code blob:<sha256>}, with the given params replaced.
     */
    static String resolve(TestPlatform platform, String token, String project, Path specFile,
                          Map<String, Map<String, Object>> params) throws Exception {
        JsonNode root = YAML.readTree(Files.readString(specFile));
        for (JsonNode step : root.path("steps")) {
            ObjectNode p = (ObjectNode) step.path("params");
            String source = p.path("source").asText("");
            if (source.endsWith(".csv")) {
                byte[] bytes = Files.readAllBytes(specFile.resolveSibling(source));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                TestPlatform.Reply put = platform.send("PUT", "/api/v1/projects/" + project + "/data/blobs/" + sha,
                        token, HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of());
                assertThat(put.status()).as(put.body()).isBetween(200, 201);
                p.put("source", "blob:" + sha);
            }
            params.getOrDefault(step.path("id").asText(), Map.of()).forEach((k, v) -> p.set(k, JSON.valueToTree(v)));
        }
        return JSON.writeValueAsString(root);
    }

    static String start(TestPlatform platform, String token, String spec) throws Exception {
        return start(platform, token, spec, Map.of());
    }

    static String start(TestPlatform platform, String token, String spec, Map<String, Map<String, Object>> overrides)
            throws Exception {
        TestPlatform.Reply started = platform.post("/api/v1/projects/bikes/pipeline-runs", token,
                JSON.writeValueAsString(Map.of("spec", spec, "overrides", overrides)));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return JSON.readTree(started.body()).path("id").asText();
    }

    static JsonNode run(TestPlatform platform, String token, String project, String id) throws Exception {
        TestPlatform.Reply reply = platform.get("/api/v1/projects/" + project + "/pipeline-runs/" + id, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    static JsonNode await(TestPlatform platform, String token, String project, String id, Predicate<JsonNode> until)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        JsonNode run = run(platform, token, project, id);
        while (!until.test(run)) {
            assertThat(System.nanoTime()).as("run %s still %s: %s", id, run.path("status"), run.path("reason"))
                    .isLessThan(deadline);
            Thread.sleep(100);
            run = run(platform, token, project, id);
        }
        return run;
    }

    static List<String> steps(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.path("steps").forEach(s -> out.add(s.path("step").asText()));
        return out;
    }

    static List<String> statuses(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.path("steps").forEach(s -> out.add(s.path("status").asText()));
        return out;
    }

    static List<String> events(JsonNode run, String type) {
        List<String> out = new ArrayList<>();
        run.path("events").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                out.add(e.path("message").asText());
            }
        });
        return out;
    }
}
