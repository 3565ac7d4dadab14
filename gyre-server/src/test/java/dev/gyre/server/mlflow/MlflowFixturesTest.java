package dev.gyre.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowFixturesTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("[a-z_]+(\\[])*(\\.[a-z_]+(\\[])*)*");

    private static JsonNode json(String s) throws IOException {
        return M.readTree(s);
    }

    @Test
    void fieldPathsWalksObjectsAndArrays() throws IOException {
        JsonNode answer = json("""
                {"run": {"info": {"run_id": "r1", "end_time": null},
                         "data": {"metrics": [{"key": "loss", "value": 0.5, "step": 3}, {"key": "acc", "timestamp": 7}],
                                  "params": []}},
                 "aliases": ["champion"],
                 "grid": [[{"x": 1}]]}
                """);
        assertThat(MlflowFixtures.fieldPaths(answer)).containsExactly(
                "aliases", "aliases[]",
                "grid", "grid[]", "grid[][]", "grid[][].x",
                "run", "run.data", "run.data.metrics", "run.data.metrics[]",
                "run.data.metrics[].key", "run.data.metrics[].step", "run.data.metrics[].timestamp",
                "run.data.metrics[].value",
                "run.data.params",
                "run.info", "run.info.run_id");
    }

    @Test
    void fieldPathsOfEmptyAndOddAnswers() throws IOException {
        assertThat(MlflowFixtures.fieldPaths(json("{}"))).isEmpty();
        assertThat(MlflowFixtures.fieldPaths(null)).isEmpty();
        assertThat(MlflowFixtures.fieldPaths(json("\"text\""))).isEmpty();
        assertThat(MlflowFixtures.fieldPaths(json("[{\"a\": 1}, null]"))).containsExactly("[]", "[].a");
        assertThat(MlflowFixtures.fieldPaths(json("{\"a\": [null], \"b\": null}"))).containsExactly("a");
    }

    @Test
    void missingListsAbsentPathsInTheGivenOrder() throws IOException {
        JsonNode answer = json("""
                {"run": {"info": {"run_id": "r1", "run_uuid": "r1"}, "data": {"tags": [{"key": "k"}]}}}
                """);
        List<String> expected = List.of("run.info.run_id", "run.info.status", "run.data.tags[].key",
                "run.data.tags[].value", "run.info.run_uuid", "run.info.status");
        assertThat(MlflowFixtures.missing(expected, answer))
                .containsExactly("run.info.status", "run.data.tags[].value");
        assertThat(MlflowFixtures.missing(List.of("run.info", "run"), answer)).isEmpty();
        assertThat(MlflowFixtures.missing(List.of("error_code", "message"), json("{\"error_code\": \"X\"}")))
                .containsExactly("message");
    }

    @Test
    void everyGroupLoadsWithWellFormedRoutes() {
        Set<String> seen = new HashSet<>();
        for (String group : MlflowFixtures.GROUPS) {
            List<MlflowFixtures.Route> routes = MlflowFixtures.routes(group);
            assertThat(routes).as(group).isNotEmpty();
            assertThat(MlflowFixtures.errorFields(group)).as(group).containsExactly("error_code", "message");
            for (MlflowFixtures.Route r : routes) {
                String id = r.method() + " " + r.path();
                assertThat(seen.add(id)).as("duplicate route " + id).isTrue();
                assertThat(r.method()).as(id).isIn("GET", "POST", "PUT", "PATCH", "DELETE");
                assertThat(r.path()).as(id).matches("/api/2\\.0/mlflow(-artifacts)?/[a-z/<>-]*");
                assertThat(r.source()).as(id).isNotBlank();
                assertThat(r.requestIn()).as(id).isNotBlank();
                assertThat(r.response()).as(id).doesNotHaveDuplicates().allMatch(p -> PATH.matcher(p).matches());
                assertThat(r.response()).as(id + " optional must be documented").containsAll(r.optional());
                for (MlflowFixtures.ErrorCase e : r.errors()) {
                    assertThat(e.status()).as(id).isBetween(400, 599);
                    assertThat(e.errorCode()).as(id).matches("[A-Z_]+");
                }
            }
        }
        assertThat(seen).contains(
                "POST /api/2.0/mlflow/runs/create",
                "GET /api/2.0/mlflow/experiments/list",
                "GET /api/2.0/mlflow/metrics/get-history",
                "POST /api/2.0/mlflow/runs/log-parameter",
                "GET /api/2.0/mlflow/registered-models/alias",
                "DELETE /api/2.0/mlflow/registered-models/alias",
                "PUT /api/2.0/mlflow-artifacts/artifacts/<path>");
    }

    @Test
    void documentedPathsRoundTripThroughASkeletonAnswer() {
        for (MlflowFixtures.Route r : MlflowFixtures.allRoutes()) {
            JsonNode skeleton = skeleton(r.response());
            assertThat(MlflowFixtures.missing(r.response(), skeleton)).as(r.method() + " " + r.path()).isEmpty();
            if (!r.response().isEmpty()) {
                ObjectNode empty = M.createObjectNode();
                assertThat(MlflowFixtures.missing(r.required(), empty)).containsExactlyElementsOf(r.required());
            }
        }
    }

    @Test
    void runShapeHoldsTheFieldsClientsReadAndRouteLookupFindsAlternativeMethods() {
        MlflowFixtures.Route get = MlflowFixtures.route("GET", "/api/2.0/mlflow/runs/get");
        assertThat(get.required()).contains("run.info.run_id", "run.info.run_uuid", "run.info.lifecycle_stage",
                "run.info.status", "run.info.start_time", "run.info.artifact_uri");
        assertThat(get.response()).contains("run.data.metrics[].key", "run.data.metrics[].value",
                "run.data.metrics[].timestamp", "run.data.metrics[].step");
        assertThat(get.optional()).contains("run.info.end_time");
        assertThat(MlflowFixtures.route("GET", "/api/2.0/mlflow/registered-models/get-latest-versions").method())
                .isEqualTo("POST");
        assertThat(MlflowFixtures.route("GET", "/api/2.0/mlflow/experiments/search").alsoMethods()).containsExactly("GET");
        assertThat(MlflowFixtures.route("GET", "/api/2.0/mlflow-artifacts/artifacts/<path>").jsonAnswer()).isFalse();
        assertThat(MlflowFixtures.route("POST", "/api/2.0/mlflow/runs/delete").emptyAnswer()).isTrue();
        assertThatThrownBy(() -> MlflowFixtures.route("GET", "/api/2.0/mlflow/runs/nope"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryCallsUseOnlyDeclaredPlaceholdersAndDocumentedRoutes() {
        JsonNode doc = MlflowFixtures.registryCalls();
        Set<String> declared = new HashSet<>();
        doc.path("placeholders").fieldNames().forEachRemaining(declared::add);
        JsonNode calls = doc.path("calls");
        assertThat(calls.size()).isGreaterThanOrEqualTo(15);
        int step = 0;
        for (JsonNode call : calls) {
            step++;
            String id = step + " " + call.path("method").asText() + " " + call.path("path").asText();
            assertThat(call.path("step").asInt()).as(id).isEqualTo(step);
            assertThat(MlflowFixtures.placeholders(call)).as(id).isSubsetOf(declared);
            MlflowFixtures.Route route = MlflowFixtures.route(call.path("method").asText(), call.path("path").asText());
            boolean get = call.path("method").asText().equals("GET");
            assertThat(call.has("query")).as(id + " GET sends a query, others a body").isEqualTo(get);
            assertThat(call.has("body")).as(id).isEqualTo(!get);
            int status = call.path("expect").path("status").asInt();
            if (status == 200) {
                assertThat(route.response()).as(id).containsAll(strings(call.path("expect").path("fields")));
            } else {
                assertThat(route.errors()).as(id).anyMatch(e -> e.status() == status);
            }
        }
        assertThat(calls.get(1).path("body").path("source").asText()).isEqualTo("runs:/${run_id}/model");
    }

    @Test
    void substituteFillsPlaceholdersAndRejectsUnknownOnes() throws IOException {
        JsonNode body = json("{\"name\": \"${model_name}\", \"source\": \"runs:/${run_id}/model\", \"n\": 1, \"l\": [\"${run_id}\"]}");
        JsonNode filled = MlflowFixtures.substitute(body, Map.of("model_name", "m", "run_id", "r$1"));
        assertThat(filled).isEqualTo(json("{\"name\": \"m\", \"source\": \"runs:/r$1/model\", \"n\": 1, \"l\": [\"r$1\"]}"));
        assertThat(body.path("name").asText()).isEqualTo("${model_name}");
        assertThatThrownBy(() -> MlflowFixtures.substitute("${nope}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void nodeClientIsPinnedAndCopiesWithoutNodeModules(@TempDir Path dir) throws IOException {
        JsonNode pkg = MlflowFixtures.load("node-client/package.json");
        assertThat(pkg.path("dependencies").path("mlflow").asText()).isEqualTo("2.0.7");
        JsonNode lock = MlflowFixtures.load("node-client/package-lock.json");
        assertThat(lock.path("packages").path("node_modules/mlflow").path("version").asText()).isEqualTo("2.0.7");
        for (JsonNode p : lock.path("packages")) {
            String resolved = p.path("resolved").asText("");
            assertThat(resolved.isEmpty() || resolved.startsWith("https://registry.npmjs.org/")).as(resolved).isTrue();
        }
        Path copy = MlflowFixtures.copyNodeClient(dir.resolve("client"));
        try (var files = Files.list(copy)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(MlflowFixtures.NODE_CLIENT_FILES);
        }
        assertThat(Files.readString(copy.resolve("drive.mjs"))).contains("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN");
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A JSON object in which every given path is present. */
    private static ObjectNode skeleton(Collection<String> paths) {
        ObjectNode root = M.createObjectNode();
        for (String p : paths) {
            String[] segments = p.split("\\.");
            JsonNode cur = root;
            for (int i = 0; i < segments.length; i++) {
                String name = segments[i];
                int depth = 0;
                while (name.endsWith("[]")) {
                    name = name.substring(0, name.length() - 2);
                    depth++;
                }
                boolean last = i == segments.length - 1;
                ObjectNode obj = (ObjectNode) cur;
                if (depth == 0) {
                    if (last) {
                        if (!obj.has(name)) {
                            obj.put(name, "x");
                        }
                    } else {
                        cur = obj.has(name) ? obj.get(name) : obj.putObject(name);
                    }
                    continue;
                }
                ArrayNode arr = obj.has(name) ? (ArrayNode) obj.get(name) : obj.putArray(name);
                for (int d = 1; d < depth; d++) {
                    arr = arr.isEmpty() ? arr.addArray() : (ArrayNode) arr.get(0);
                }
                if (last) {
                    if (arr.isEmpty()) {
                        arr.add("x");
                    }
                } else {
                    cur = arr.isEmpty() ? arr.addObject() : arr.get(0);
                }
            }
        }
        return root;
    }
}
