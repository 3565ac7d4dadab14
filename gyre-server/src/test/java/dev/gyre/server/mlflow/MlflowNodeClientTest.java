package dev.gyre.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.server.mlflow.MlflowServer.Answer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party MLflow clients against a real platform: the npm {@code mlflow} client through its
 * driver script, and the exact HTTP calls MLflow's Python client makes for a registry round trip.
 */
class MlflowNodeClientTest {

    /** When set to {@code 1}, a machine without node and npm fails this test instead of skipping it. */
    static final String REQUIRE_NODE = "GYRE_REQUIRE_NODE";
    static final int DRIVER_STEPS = 22;
    static final long NPM_CI_TIMEOUT_SECONDS = 180;
    static final long DRIVER_TIMEOUT_SECONDS = 120;

    @TempDir
    static Path home;
    @TempDir
    static Path scratch;
    static MlflowServer server;

    @BeforeAll
    static void start() throws IOException {
        server = MlflowServer.start(home);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- the npm client

    @Test
    void theNpmMlflowClientCompletesEveryDriverStep() throws Exception {
        Optional<Path> node = executable("node");
        Optional<Path> npm = executable("npm");
        if (node.isEmpty() || npm.isEmpty()) {
            String why = "node and npm must be on PATH to run the npm mlflow client (missing: "
                    + (node.isEmpty() ? "node " : "") + (npm.isEmpty() ? "npm" : "").trim() + ")";
            if ("1".equals(System.getenv(REQUIRE_NODE))) {
                fail(why + "; " + REQUIRE_NODE + "=1 makes this a failure");
            }
            Assumptions.abort(why + "; skipped (set " + REQUIRE_NODE + "=1 to fail instead)");
        }
        Path dir = MlflowFixtures.copyNodeClient(scratch.resolve("node-client"));

        Run install = run(dir, List.of(npm.get().toString(), "ci", "--offline", "--no-audit", "--no-fund"), Map.of(),
                NPM_CI_TIMEOUT_SECONDS);
        if (install.exit() != 0) {
            install = run(dir, List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund"), Map.of(), NPM_CI_TIMEOUT_SECONDS);
        }
        assertThat(install.exit()).as("npm ci (offline, then online) failed:%n%s", install.tails()).isZero();
        assertThat(dir.resolve("node_modules/mlflow")).as("npm ci installed the mlflow package").isDirectory();

        Run driver = run(dir, List.of(node.get().toString(), "drive.mjs"),
                Map.of("MLFLOW_TRACKING_URI", server.baseUrl(), "MLFLOW_TRACKING_TOKEN", server.token), DRIVER_TIMEOUT_SECONDS);
        assertThat(driver.exit()).as("the driver stopped early:%n%s", driver.tails()).isZero();
        JsonNode last = MlflowServer.parse(driver.lastStdoutLine());
        assertThat(last).as("the driver's last line is not JSON:%n%s", driver.tails()).isNotNull();
        assertThat(last.path("done").asBoolean(false)).as("the driver did not say done:%n%s", driver.tails()).isTrue();
        assertThat(last.path("steps").asInt()).as("steps the driver ran:%n%s", driver.tails()).isEqualTo(DRIVER_STEPS);

        // what the client logged is really on the server
        Answer run = server.get(MlflowServer.API + "/runs/get", Map.of("run_id", last.path("run_id").asText()));
        assertThat(run.status()).as("%s", run).isEqualTo(200);
        assertThat(run.text("run.info.status")).isEqualTo("FINISHED");
        assertThat(run.text("run.info.experiment_id")).isEqualTo(last.path("experiment_id").asText());
    }

    /** The outcome of a bounded child process; output went to files so that a chatty child never blocks. */
    record Run(int exit, Path stdout, Path stderr, List<String> command) {

        String lastStdoutLine() throws IOException {
            List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i);
                }
            }
            return "";
        }

        String tails() throws IOException {
            return String.join(" ", command) + " exited " + (exit == TIMED_OUT ? "(timed out, destroyed)" : exit)
                    + "\n--- stdout (tail)\n" + tail(stdout) + "\n--- stderr (tail)\n" + tail(stderr);
        }

        private static String tail(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    static final int TIMED_OUT = -1;
    private static int runs;

    static Run run(Path dir, List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        int n = ++runs;
        Path out = scratch.resolve("process-" + n + ".out");
        Path err = scratch.resolve("process-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().putAll(env);
        builder.environment().put("npm_config_update_notifier", "false");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Run(TIMED_OUT, out, err, command);
        }
        return new Run(process.exitValue(), out, err, command);
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null");
    }

    static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        for (String folder : path.split(File.pathSeparator)) {
            for (String candidate : names) {
                Path file = Path.of(folder.isEmpty() ? "." : folder).resolve(candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    // ---- the Python client's registry calls

    @Test
    void theRegistryCallsOfMlflowsPythonClientGetMlflowsAnswers() {
        String experimentId = server.createExperiment(MlflowServer.unique("registry-calls"));
        String runId = server.createRun(experimentId).path("run_id").asText();
        Map<String, String> values = new HashMap<>();
        values.put("run_id", runId);
        values.put("model_name", MlflowServer.unique("conformance-model"));
        values.put("new_model_name", MlflowServer.unique("conformance-model-renamed"));

        JsonNode script = MlflowFixtures.registryCalls();
        assertThat(script.path("calls").size()).isGreaterThanOrEqualTo(21);
        Map<Integer, Answer> answers = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode call : script.path("calls")) {
            int step = call.path("step").asInt();
            String method = call.path("method").asText();
            String path = MlflowFixtures.substitute(call.path("path").asText(), values);
            String label = "step " + step + " " + method + " " + path + " (" + call.path("client_call").asText() + ")";
            Answer answer = send(method, path, call, values);
            answers.put(step, answer);

            JsonNode expect = call.path("expect");
            int status = expect.path("status").asInt();
            assertThat(answer.status()).as("%s answered %s", label, answer).isEqualTo(status);
            assertThat(answer.json()).as("%s: the answer is not a JSON object: %s", label, answer).isNotNull();
            assertThat(answer.json().isObject()).as("%s: the answer is not a JSON object: %s", label, answer).isTrue();
            List<String> fields = strings(expect.path("fields"));
            if (fields.isEmpty() && status == 200) {
                soft.assertThat(MlflowFixtures.fieldPaths(answer.json())).as("%s must answer {}", label).isEmpty();
            }
            soft.assertThat(MlflowFixtures.missing(fields, answer.json())).as("%s lacks fields in %s", label, answer).isEmpty();
            if (status != 200) {
                soft.assertThat(MlflowFixtures.missing(strings(script.path("error_body")), answer.json()))
                        .as("%s error body", label).isEmpty();
            }
            expect.path("values").fields().forEachRemaining(e -> {
                JsonNode want = MlflowFixtures.substitute(e.getValue(), values);
                List<String> got = valuesAt(answer.json(), e.getKey());
                if (want.isArray()) {
                    soft.assertThat(new HashSet<>(got)).as("%s: %s in %s", label, e.getKey(), answer)
                            .isEqualTo(new HashSet<>(strings(want)));
                } else {
                    soft.assertThat(got).as("%s: %s in %s", label, e.getKey(), answer).containsExactly(want.asText());
                }
            });
            call.path("capture").fields().forEachRemaining(e -> {
                List<String> got = valuesAt(answer.json(), e.getValue().asText());
                assertThat(got).as("%s: capture %s from %s", label, e.getValue().asText(), answer).hasSize(1);
                values.put(e.getKey(), got.get(0));
            });
        }
        // the script's note on get_registered_model: both tags set so far and the alias are listed
        JsonNode model = answers.get(12).json();
        soft.assertThat(valuesAt(model, "registered_model.tags[].key")).contains("team", "owner");
        soft.assertThat(valuesAt(model, "registered_model.aliases[].alias")).contains("champion");
        soft.assertThat(valuesAt(model, "registered_model.aliases[].version")).contains(values.get("version"));
        soft.assertAll();
    }

    @Test
    void theProductionAliasIsRefusedWithPermissionDeniedWhileOtherAliasesAreSet() {
        String experimentId = server.createExperiment(MlflowServer.unique("four-eyes"));
        String runId = server.createRun(experimentId).path("run_id").asText();
        String model = MlflowServer.unique("four-eyes-model");
        server.createModel(model);
        String version = server.createVersion(model, runId);

        Answer production = server.post(MlflowServer.API + "/registered-models/alias",
                MlflowServer.object("name", model, "alias", "production", "version", version));
        assertThat(production.status()).as("%s", production).isEqualTo(403);
        assertThat(production.text("error_code")).isEqualTo("PERMISSION_DENIED");
        assertThat(MlflowFixtures.missing(List.of("error_code", "message", "request_id"), production.json())).isEmpty();
        Answer absent = server.get(MlflowServer.API + "/registered-models/alias", Map.of("name", model, "alias", "production"));
        assertThat(absent.status()).as("%s", absent).isEqualTo(404);
        assertThat(absent.text("error_code")).isEqualTo("RESOURCE_DOES_NOT_EXIST");

        Answer staging = server.post(MlflowServer.API + "/registered-models/alias",
                MlflowServer.object("name", model, "alias", "staging", "version", version));
        assertThat(staging.status()).as("%s", staging).isEqualTo(200);
        Answer byAlias = server.get(MlflowServer.API + "/registered-models/alias", Map.of("name", model, "alias", "staging"));
        assertThat(byAlias.status()).as("%s", byAlias).isEqualTo(200);
        assertThat(byAlias.text("model_version.version")).isEqualTo(version);
    }

    private static Answer send(String method, String path, JsonNode call, Map<String, String> values) {
        Map<String, String> headers = Map.of("User-Agent", "mlflow-python-client/2.16.2");
        if (call.has("query")) {
            Map<String, String> query = new LinkedHashMap<>();
            MlflowFixtures.substitute(call.path("query"), values).fields()
                    .forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
            return server.send(method, path + MlflowServer.query(query), (JsonNode) null, headers);
        }
        JsonNode body = call.has("body") ? MlflowFixtures.substitute(call.path("body"), values) : MlflowServer.JSON.createObjectNode();
        return server.send(method, path, body, headers);
    }

    /** The values at a dotted path; {@code a[]} steps into every element of the list {@code a}. */
    static List<String> valuesAt(JsonNode root, String path) {
        List<JsonNode> current = new ArrayList<>(List.of(root));
        for (String segment : path.split("\\.")) {
            boolean each = segment.endsWith("[]");
            String name = each ? segment.substring(0, segment.length() - 2) : segment;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode child = name.isEmpty() ? node : node.get(name);
                if (child == null || child.isNull()) {
                    continue;
                }
                if (each) {
                    child.forEach(next::add);
                } else {
                    next.add(child);
                }
            }
            current = next;
        }
        List<String> out = new ArrayList<>();
        current.forEach(n -> out.add(n.isValueNode() ? n.asText() : n.toString()));
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
