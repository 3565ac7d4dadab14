package dev.gyre.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.serving.log.PredictionLogReader;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four inference protocols over real HTTP on the standalone server, serving the stored Titanic package. */
class StandaloneServerTest {

    @TempDir
    static Path dir;
    static StandaloneServer server;
    static ServingHttp http;
    static GyreModel library;

    static final String ROW_JSON = "{\"Pclass\": 1, \"Name\": \"Cumings, Mrs. John Bradley\", \"Sex\": \"female\","
            + " \"Age\": 38, \"SibSp\": 1, \"Parch\": 0, \"Fare\": 71.2833, \"Embarked\": \"C\"}";

    static Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Pclass", 1);
        row.put("Name", "Cumings, Mrs. John Bradley");
        row.put("Sex", "female");
        row.put("Age", 38);
        row.put("SibSp", 1);
        row.put("Parch", 0);
        row.put("Fare", 71.2833);
        row.put("Embarked", "C");
        return row;
    }

    @BeforeAll
    static void start() {
        Path pkg = ServingHttp.titanicPackage(dir);
        library = GyreModel.load(pkg);
        server = StandaloneServer.start(pkg, "titanic-live", StandaloneServer.Options.defaults().withPort(0)
                .withLog(dir.resolve("log"), 1.0).withVersion("test"));
        http = new ServingHttp(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSameRowGetsTheSamePredictionOnEveryProtocol() {
        Prediction expected = library.predict(row());
        double p1 = expected.probabilities().get("1");

        String oipBody = """
                {"id": "a1", "inputs": [
                 {"name": "Pclass", "shape": [1], "datatype": "INT64", "data": [1]},
                 {"name": "Name", "shape": [1], "datatype": "BYTES", "data": ["Cumings, Mrs. John Bradley"]},
                 {"name": "Sex", "shape": [1, 1], "datatype": "BYTES", "data": [["female"]]},
                 {"name": "Age", "shape": [1], "datatype": "FP64", "data": [38]},
                 {"name": "SibSp", "shape": [1], "datatype": "INT32", "data": [1]},
                 {"name": "Parch", "shape": [1], "datatype": "INT32", "data": [0]},
                 {"name": "Fare", "shape": [1], "datatype": "FP64", "data": [71.2833]},
                 {"name": "Embarked", "shape": [1], "datatype": "BYTES", "data": ["C"]}]}""";
        JsonNode oip = ok(http.postJson("/v2/models/titanic-live/infer", oipBody));
        assertThat(oip.get("model_name").asText()).isEqualTo("titanic-live");
        assertThat(oip.get("model_version").asText()).isEqualTo("1");
        assertThat(oip.get("id").asText()).isEqualTo("a1");
        assertThat(output(oip, "predicted_class").get("data").get(0).asText()).isEqualTo(expected.predictedClass());
        assertThat(output(oip, "classes").get("data").get(1).asText()).isEqualTo("1");
        assertThat(output(oip, "probabilities").get("data").get(1).asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode versioned = ok(http.postJson("/v2/models/titanic-live/versions/1/infer", oipBody));
        assertThat(output(versioned, "predicted_class").get("data").get(0).asText())
                .isEqualTo(expected.predictedClass());

        JsonNode kserve = ok(http.postJson("/v1/models/titanic-live:predict", "{\"instances\": [" + ROW_JSON + "]}"));
        assertThat(kserve.get("predictions").get(0).asText()).isEqualTo(expected.predictedClass());
        assertThat(kserve.get("probabilities").get(0).get(1).asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode mlflow = ok(http.postJson("/invocations", "{\"dataframe_records\": [" + ROW_JSON + "]}"));
        assertThat(mlflow.get("predictions").get(0).get("predicted_class").asText())
                .isEqualTo(expected.predictedClass());
        assertThat(mlflow.get("predictions").get(0).get("probability_1").asDouble()).isCloseTo(p1, within(1e-12));

        JsonNode csv = ok(http.post("/invocations", "text/csv", ("Pclass,Name,Sex,Age,SibSp,Parch,Fare,Embarked\n"
                + "1,\"Cumings, Mrs. John Bradley\",female,38,1,0,71.2833,C\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(csv.get("predictions").get(0).get("probability_1").asDouble()).isCloseTo(p1, within(1e-12));

        ServingHttp.Answer nativeAnswer = http.postJson("/api/v1/deployments/titanic-live/predict",
                "{\"records\": [" + ROW_JSON + "]}", "X-Request-Id", "req-42");
        JsonNode nat = ok(nativeAnswer);
        assertThat(nat.get("predictions").get(0).get("predicted_class").asText()).isEqualTo(expected.predictedClass());
        assertThat(nat.get("predictions").get(0).get("probabilities").get("1").asDouble()).isCloseTo(p1,
                within(1e-12));
        assertThat(nat.get("model_version").asText()).isEqualTo("1");
        assertThat(nat.get("request_id").asText()).isEqualTo("req-42");
        assertThat(nat.get("predictions").get(0).get("outlier").isBoolean()).isTrue();
        assertThat(nat.get("predictions").get(0).get("outlier_score").isNumber()).isTrue();
    }

    @Test
    void nativeGeneratesARequestIdAndFlagsAnOutlier() {
        JsonNode plain = ok(http.postJson("/api/v1/deployments/titanic-live/predict", "{\"records\": [" + ROW_JSON
                + "]}"));
        assertThat(plain.get("request_id").asText()).hasSizeGreaterThan(8);
        JsonNode odd = ok(http.postJson("/api/v1/deployments/titanic-live/predict", "{\"records\": [{\"Pclass\": 1,"
                + " \"Sex\": \"female\", \"Age\": 4, \"SibSp\": 40, \"Parch\": 30, \"Fare\": 90000, \"Embarked\":"
                + " \"C\"}], \"request_id\": \"mine\"}"));
        assertThat(odd.get("request_id").asText()).isEqualTo("mine");
        assertThat(odd.get("predictions").get(0).get("outlier").asBoolean()).isTrue();
    }

    @Test
    void metadataHealthAndExplain() {
        assertThat(ok(http.get("/v2/health/live")).get("live").asBoolean()).isTrue();
        assertThat(ok(http.get("/v2/health/ready")).get("ready").asBoolean()).isTrue();
        assertThat(ok(http.get("/v2")).get("version").asText()).isEqualTo("test");
        JsonNode meta = ok(http.get("/v2/models/titanic-live"));
        assertThat(meta.get("versions").get(0).asText()).isEqualTo("1");
        assertThat(meta.get("platform").asText()).isEqualTo("gyre_logistic_regression");
        assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("Pclass");
        assertThat(meta.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP64");
        assertThat(meta.get("inputs").get(2).get("datatype").asText()).isEqualTo("BYTES");
        assertThat(meta.get("outputs").get(1).get("shape").toString()).isEqualTo("[-1,2]");
        assertThat(ok(http.get("/v2/models/titanic-live/versions/1/ready")).get("ready").asBoolean()).isTrue();
        assertThat(ok(http.get("/v1/models/titanic-live")).get("ready").asBoolean()).isTrue();
        assertThat(http.get("/ping").status()).isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/version").text()).isEqualTo("test");
        assertThat(ok(http.get("/readyz")).get("status").asText()).isEqualTo("ready");

        JsonNode explained = ok(http.postJson("/v1/models/titanic-live:explain", "{\"instances\": [" + ROW_JSON
                + "]}"));
        JsonNode e = explained.get("explanations").get(0);
        assertThat(e.get("target").asText()).isEqualTo("1");
        double total = e.get("baseline").asDouble();
        for (JsonNode c : (Iterable<JsonNode>) () -> e.get("contributions").elements()) {
            total += c.asDouble();
        }
        // the logistic model explains the log-odds: baseline + contributions = logit(p)
        double p1 = library.predict(row()).probabilities().get("1");
        assertThat(total).isCloseTo(Math.log(p1 / (1 - p1)), within(1e-9));
    }

    @Test
    void errorsUseEachProtocolsShapeAndStatus() {
        assertError(http.postJson("/v2/models/nope/infer", "{}"), 404, "error");
        assertError(http.get("/v2/models/titanic-live/versions/7"), 404, "error");
        assertError(http.postJson("/v2/models/titanic-live/versions/x/infer", "{}"), 404, "error");
        assertError(http.postJson("/v2/models/titanic-live/infer", "{\"inputs\": 3}"), 400, "error");
        assertError(http.get("/v2/nothing/here"), 404, "error");
        assertError(http.postJson("/v1/models/nope:predict", "{}"), 404, "error");
        assertError(http.postJson("/v1/models/titanic-live:frobnicate", "{}"), 404, "error");
        assertError(http.postJson("/v1/models/titanic-live:predict", "{\"instances\": [{\"Fare\": \"x\"}]}"), 400,
                "error");
        ServingHttp.Answer mlflow = http.post("/invocations", "application/xml", "<a/>".getBytes(
                StandardCharsets.UTF_8));
        assertError(mlflow, 400, "message");
        assertThat(mlflow.json().get("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertError(http.postJson("/invocations?deployment=nope", "{}"), 404, "message");
        ServingHttp.Answer nat = http.postJson("/api/v1/deployments/titanic-live/predict", "{\"records\": []}",
                "X-Request-Id", "bad-1");
        assertError(nat, 400, "message");
        assertThat(nat.json().get("request_id").asText()).isEqualTo("bad-1");
        assertError(http.postDeclaring("/v1/models/titanic-live:predict", "application/json", 11L * 1024 * 1024),
                413, "error");
    }

    @Test
    void metricsShowLatencyQuantilesPerDeploymentAndVersion() {
        ok(http.postJson("/v1/models/titanic-live:predict", "{\"instances\": [" + ROW_JSON + ", " + ROW_JSON + "]}"));
        http.postJson("/v1/models/titanic-live:predict", "{\"instances\": 1}");
        String metrics = http.get("/metrics").text();
        assertThat(metrics).contains("gyre_serving_latency_quantiles_seconds{deployment=\"titanic-live\",protocol=\"v1\","
                + "version=\"1\",quantile=\"0.5\"}");
        assertThat(metrics).contains("quantile=\"0.95\"").contains("quantile=\"0.99\"");
        assertThat(metrics).contains("gyre_serving_latency_seconds_bucket{");
        assertThat(metrics).containsPattern("gyre_serving_requests_total\\{deployment=\"titanic-live\",protocol="
                + "\"v1\",status=\"200\",version=\"1\"}");
        assertThat(metrics).containsPattern("gyre_serving_errors_total\\{deployment=\"titanic-live\",protocol="
                + "\"v1\",status=\"400\",version=\"none\"}");
        assertThat(metrics).contains("gyre_serving_records_count{deployment=\"titanic-live\",version=\"1\"}");
        assertThat(metrics).contains("gyre_serving_in_flight{deployment=\"titanic-live\"}");
        assertThat(metrics).contains("gyre_serving_prediction_log_offered_total");
        assertThat(metrics).contains("gyre_serving_prediction_log_written_total");
        assertThat(metrics).contains("gyre_serving_prediction_log_dropped_total");
        assertThat(metrics).contains("gyre_serving_shadow_dropped_total");
    }

    @Test
    void predictionsReachTheLog() throws Exception {
        ok(http.postJson("/api/v1/deployments/titanic-live/predict", "{\"records\": [" + ROW_JSON + "],"
                + " \"request_id\": \"logged-1\"}"));
        assertThat(server.engine().log().flush(Duration.ofSeconds(10))).isTrue();
        java.time.Instant now = java.time.Instant.now();
        try (Stream<dev.gyre.serving.log.PredictionRecord> records = new PredictionLogReader(dir.resolve("log"))
                .read("titanic-live", now.minusSeconds(3_600), now.plusSeconds(3_600))) {
            assertThat(records.map(dev.gyre.serving.log.PredictionRecord::requestId).toList()).contains("logged-1");
        }
    }

    @Test
    void aTokenGuardsEveryRouteButHealth() {
        Path pkg = ServingHttp.titanicPackage(dir.resolve("..").normalize().resolve(dir.getFileName() + "-t"));
        try (StandaloneServer guarded = StandaloneServer.start(pkg, null, StandaloneServer.Options.defaults()
                .withPort(0).withToken("s3cret"))) {
            ServingHttp h = new ServingHttp(guarded.url());
            assertThat(guarded.deployment()).isEqualTo("titanic");
            assertThat(h.get("/healthz").status()).isEqualTo(200);
            assertThat(h.get("/v2/health/ready").status()).isEqualTo(200);
            assertError(h.postJson("/v1/models/titanic:predict", "{\"instances\": [" + ROW_JSON + "]}"), 401,
                    "error");
            assertError(h.postJson("/invocations", "{}", "Authorization", "Bearer wrong"), 401, "message");
            assertThat(h.get("/metrics").status()).isEqualTo(401);
            ok(h.postJson("/v1/models/titanic:predict", "{\"instances\": [" + ROW_JSON + "]}", "Authorization",
                    "Bearer s3cret"));
        }
    }

    static JsonNode output(JsonNode oip, String name) {
        for (JsonNode o : oip.get("outputs")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + oip);
    }

    static JsonNode ok(ServingHttp.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    static void assertError(ServingHttp.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().path(field).isTextual()).as(answer.text()).isTrue();
        assertThat(answer.json().path(field).asText()).isNotBlank();
    }

    static List<String> lines(Path file) throws java.io.IOException {
        return Files.readAllLines(file);
    }
}
