package dev.gyre.server.mlflow;

import static dev.gyre.server.mlflow.MlflowServer.API;
import static dev.gyre.server.mlflow.MlflowServer.object;
import static dev.gyre.server.mlflow.MlflowServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.server.mlflow.MlflowFixtures.Route;
import dev.gyre.server.mlflow.MlflowServer.Answer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of the conformance shapes that the platform serves, called with a valid request,
 * answers with every field MLflow's proto says it always has; one failing call per route group
 * answers with MLflow's error body.
 */
class MlflowShapesTest {

    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String MODEL_FILE = "model/MLmodel";
    private static final byte[] MODEL_BYTES = "flavors:\n  python_function: {}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;
    static MlflowServer server;

    static String experimentId;
    static String experimentName;
    static String runId;
    static String runArtifacts;
    static String model;

    @BeforeAll
    static void start() throws IOException {
        server = MlflowServer.start(home);
        experimentName = unique("shapes");
        experimentId = server.createExperiment(experimentName);
        ok(server.post(API + "/experiments/set-experiment-tag", object("experiment_id", experimentId, "key", "team", "value", "x")));
        JsonNode info = server.createRun(experimentId);
        runId = info.path("run_id").asText();
        String artifactUri = info.path("artifact_uri").asText();
        assertThat(artifactUri).startsWith(MlflowArtifactsController.PROXY_ROOT);
        runArtifacts = artifactUri.substring(MlflowArtifactsController.PROXY_ROOT.length());
        ok(server.post(API + "/runs/log-batch", object("run_id", runId,
                "metrics", List.of(Map.of("key", "loss", "value", 0.5, "timestamp", 1000, "step", 1),
                        Map.of("key", "loss", "value", 0.25, "timestamp", 2000, "step", 2)),
                "params", List.of(Map.of("key", "lr", "value", "0.1")),
                "tags", List.of(Map.of("key", "phase", "value", "train")))));
        ok(server.post(API + "/runs/log-inputs", object("run_id", runId, "datasets", List.of(Map.of(
                "tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")),
                "dataset", Map.of("name", "iris", "digest", "abc123", "source_type", "local", "source", "{}",
                        "schema", "{}", "profile", "{}"))))));
        put(runArtifacts + "/" + MODEL_FILE);
        model = unique("shapes-model");
        server.createModel(model);
        server.createVersion(model, runId);
        ok(server.post(API + "/registered-models/set-tag", object("name", model, "key", "team", "value", "x")));
        ok(server.post(API + "/model-versions/set-tag", object("name", model, "version", "1", "key", "team", "value", "x")));
        ok(server.post(API + "/registered-models/alias", object("name", model, "alias", "champion", "version", "1")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Answer ok(Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer;
    }

    static void put(String artifactPath) {
        ok(server.send("PUT", PROXY + "/" + artifactPath, HttpRequest.BodyPublishers.ofByteArray(MODEL_BYTES),
                Map.of("Content-Type", "application/octet-stream")));
    }

    /** What a test case sends: the path with its query, and the JSON body or raw bytes of other methods. */
    record Call(String path, JsonNode body, byte[] raw, List<String> alsoRequired) {
        static Call of(String path, JsonNode params) {
            return new Call(path, params, null, List.of());
        }

        Call requiring(String... paths) {
            return new Call(path, body, raw, List.of(paths));
        }
    }

    /** Whether the platform's route table has this method and path. */
    static boolean served(String method, String path) {
        return server.server.routes().stream()
                .anyMatch(r -> r.method().name().equalsIgnoreCase(method) && r.path().equals(path));
    }

    static Stream<Arguments> servedRoutes() {
        List<Arguments> out = new ArrayList<>();
        for (Route route : MlflowFixtures.allRoutes()) {
            List<String> methods = new ArrayList<>(List.of(route.method()));
            methods.addAll(route.alsoMethods());
            for (String method : methods) {
                if (served(method, route.path())) {
                    out.add(Arguments.of(method + " " + route.path(), method, route));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} answers every field MLflow always sends")
    @MethodSource("servedRoutes")
    void aValidCallAnswersEveryRequiredField(String name, String method, Route route) {
        Call call = call(method, route.path());
        Answer answer;
        if (call.raw() != null) {
            answer = server.send(method, call.path(), HttpRequest.BodyPublishers.ofByteArray(call.raw()),
                    Map.of("Content-Type", "application/octet-stream"));
        } else if (method.equals("GET")) {
            answer = server.call("GET", call.path(), call.body());
        } else {
            answer = server.send(method, call.path(), call.body(), Map.of());
        }
        assertThat(answer.status()).as("%s answered %s", name, answer).isEqualTo(200);
        if (!route.jsonAnswer()) {
            assertThat(answer.body().getBytes(StandardCharsets.UTF_8)).as("%s body", name).isEqualTo(MODEL_BYTES);
            return;
        }
        assertThat(answer.json()).as("%s answered no JSON object: %s", name, answer).isNotNull();
        assertThat(answer.json().isObject()).as("%s answered no JSON object: %s", name, answer).isTrue();
        assertThat(MlflowFixtures.missing(route.required(), answer.json())).as("%s lacks required fields in %s", name, answer)
                .isEmpty();
        assertThat(MlflowFixtures.missing(call.alsoRequired(), answer.json()))
                .as("%s lacks fields of data logged beforehand in %s", name, answer).isEmpty();
        if (route.emptyAnswer()) {
            assertThat(MlflowFixtures.fieldPaths(answer.json())).as("%s must answer {}", name).isEmpty();
        }
        Set<String> documented = Set.copyOf(route.response());
        List<String> undocumented = MlflowFixtures.fieldPaths(answer.json()).stream()
                .filter(p -> !documented.contains(p) && documented.stream().noneMatch(d -> d.startsWith(p + ".") || d.startsWith(p + "[]")))
                .toList();
        assertThat(undocumented).as("%s answers fields MLflow does not have: %s", name, answer).isEmpty();
    }

    @Test
    void everyDocumentedRouteIsServed() {
        List<Route> notServed = MlflowFixtures.allRoutes().stream().filter(r -> !served(r.method(), r.path())).toList();
        assertThat(notServed).extracting(Route::path).isEmpty();
    }

    @Test
    void theMlflow1xRegisteredModelsListAnswersWithTheShapeOfSearch() {
        Route search = MlflowFixtures.route("GET", API + "/registered-models/search");
        Answer answer = server.get(API + "/registered-models/list", Map.of("max_results", "1000"));
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(MlflowFixtures.missing(search.required(), answer.json())).as("%s", answer).isEmpty();
        assertThat(MlflowNodeClientTest.valuesAt(answer.json(), "registered_models[].name")).contains(model);
    }

    static Stream<Arguments> failingCalls() {
        String nowhere = "0123456789abcdef0123456789abcdef";
        return Stream.of(
                Arguments.of("experiments", "GET", API + "/experiments/get", object("experiment_id", "999999"), 404,
                        "RESOURCE_DOES_NOT_EXIST"),
                Arguments.of("runs", "GET", API + "/runs/get", object("run_id", nowhere), 404, "RESOURCE_DOES_NOT_EXIST"),
                Arguments.of("metrics", "GET", API + "/metrics/get-history", object("run_id", nowhere, "metric_key", "loss"), 404,
                        "RESOURCE_DOES_NOT_EXIST"),
                Arguments.of("artifacts", "GET", API + "/artifacts/list", object("run_id", nowhere), 404, "RESOURCE_DOES_NOT_EXIST"),
                Arguments.of("registered-models", "POST", API + "/registered-models/create", object("name", ""), 400,
                        "INVALID_PARAMETER_VALUE"),
                Arguments.of("model-versions", "GET", API + "/model-versions/get", object("name", "no-such-model", "version", "1"),
                        404, "RESOURCE_DOES_NOT_EXIST"),
                Arguments.of("mlflow-artifacts", "GET", PROXY + "/no/such/file.bin", null, 404, "RESOURCE_DOES_NOT_EXIST"));
    }

    @ParameterizedTest(name = "{0}: {1} {2} answers {4} {5} with MLflow's error body")
    @MethodSource("failingCalls")
    void aFailingCallAnswersMlflowsErrorBody(String group, String method, String path, JsonNode params, int status, String code) {
        Answer answer = server.call(method, path, params);
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).as("%s", answer).startsWith("application/json");
        assertThat(answer.json()).as("%s", answer).isNotNull();
        assertThat(MlflowFixtures.missing(MlflowFixtures.errorFields(group), answer.json())).as("%s", answer).isEmpty();
        assertThat(answer.text("error_code")).isEqualTo(code);
        assertThat(answer.text("message")).isNotBlank();
        assertThat(answer.text("request_id")).isNotBlank();
        assertThat(answer.json().size()).as("an error body has only error_code, message and request_id: %s", answer).isEqualTo(3);
    }

    // ---- a valid call per route, with fresh resources where the call changes or removes them

    static String freshExperiment() {
        return server.createExperiment(unique("shapes-fresh"));
    }

    static String freshRun() {
        return server.createRun(experimentId).path("run_id").asText();
    }

    static String freshModel() {
        String name = unique("shapes-fresh-model");
        server.createModel(name);
        return name;
    }

    static String freshVersion() {
        return server.createVersion(model, runId);
    }

    static Call call(String method, String path) {
        String route = method + " " + path.replace("/api/2.0/mlflow-artifacts", "mlflow-artifacts:").replace(API, "");
        return switch (route) {
            case "POST /experiments/create" -> Call.of(path, object("name", unique("shapes-create"),
                    "tags", List.of(Map.of("key", "k", "value", "v"))));
            case "POST /experiments/search", "GET /experiments/search" -> Call.of(path, object("max_results", 1000))
                    .requiring("experiments[].tags[].key", "experiments[].tags[].value");
            case "GET /experiments/list" -> Call.of(path, object());
            case "GET /experiments/get" -> Call.of(path, object("experiment_id", experimentId))
                    .requiring("experiment.tags[].key", "experiment.tags[].value");
            case "GET /experiments/get-by-name" -> Call.of(path, object("experiment_name", experimentName));
            case "POST /experiments/update" -> Call.of(path, object("experiment_id", freshExperiment(), "new_name", unique("renamed")));
            case "POST /experiments/delete" -> Call.of(path, object("experiment_id", freshExperiment()));
            case "POST /experiments/restore" -> {
                String id = freshExperiment();
                ok(server.post(API + "/experiments/delete", object("experiment_id", id)));
                yield Call.of(path, object("experiment_id", id));
            }
            case "POST /experiments/set-experiment-tag" -> Call.of(path, object("experiment_id", experimentId, "key", "k2", "value", "v"));
            case "POST /experiments/delete-experiment-tag" -> {
                ok(server.post(API + "/experiments/set-experiment-tag", object("experiment_id", experimentId, "key", "gone", "value", "v")));
                yield Call.of(path, object("experiment_id", experimentId, "key", "gone"));
            }
            case "POST /runs/create" -> Call.of(path, object("experiment_id", experimentId, "run_name", unique("run"),
                    "start_time", System.currentTimeMillis(), "tags", List.of(Map.of("key", "k", "value", "v"))))
                    .requiring("run.data.tags[].key", "run.data.tags[].value");
            case "GET /runs/get" -> Call.of(path, object("run_id", runId)).requiring(
                    "run.data.metrics[].key", "run.data.metrics[].value", "run.data.metrics[].timestamp", "run.data.metrics[].step",
                    "run.data.params[].key", "run.data.params[].value", "run.data.tags[].key", "run.data.tags[].value",
                    "run.info.user_id",
                    "run.inputs.dataset_inputs[].tags[].key", "run.inputs.dataset_inputs[].tags[].value",
                    "run.inputs.dataset_inputs[].dataset.name", "run.inputs.dataset_inputs[].dataset.digest",
                    "run.inputs.dataset_inputs[].dataset.source_type", "run.inputs.dataset_inputs[].dataset.source",
                    "run.inputs.dataset_inputs[].dataset.schema", "run.inputs.dataset_inputs[].dataset.profile");
            case "POST /runs/update" -> Call.of(path, object("run_id", freshRun(), "status", "FINISHED",
                    "end_time", System.currentTimeMillis())).requiring("run_info.end_time");
            case "POST /runs/delete" -> Call.of(path, object("run_id", freshRun()));
            case "POST /runs/restore" -> {
                String id = freshRun();
                ok(server.post(API + "/runs/delete", object("run_id", id)));
                yield Call.of(path, object("run_id", id));
            }
            case "POST /runs/log-metric" -> Call.of(path, object("run_id", runId, "key", "acc", "value", 0.9,
                    "timestamp", System.currentTimeMillis(), "step", 3));
            case "POST /runs/log-parameter" -> Call.of(path, object("run_id", runId, "key", unique("param"), "value", "1"));
            case "POST /runs/set-tag" -> Call.of(path, object("run_id", runId, "key", "k", "value", "v"));
            case "POST /runs/delete-tag" -> {
                ok(server.post(API + "/runs/set-tag", object("run_id", runId, "key", "gone", "value", "v")));
                yield Call.of(path, object("run_id", runId, "key", "gone"));
            }
            case "POST /runs/log-batch" -> Call.of(path, object("run_id", runId,
                    "metrics", List.of(Map.of("key", "loss", "value", 0.1, "timestamp", 3000, "step", 3))));
            case "POST /runs/log-inputs" -> Call.of(path, object("run_id", freshRun(), "datasets", List.of(Map.of(
                    "dataset", Map.of("name", "d", "digest", "1", "source_type", "local", "source", "{}")))));
            case "POST /runs/search" -> Call.of(path, object("experiment_ids", List.of(experimentId),
                    "filter", "metrics.loss < 1", "order_by", List.of("metrics.loss ASC"), "max_results", 10))
                    .requiring("runs[].data.metrics[].key", "runs[].data.params[].key", "runs[].data.tags[].key");
            case "GET /metrics/get-history" -> Call.of(path, object("run_id", runId, "metric_key", "loss"));
            case "GET /artifacts/list" -> Call.of(path, object("run_id", runId))
                    .requiring("files[].path", "files[].is_dir");
            case "GET mlflow-artifacts:/artifacts" -> Call.of(path, object("path", runArtifacts + "/model"))
                    .requiring("files[].path", "files[].is_dir", "files[].file_size");
            case "GET mlflow-artifacts:/artifacts/<path>" -> Call.of(path.replace("<path>", runArtifacts + "/" + MODEL_FILE), null);
            case "PUT mlflow-artifacts:/artifacts/<path>" -> new Call(path.replace("<path>", runArtifacts + "/upload/" + unique("f")),
                    null, MODEL_BYTES, List.of());
            case "POST mlflow-artifacts:/mpu/create/<path>" -> Call.of(path.replace("<path>", runArtifacts + "/big"),
                    object("path", "local/big.bin", "num_parts", 2)).requiring("credentials[].url", "credentials[].part_number");
            case "POST mlflow-artifacts:/mpu/complete/<path>", "POST mlflow-artifacts:/mpu/abort/<path>" -> {
                String folder = runArtifacts + "/multipart/" + unique("f");
                MlflowMultipartUploadTest.Started started = MlflowMultipartUploadTest.start(server, folder, "local/big.bin",
                        List.of(MODEL_BYTES, MODEL_BYTES));
                yield Call.of(path.replace("<path>", folder), object("path", "local/big.bin", "upload_id", started.uploadId(),
                        "parts", started.parts()));
            }
            case "DELETE mlflow-artifacts:/artifacts/<path>" -> {
                String artifact = runArtifacts + "/doomed/" + unique("f");
                put(artifact);
                yield new Call(path.replace("<path>", artifact), null, null, List.of());
            }
            case "POST /registered-models/create" -> Call.of(path, object("name", unique("created-model"),
                    "tags", List.of(Map.of("key", "k", "value", "v")), "description", "d"))
                    .requiring("registered_model.tags[].key", "registered_model.description");
            case "GET /registered-models/get" -> Call.of(path, object("name", model)).requiring(
                    "registered_model.latest_versions[].version", "registered_model.tags[].key",
                    "registered_model.aliases[].alias", "registered_model.aliases[].version");
            case "POST /registered-models/rename" -> Call.of(path, object("name", freshModel(), "new_name", unique("renamed-model")));
            case "PATCH /registered-models/update" -> Call.of(path, object("name", model, "description", "updated"))
                    .requiring("registered_model.description");
            case "DELETE /registered-models/delete" -> Call.of(path, object("name", freshModel()));
            case "GET /registered-models/search" -> Call.of(path, object("filter", "name = '" + model + "'", "max_results", 10))
                    .requiring("registered_models[].aliases[].alias", "registered_models[].latest_versions[].version");
            case "POST /registered-models/get-latest-versions", "GET /registered-models/get-latest-versions" ->
                    Call.of(path, object("name", model));
            case "POST /registered-models/set-tag" -> Call.of(path, object("name", model, "key", "k", "value", "v"));
            case "DELETE /registered-models/delete-tag" -> {
                ok(server.post(API + "/registered-models/set-tag", object("name", model, "key", "gone", "value", "v")));
                yield Call.of(path, object("name", model, "key", "gone"));
            }
            case "POST /registered-models/alias" -> Call.of(path, object("name", model, "alias", "shape", "version", "1"));
            case "DELETE /registered-models/alias" -> {
                ok(server.post(API + "/registered-models/alias", object("name", model, "alias", "gone", "version", "1")));
                yield Call.of(path, object("name", model, "alias", "gone"));
            }
            case "GET /registered-models/alias" -> Call.of(path, object("name", model, "alias", "champion"))
                    .requiring("model_version.aliases[]", "model_version.run_id", "model_version.tags[].key");
            case "POST /model-versions/create" -> Call.of(path, object("name", model, "source", "runs:/" + runId + "/model",
                    "run_id", runId, "tags", List.of(Map.of("key", "k", "value", "v")), "description", "d"))
                    .requiring("model_version.run_id", "model_version.tags[].key", "model_version.description");
            case "GET /model-versions/get" -> Call.of(path, object("name", model, "version", "1"))
                    .requiring("model_version.run_id", "model_version.tags[].key", "model_version.aliases[]");
            case "PATCH /model-versions/update" -> Call.of(path, object("name", model, "version", "1", "description", "u"))
                    .requiring("model_version.description");
            case "POST /model-versions/transition-stage" -> Call.of(path, object("name", model, "version", freshVersion(),
                    "stage", "Staging", "archive_existing_versions", false));
            case "DELETE /model-versions/delete" -> Call.of(path, object("name", model, "version", freshVersion()));
            case "GET /model-versions/search" -> Call.of(path, object("filter", "name = '" + model + "'", "max_results", 10))
                    .requiring("model_versions[].run_id");
            case "GET /model-versions/get-download-uri" -> Call.of(path, object("name", model, "version", "1"));
            case "POST /model-versions/set-tag" -> Call.of(path, object("name", model, "version", "1", "key", "k", "value", "v"));
            case "DELETE /model-versions/delete-tag" -> {
                ok(server.post(API + "/model-versions/set-tag", object("name", model, "version", "1", "key", "gone", "value", "v")));
                yield Call.of(path, object("name", model, "version", "1", "key", "gone"));
            }
            default -> throw new AssertionError("no valid request known for " + route
                    + "; add one so that the route's shape is checked");
        };
    }
}
