package dev.gyre.server.mlflow;

import static dev.gyre.server.mlflow.MlflowServer.API;
import static dev.gyre.server.mlflow.MlflowServer.object;
import static dev.gyre.server.mlflow.MlflowServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.server.mlflow.MlflowServer.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MLflow's limits and malformed requests: each gets the error code and status an MLflow server
 * answers, never a 5xx; the value right at each limit is accepted.
 */
class MlflowLimitsTest {

    static final String IPV = "INVALID_PARAMETER_VALUE";
    static final String NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
    static final String EXISTS = "RESOURCE_ALREADY_EXISTS";

    @TempDir
    static Path home;
    static MlflowServer server;
    static String experimentId;
    static String experimentName;
    static String runId;
    static String model;

    @BeforeAll
    static void start() throws IOException {
        server = MlflowServer.start(home);
        experimentName = unique("limits");
        experimentId = server.createExperiment(experimentName);
        runId = server.createRun(experimentId).path("run_id").asText();
        model = unique("limits-model");
        server.createModel(model);
        server.createVersion(model, runId);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A named request and the status and error code MLflow answers it with ({@code null} code: success). */
    record Case(String name, int status, String code, Supplier<Answer> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case refused(String name, int status, String code, Supplier<Answer> call) {
        return new Case(name, status, code, call);
    }

    static Case accepted(String name, Supplier<Answer> call) {
        return new Case(name, 200, null, call);
    }

    static Answer post(String path, Object... keysAndValues) {
        return server.post(API + path, object(keysAndValues));
    }

    static Answer get(String path, String... keysAndValues) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return server.get(API + path, query);
    }

    static String chars(int n) {
        return "k".repeat(n);
    }

    static String freshRun() {
        return server.createRun(experimentId).path("run_id").asText();
    }

    static Answer batch(int metrics, int params, int tags) {
        List<Map<String, Object>> m = new ArrayList<>();
        for (int i = 0; i < metrics; i++) {
            m.add(Map.of("key", "m" + (i % 7), "value", i, "timestamp", 1000 + i, "step", i));
        }
        List<Map<String, Object>> p = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            p.add(Map.of("key", "p" + i, "value", "v"));
        }
        List<Map<String, Object>> t = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            t.add(Map.of("key", "t" + i, "value", "v"));
        }
        return post("/runs/log-batch", "run_id", freshRun(), "metrics", m, "params", p, "tags", t);
    }

    static Answer metric(String run, String key) {
        return post("/runs/log-metric", "run_id", run, "key", key, "value", 1.0, "timestamp", 1000, "step", 0);
    }

    static Answer param(String key, String value) {
        return post("/runs/log-parameter", "run_id", runId, "key", key, "value", value);
    }

    static Answer tag(String key, String value) {
        return post("/runs/set-tag", "run_id", runId, "key", key, "value", value);
    }

    static Answer rawPost(String path, String body) {
        return server.post(API + path, body);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // log-batch
                refused("log-batch with 1001 metrics", 400, IPV, () -> batch(1001, 0, 0)),
                accepted("log-batch with 1000 metrics", () -> batch(1000, 0, 0)),
                refused("log-batch with 101 params", 400, IPV, () -> batch(0, 101, 0)),
                accepted("log-batch with 100 params", () -> batch(0, 100, 0)),
                refused("log-batch with 101 tags", 400, IPV, () -> batch(0, 0, 101)),
                accepted("log-batch with 100 tags", () -> batch(0, 0, 100)),
                refused("log-batch with 1001 entities in all", 400, IPV, () -> batch(851, 100, 50)),
                accepted("log-batch with 1000 entities in all", () -> batch(850, 100, 50)),
                // keys and values
                refused("metric key of 251 characters", 400, IPV, () -> metric(runId, chars(251))),
                accepted("metric key of 250 characters", () -> metric(runId, chars(250))),
                refused("param key of 251 characters", 400, IPV, () -> param(chars(251), "v")),
                refused("run tag key of 251 characters", 400, IPV, () -> tag(chars(251), "v")),
                refused("param value of 6001 characters", 400, IPV, () -> param(unique("p"), chars(6001))),
                accepted("param value of 6000 characters", () -> param(unique("p"), chars(6000))),
                refused("run tag value of 8001 characters", 400, IPV, () -> tag("long", chars(8001))),
                accepted("run tag value of 8000 characters", () -> tag("long", chars(8000))),
                refused("experiment tag value of 5001 characters", 400, IPV,
                        () -> post("/experiments/set-experiment-tag", "experiment_id", experimentId, "key", "k", "value", chars(5001))),
                accepted("experiment tag value of 5000 characters",
                        () -> post("/experiments/set-experiment-tag", "experiment_id", experimentId, "key", "k", "value", chars(5000))),
                refused("experiment tag key of 251 characters", 400, IPV,
                        () -> post("/experiments/set-experiment-tag", "experiment_id", experimentId, "key", chars(251), "value", "v")),
                refused("experiment name of 501 characters", 400, IPV,
                        () -> post("/experiments/create", "name", unique("e") + chars(501))),
                accepted("experiment name of 500 characters", () -> post("/experiments/create", "name",
                        (unique("e") + chars(500)).substring(0, 500))),
                refused("empty experiment name", 400, IPV, () -> post("/experiments/create", "name", "")),
                refused("missing experiment name", 400, IPV, () -> post("/experiments/create")),
                refused("registered model tag key of 251 characters", 400, IPV,
                        () -> post("/registered-models/set-tag", "name", model, "key", chars(251), "value", "v")),
                refused("registered model tag value of 5001 characters", 400, IPV,
                        () -> post("/registered-models/set-tag", "name", model, "key", "k", "value", chars(5001))),
                accepted("registered model tag value of 5000 characters",
                        () -> post("/registered-models/set-tag", "name", model, "key", "k", "value", chars(5000))),
                refused("model version tag key of 251 characters", 400, IPV,
                        () -> post("/model-versions/set-tag", "name", model, "version", "1", "key", chars(251), "value", "v")),
                refused("model version tag value of 5001 characters", 400, IPV,
                        () -> post("/model-versions/set-tag", "name", model, "version", "1", "key", "k", "value", chars(5001))),
                refused("registered model created with a tag value of 5001 characters", 400, IPV,
                        () -> post("/registered-models/create", "name", unique("m"), "tags", List.of(Map.of("key", "k", "value", chars(5001))))),
                // aliases
                refused("alias of 256 characters", 400, IPV,
                        () -> post("/registered-models/alias", "name", model, "alias", chars(256), "version", "1")),
                accepted("alias of 255 characters",
                        () -> post("/registered-models/alias", "name", model, "alias", chars(255), "version", "1")),
                refused("reserved alias latest", 400, IPV,
                        () -> post("/registered-models/alias", "name", model, "alias", "latest", "version", "1")),
                refused("reserved alias LATEST in capitals", 400, IPV,
                        () -> post("/registered-models/alias", "name", model, "alias", "LATEST", "version", "1")),
                refused("reserved alias v1", 400, IPV,
                        () -> post("/registered-models/alias", "name", model, "alias", "v1", "version", "1")),
                refused("reserved alias V12", 400, IPV,
                        () -> post("/registered-models/alias", "name", model, "alias", "V12", "version", "1")),
                // run ids
                refused("run id starting with a dash", 400, IPV, () -> get("/runs/get", "run_id", "-abc")),
                refused("run id with a slash", 400, IPV, () -> get("/runs/get", "run_id", "abc/def")),
                refused("run id with dots", 400, IPV, () -> get("/runs/get", "run_id", "../etc")),
                refused("run id with a space", 400, IPV, () -> get("/runs/get", "run_id", "abc def")),
                refused("run id of 257 characters", 400, IPV, () -> get("/runs/get", "run_id", chars(257))),
                refused("metric logged to a malformed run id", 400, IPV, () -> metric("a;b", "loss")),
                refused("metric history of a malformed run id",
                        400, IPV, () -> get("/metrics/get-history", "run_id", "a/b", "metric_key", "loss")),
                // names that are paths
                refused("param key ../x", 400, IPV, () -> param("../x", "v")),
                refused("param key /x", 400, IPV, () -> param("/x", "v")),
                refused("metric key ../x", 400, IPV, () -> metric(runId, "../x")),
                refused("metric key /x", 400, IPV, () -> metric(runId, "/x")),
                refused("run tag key a/../b", 400, IPV, () -> tag("a/../b", "v")),
                refused("run tag key a//b", 400, IPV, () -> tag("a//b", "v")),
                refused("metric key x/", 400, IPV, () -> metric(runId, "x/")),
                refused("log-batch param key ../x", 400, IPV, () -> post("/runs/log-batch", "run_id", runId,
                        "params", List.of(Map.of("key", "../x", "value", "v")))),
                accepted("metric key a/b", () -> metric(runId, "a/b")),
                // params are write-once
                refused("changing a param value", 400, IPV, () -> {
                    String key = unique("once");
                    assertThat(param(key, "1").status()).isEqualTo(200);
                    return param(key, "2");
                }),
                accepted("logging a param again with the same value", () -> {
                    String key = unique("once");
                    assertThat(param(key, "1").status()).isEqualTo(200);
                    return param(key, "1");
                }),
                // malformed requests
                refused("malformed JSON", 400, IPV, () -> rawPost("/experiments/create", "{\"name\": ")),
                refused("a JSON list as the body", 400, IPV, () -> rawPost("/experiments/create", "[\"x\"]")),
                refused("a JSON string as the body", 400, IPV, () -> rawPost("/runs/create", "\"x\"")),
                refused("JSON with trailing garbage", 400, IPV, () -> rawPost("/runs/log-metric", "{\"run_id\": \"x\"} }")),
                refused("a string where a number is expected (metric value)", 400, IPV, () -> post("/runs/log-metric",
                        "run_id", runId, "key", "loss", "value", "abc", "timestamp", 1000)),
                refused("a string where a number is expected (timestamp)", 400, IPV, () -> post("/runs/log-metric",
                        "run_id", runId, "key", "loss", "value", 1, "timestamp", "yesterday")),
                refused("a string where a number is expected (log-batch step)", 400, IPV, () -> post("/runs/log-batch",
                        "run_id", runId, "metrics", List.of(Map.of("key", "loss", "value", 1, "timestamp", 1, "step", "two")))),
                refused("a string where a number is expected (max_results)", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "max_results", "ten")),
                refused("an object where a number is expected (step)", 400, IPV, () -> post("/runs/log-metric",
                        "run_id", runId, "key", "loss", "value", 1, "timestamp", 1, "step", Map.of("n", 1))),
                refused("an object where a list is expected (run tags)", 400, IPV, () -> post("/runs/create",
                        "experiment_id", experimentId, "tags", Map.of("key", "k", "value", "v"))),
                refused("an object where a list is expected (log-batch metrics)", 400, IPV, () -> post("/runs/log-batch",
                        "run_id", runId, "metrics", Map.of("key", "loss", "value", 1, "timestamp", 1))),
                refused("an object where a list is expected (experiment ids)", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", Map.of("id", experimentId))),
                refused("an object where a string is expected (experiment name)", 400, IPV, () -> post("/experiments/create",
                        "name", Map.of("x", 1))),
                refused("a list of strings where a list of objects is expected (model tags)", 400, IPV,
                        () -> post("/registered-models/create", "name", unique("m"), "tags", List.of("k=v"))),
                refused("a word where a version number is expected", 400, IPV, () -> get("/model-versions/get",
                        "name", model, "version", "one")),
                refused("an unknown run status", 400, IPV, () -> post("/runs/update", "run_id", runId, "status", "SLEEPING")),
                refused("an unknown model stage", 400, IPV, () -> post("/model-versions/transition-stage",
                        "name", model, "version", "1", "stage", "Canary", "archive_existing_versions", false)),
                // unknown resources
                refused("unknown experiment id", 404, NOT_FOUND, () -> get("/experiments/get", "experiment_id", "987654321")),
                refused("unknown experiment name", 404, NOT_FOUND, () -> get("/experiments/get-by-name",
                        "experiment_name", unique("nothing"))),
                refused("run created in an unknown experiment", 404, NOT_FOUND, () -> post("/runs/create",
                        "experiment_id", "987654321")),
                refused("unknown run", 404, NOT_FOUND, () -> get("/runs/get", "run_id", "0123456789abcdef0123456789abcdef")),
                refused("metric logged to an unknown run", 404, NOT_FOUND,
                        () -> metric("0123456789abcdef0123456789abcdef", "loss")),
                refused("unknown registered model", 404, NOT_FOUND, () -> get("/registered-models/get", "name", unique("nothing"))),
                refused("version of an unknown registered model", 404, NOT_FOUND, () -> post("/model-versions/create",
                        "name", unique("nothing"), "source", "runs:/" + runId + "/model")),
                refused("unknown model version", 404, NOT_FOUND, () -> get("/model-versions/get", "name", model, "version", "99")),
                refused("alias to an unknown model version", 404, NOT_FOUND,
                        () -> post("/registered-models/alias", "name", model, "alias", "ghost", "version", "99")),
                // duplicates
                refused("duplicate experiment name", 400, EXISTS, () -> post("/experiments/create", "name", experimentName)),
                refused("duplicate registered model name", 400, EXISTS, () -> post("/registered-models/create", "name", model)),
                refused("renaming a model to a taken name", 400, EXISTS, () -> {
                    String other = unique("m");
                    server.createModel(other);
                    return post("/registered-models/rename", "name", other, "new_name", model);
                }),
                // search filters and paging
                refused("run filter metrics.x LIKE 'a'", 400, IPV, () -> searchRuns("metrics.x LIKE 'a'")),
                refused("run filter foo.bar = 1", 400, IPV, () -> searchRuns("foo.bar = 1")),
                refused("run filter with an unbalanced quote", 400, IPV, () -> searchRuns("params.a = 'x")),
                refused("run filter with a missing value", 400, IPV, () -> searchRuns("metrics.x >")),
                refused("run filter joined with OR", 400, IPV, () -> searchRuns("metrics.x > 1 OR metrics.y > 1")),
                refused("run order_by with an unknown direction", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "order_by", List.of("metrics.x SIDEWAYS"))),
                refused("experiment filter foo.bar = 1", 400, IPV, () -> post("/experiments/search", "filter", "foo.bar = 1")),
                refused("experiment filter with an unbalanced quote", 400, IPV,
                        () -> post("/experiments/search", "filter", "name = 'x")),
                refused("registered model filter foo.bar = 1", 400, IPV,
                        () -> get("/registered-models/search", "filter", "foo.bar = 1")),
                refused("registered model filter with an unbalanced quote", 400, IPV,
                        () -> get("/registered-models/search", "filter", "name = 'x")),
                refused("model version filter metrics.x LIKE 'a'", 400, IPV,
                        () -> get("/model-versions/search", "filter", "metrics.x LIKE 'a'")),
                refused("model version filter with an unbalanced quote", 400, IPV,
                        () -> get("/model-versions/search", "filter", "name = 'x")),
                refused("runs max_results 50001", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "max_results", 50_001)),
                accepted("runs max_results 50000", () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "max_results", 50_000)),
                refused("runs max_results -1", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "max_results", -1)),
                refused("experiments max_results 50001", 400, IPV, () -> post("/experiments/search", "max_results", 50_001)),
                refused("registered models max_results 1001", 400, IPV,
                        () -> get("/registered-models/search", "max_results", "1001")),
                refused("model versions max_results 200001", 400, IPV,
                        () -> get("/model-versions/search", "max_results", "200001")),
                refused("a page token that is not one", 400, IPV, () -> post("/runs/search",
                        "experiment_ids", List.of(experimentId), "page_token", "not-a-token")));
    }

    static Answer searchRuns(String filter) {
        return post("/runs/search", "experiment_ids", List.of(experimentId), "filter", filter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsMlflowDoes(Case c) {
        Answer answer = c.call().get();
        assertThat(answer.status()).as("%s: never a server error, got %s", c.name(), answer).isLessThan(500);
        assertThat(answer.status()).as("%s: %s", c.name(), answer).isEqualTo(c.status());
        assertThat(answer.json()).as("%s: the answer is JSON: %s", c.name(), answer).isNotNull();
        if (c.code() == null) {
            assertThat(answer.json().has("error_code")).as("%s: %s", c.name(), answer).isFalse();
            return;
        }
        assertThat(answer.text("error_code")).as("%s: %s", c.name(), answer).isEqualTo(c.code());
        assertThat(answer.text("message")).as("%s: %s", c.name(), answer).isNotBlank();
        assertThat(answer.text("request_id")).as("%s: %s", c.name(), answer).isNotBlank();
    }

    @Test
    void aRefusedLogBatchLogsNothing() {
        String run = freshRun();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            metrics.add(Map.of("key", "m", "value", i, "timestamp", 1000 + i, "step", i));
        }
        Answer refused = post("/runs/log-batch", "run_id", run, "metrics", metrics,
                "params", List.of(Map.of("key", "ok", "value", "v"), Map.of("key", "../bad", "value", "v")),
                "tags", List.of(Map.of("key", "t", "value", "v")));
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        Answer after = get("/runs/get", "run_id", run);
        assertThat(after.status()).as("%s", after).isEqualTo(200);
        assertThat(after.json().path("run").path("data").path("metrics").size()).as("%s", after).isZero();
        assertThat(after.json().path("run").path("data").path("params").size()).as("%s", after).isZero();
        assertThat(MlflowNodeClientTest.valuesAt(after.json(), "run.data.tags[].key")).doesNotContain("t");
    }

    @Test
    void aRefusedParamChangeKeepsTheFirstValue() {
        String run = freshRun();
        assertThat(post("/runs/log-parameter", "run_id", run, "key", "lr", "value", "0.1").status()).isEqualTo(200);
        assertThat(post("/runs/log-parameter", "run_id", run, "key", "lr", "value", "0.2").status()).isEqualTo(400);
        Answer after = get("/runs/get", "run_id", run);
        assertThat(MlflowNodeClientTest.valuesAt(after.json(), "run.data.params[].value")).containsExactly("0.1");
    }
}
