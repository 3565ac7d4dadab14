package dev.gyre.server.serving;

import dev.gyre.serving.testing.PayloadMutator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.serving.protocol.CodecLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends at least 1 000 malformed payloads per protocol over HTTP to the standalone server (seeded mutations of
 * valid Titanic requests: byte flips, truncation, type swaps, removed fields, wrong shapes and datatypes, duplicate
 * keys, deep nesting, arrays past the limits, random bytes, invalid UTF-8, empty bodies, and wrong content types).
 * Every answer must be 200 (the mutation left a valid request) or 4xx with a JSON body in the protocol's error
 * shape; none may be 5xx.
 */
class ServingFuzzTest {

    private static final int PAYLOADS = 1_200;
    private static final CodecLimits TIGHT = new CodecLimits(64 * 1024, 40, 12, 10, 200);
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "text/plain", "application/xml", "text/csv", "application/json; charset=latin-1", "", "multipart/form-data"};

    @TempDir
    static Path dir;
    static StandaloneServer server;
    static ServingHttp http;

    @BeforeAll
    static void start() {
        server = StandaloneServer.start(ServingHttp.titanicPackage(dir), "titanic", new StandaloneServer.Options(
                "127.0.0.1", 0, null, null, 1.0, null, java.time.Duration.ofMinutes(1),
                java.time.Duration.ofSeconds(10), TIGHT, "test"));
        http = new ServingHttp(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Outcome(int accepted, int refused) {
    }

    @Test
    void openInferenceProtocol() {
        List<byte[]> seeds = seeds("{'id': '7', 'inputs': ["
                + "{'name': 'Pclass', 'shape': [2], 'datatype': 'INT64', 'data': [1, 3]},"
                + "{'name': 'Sex', 'shape': [2, 1], 'datatype': 'BYTES', 'data': [['female'], ['male']]},"
                + "{'name': 'Age', 'shape': [2], 'datatype': 'FP64', 'data': [38.0, null]},"
                + "{'name': 'SibSp', 'shape': [2], 'datatype': 'INT32', 'data': [1, 0]},"
                + "{'name': 'Parch', 'shape': [2], 'datatype': 'UINT8', 'data': [0, 2]},"
                + "{'name': 'Fare', 'shape': [2], 'datatype': 'FP32', 'data': [71.28, 7.25]},"
                + "{'name': 'Embarked', 'shape': [2], 'datatype': 'BYTES', 'data': ['C', 'S']}],"
                + " 'outputs': [{'name': 'probabilities'}]}",
                "{'inputs': [{'name': 'x', 'shape': [1, 3], 'datatype': 'FP64', 'data': [[1, 0, 7.5]],"
                        + " 'parameters': {'columns': ['SibSp', 'Parch', 'Fare']}}]}");
        Outcome o = fuzz(21L, seeds, (body, random) -> random.nextInt(10) == 0
                ? http.post("/v2/models/titanic/versions/1/infer", contentType(random), body)
                : http.post("/v2/models/titanic/infer", "application/json", body), "error");
        report("Open Inference Protocol", o);
    }

    @Test
    void kserveV1() {
        List<byte[]> seeds = seeds(
                "{'instances': [{'Pclass': 1, 'Sex': 'female', 'Age': 38, 'SibSp': 1, 'Parch': 0, 'Fare': 71.28,"
                        + " 'Embarked': 'C'}, {'SibSp': 0, 'Parch': 0, 'Fare': 7.25, 'Sex': 'male'}]}",
                "{'instances': [[3, 'Doe, Mr. J', 'male', 22, 1, 0, 7.25, 'S']]}",
                "{'inputs': {'SibSp': [1, 0], 'Parch': [0, 0], 'Fare': [7.25, 8.05], 'Sex': ['male', null]}}");
        Outcome o = fuzz(22L, seeds, (body, random) -> http.post(random.nextInt(10) == 0
                ? "/v1/models/titanic:explain" : "/v1/models/titanic:predict", contentType(random), body), "error");
        report("KServe V1", o);
    }

    @Test
    void mlflowScoring() {
        List<byte[]> seeds = seeds(
                "{'dataframe_split': {'columns': ['Pclass', 'Sex', 'SibSp', 'Parch', 'Fare'], 'index': [0, 1],"
                        + " 'data': [[1, 'female', 1, 0, 71.28], [3, 'male', 0, 0, 8.05]]}}",
                "{'dataframe_records': [{'SibSp': 1, 'Parch': 0, 'Fare': 7.25, 'Embarked': 'S'}]}",
                "{'instances': [[3, 'Doe, Mr. J', 'male', 22, 1, 0, 7.25, 'S']], 'params': {'top_k': 2}}",
                "{'inputs': {'SibSp': [1, 2], 'Parch': [0, 1], 'Fare': [7.25, 9.5]}}");
        List<byte[]> csvSeeds = List.of(bytes("SibSp,Parch,Fare,Sex\n1,0,7.25,male\n0,2,\"71.28\",female\n"),
                bytes("Pclass,Name,SibSp,Parch,Fare\r\n1,\"Doe, \"\"J\"\"\",1,0,8.05\r\n"));
        PayloadMutator csv = new PayloadMutator(33L, csvSeeds, TIGHT);
        Outcome o = fuzz(23L, seeds, (body, random) -> random.nextInt(4) == 0
                ? http.post("/invocations", "text/csv", csv.next())
                : http.post("/invocations", random.nextInt(8) == 0 ? contentType(random) : "application/json", body),
                "message");
        report("MLflow scoring", o);
    }

    @Test
    void nativePredict() {
        List<byte[]> seeds = seeds(
                "{'records': [{'Pclass': 1, 'Sex': 'female', 'Age': 38, 'SibSp': 1, 'Parch': 0, 'Fare': 71.28},"
                        + " {'SibSp': 0, 'Parch': 0, 'Fare': 7.25}], 'request_id': 'r-1'}",
                "{'records': [{'SibSp': 0, 'Parch': 0, 'Fare': 7.25, 'Embarked': 'Q'}], 'parameters': {'k': 1}}");
        Outcome o = fuzz(24L, seeds, (body, random) -> http.post("/api/v1/deployments/titanic/predict",
                random.nextInt(10) == 0 ? contentType(random) : "application/json", body), "message");
        report("native", o);
    }

    private interface Send {
        ServingHttp.Answer send(byte[] body, Random random);
    }

    private static String contentType(Random random) {
        String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        return type.isEmpty() ? null : type;
    }

    private static Outcome fuzz(long seed, List<byte[]> seeds, Send send, String field) {
        Random random = new Random(seed);
        for (byte[] valid : seeds) {
            ServingHttp.Answer a = send.send(valid, new Random(0) {
                @Override
                public int nextInt(int bound) {
                    return 1;
                }
            });
            assertThat(a.status()).as("valid seed %s: %s", new String(valid, StandardCharsets.UTF_8), a.text())
                    .isEqualTo(200);
        }
        PayloadMutator mutator = new PayloadMutator(seed, seeds, TIGHT);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < PAYLOADS; i++) {
            byte[] payload = mutator.next();
            ServingHttp.Answer a = send.send(payload, random);
            assertThat(a.status()).as("payload %d answered %s: %s", i, a.text(), preview(payload))
                    .isLessThan(500);
            JsonNode body = a.json();
            if (a.status() == 200) {
                accepted++;
                continue;
            }
            refused++;
            assertThat(a.status()).as("payload %d: %s", i, preview(payload)).isBetween(400, 499);
            assertThat(a.contentType()).startsWith("application/json");
            assertThat(body.path(field).isTextual()).as("payload %d answered %s", i, a.text()).isTrue();
            assertThat(body.path(field).asText()).isNotBlank();
        }
        return new Outcome(accepted, refused);
    }

    private static void report(String protocol, Outcome o) {
        System.out.println("HTTP fuzz " + protocol + ": " + PAYLOADS + " payloads, " + o.refused() + " refused (4xx), "
                + o.accepted() + " still valid (200), 0 answered 5xx");
        assertThat(o.refused()).isGreaterThanOrEqualTo(1_000);
    }

    private static List<byte[]> seeds(String... json) {
        List<byte[]> out = new ArrayList<>();
        for (String s : json) {
            out.add(bytes(s.replace('\'', '"')));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String preview(byte[] payload) {
        return payload.length + " bytes: " + new String(payload, 0, Math.min(payload.length, 300),
                StandardCharsets.UTF_8);
    }
}
