package dev.gyre.server.mlflow;

import static dev.gyre.server.mlflow.MlflowServer.API;
import static dev.gyre.server.mlflow.MlflowServer.object;
import static dev.gyre.server.mlflow.MlflowServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.server.mlflow.MlflowServer.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model-version sources and the artifact proxy stay inside Gyre's artifact store: every source that
 * names a place elsewhere is refused before anything is created, and the proxy refuses traversal
 * with a JSON error however the path is encoded.
 */
class MlflowModelSourceTest {

    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

    @TempDir
    static Path home;
    static MlflowServer server;
    static String experimentId;
    static String runId;
    static String runArtifacts;
    static String model;

    @BeforeAll
    static void start() throws IOException {
        server = MlflowServer.start(home);
        experimentId = server.createExperiment(unique("sources"));
        JsonNode info = server.createRun(experimentId);
        runId = info.path("run_id").asText();
        runArtifacts = info.path("artifact_uri").asText().substring(MlflowArtifactsController.PROXY_ROOT.length());
        model = unique("sources-model");
        server.createModel(model);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The artifact store's root as a {@code file:} URI without a trailing slash. */
    static String storeRoot() {
        String uri = home.resolve("artifacts").toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    static Stream<Arguments> refusedSources() {
        return Stream.<Function<String, String>>of(
                run -> "file:///etc/passwd",
                run -> "/etc/passwd",
                run -> "s3://other-bucket/x",
                run -> "http://127.0.0.1:1/x",
                run -> "https://example.com/model.pkl",
                run -> "mlflow-artifacts:/../../etc/passwd",
                run -> "mlflow-artifacts:/%2e%2e/x",
                run -> "mlflow-artifacts:/%252e%252e/x",
                run -> "mlflow-artifacts://evil-host/x",
                run -> "mlflow-artifacts:/" + runArtifacts + "/../../../x",
                run -> "runs:/" + run + "/../../x",
                run -> "runs:/" + run + "/model/../../../../x",
                run -> "runs:/" + run + "/..\\..\\x",
                run -> "runs:/" + run + "/model;/../../x",
                run -> "runs:/" + run + "/model#/../../x",
                run -> "runs:/../" + run + "/model",
                run -> "runs:/0123456789abcdef0123456789abcdef/model",
                run -> "C:\\Windows\\x",
                run -> "\\\\server\\share\\x",
                run -> storeRoot() + "/../secrets",
                run -> storeRoot() + "/" + runArtifacts + "/../../../../x",
                run -> storeRoot() + "-sibling/x",
                run -> storeRoot(),
                run -> "")
                .map(source -> Arguments.of(source.apply(runId)));
    }

    @ParameterizedTest(name = "source \"{0}\" is refused and creates nothing")
    @MethodSource("refusedSources")
    void aSourceOutsideTheStoreIsRefusedAndNothingIsCreated(String source) {
        Answer answer = server.post(API + "/model-versions/create", object("name", model, "source", source));
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("error_code")).as("%s", answer).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(answer.text("message")).as("%s", answer).isNotBlank();
        assertThat(versionsOf(model)).as("versions after refusing %s", source).isEmpty();
    }

    @Test
    void aSourceWithARunIdOfAnotherRunIsRefused() {
        String other = server.createRun(experimentId).path("run_id").asText();
        Answer answer = server.post(API + "/model-versions/create", object("name", model,
                "source", "runs:/" + runId + "/model", "run_id", other));
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(versionsOf(model)).isEmpty();
    }

    static Stream<Arguments> acceptedSources() {
        return Stream.of(
                Arguments.of("runs:/<run>/model", (Function<String, String>) run -> "runs:/" + run + "/model"),
                Arguments.of("mlflow-artifacts:/<exp>/<run>/artifacts/model",
                        (Function<String, String>) run -> "mlflow-artifacts:/" + runArtifacts + "/model"),
                Arguments.of("the store's own root URI and a path in it",
                        (Function<String, String>) run -> storeRoot() + "/" + runArtifacts + "/model"));
    }

    @ParameterizedTest(name = "source {0} is accepted")
    @MethodSource("acceptedSources")
    void aSourceInsideTheStoreIsAccepted(String name, Function<String, String> source) {
        String accepting = unique("accepting");
        server.createModel(accepting);
        Answer answer = server.post(API + "/model-versions/create", object("name", accepting, "source", source.apply(runId)));
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.text("model_version.status")).isEqualTo("READY");
        assertThat(answer.text("model_version.run_id")).isEqualTo(name.startsWith("runs:") ? runId : null);
        assertThat(versionsOf(accepting)).containsExactly("1");
        Answer uri = server.get(API + "/model-versions/get-download-uri", Map.of("name", accepting, "version", "1"));
        assertThat(uri.status()).as("%s", uri).isEqualTo(200);
        assertThat(uri.text("artifact_uri")).isEqualTo("mlflow-artifacts:/" + runArtifacts + "/model");
    }

    @Test
    void aRunsArtifactUriHasTheExperimentRunArtifactsLayout() {
        assertThat(runArtifacts).isEqualTo(experimentId + "/" + runId + "/artifacts");
    }

    static List<String> versionsOf(String name) {
        Answer search = server.get(API + "/model-versions/search", Map.of("filter", "name = '" + name + "'"));
        assertThat(search.status()).as("%s", search).isEqualTo(200);
        return MlflowNodeClientTest.valuesAt(search.json(), "model_versions[].version");
    }

    // ---- the artifact proxy

    @Test
    void theProxyRoundTripsAFileByteForByte() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String path = PROXY + "/" + runArtifacts + "/model/weights.bin";
        Answer put = server.send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of());
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        HttpResponse<byte[]> downloaded = download(path);
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(bytes);
        Answer folder = server.get(PROXY, Map.of("path", runArtifacts + "/model"));
        assertThat(MlflowNodeClientTest.valuesAt(folder.json(), "files[].path")).contains("weights.bin");
        Answer listed = server.get(API + "/artifacts/list", Map.of("run_id", runId, "path", "model"));
        assertThat(MlflowNodeClientTest.valuesAt(listed.json(), "files[].path")).contains("model/weights.bin");

        Answer delete = server.send("DELETE", path, (JsonNode) null, Map.of());
        assertThat(delete.status()).as("%s", delete).isEqualTo(200);
        Answer gone = server.raw("GET", path, null);
        assertThat(gone.status()).as("%s", gone).isEqualTo(404);
        assertThat(gone.json()).as("%s", gone).isNotNull();
        assertThat(gone.json().path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    static HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest(name = "{0} {1} is refused with a JSON error")
    @MethodSource("traversals")
    void theProxyRefusesTraversalWithAJsonError(String method, String rawPath) throws IOException {
        Path outside = home.resolve("outside.txt");
        Files.writeString(outside, "secret");
        byte[] body = method.equals("PUT") ? "pwned".getBytes(StandardCharsets.UTF_8) : null;
        Answer answer = server.raw(method, rawPath, body);
        assertThat(answer.status()).as("%s %s: %s", method, rawPath, answer).isBetween(400, 499);
        assertThat(answer.json()).as("%s %s answered no JSON: %s (content type %s)", method, rawPath, answer,
                answer.contentType()).isNotNull();
        assertThat(answer.json().path("error_code").asText()).as("%s", answer).isNotBlank();
        assertThat(answer.json().path("message").asText()).as("%s", answer).isNotBlank();
        assertThat(answer.body()).doesNotContain("secret");
        assertThat(Files.readString(outside)).isEqualTo("secret");
    }

    static Stream<Arguments> traversals() {
        List<String> paths = List.of(
                PROXY + "/..%2f..%2foutside.txt",
                PROXY + "/%2e%2e/%2e%2e/outside.txt",
                PROXY + "/%2e%2e%2f%2e%2e%2foutside.txt",
                PROXY + "/%252e%252e/%252e%252e/outside.txt",
                PROXY + "/..%252f..%252foutside.txt",
                PROXY + "/x/..%5c..%5coutside.txt",
                PROXY + "/.%2e/.%2e/outside.txt",
                PROXY + "/x/%2E%2E/%2E%2E/%2E%2E/outside.txt",
                PROXY + "/x;/../../outside.txt",
                PROXY + "/%c0%ae%c0%ae/outside.txt",
                PROXY + "/%2foutside.txt",
                PROXY + "/x/../../../../../outside.txt",
                PROXY + "/../../../../../../outside.txt",
                PROXY + "/%zz/outside.txt",
                PROXY + "/x%00/outside.txt",
                PROXY + "/%ff%fe/outside.txt");
        return Stream.of("GET", "PUT", "DELETE").flatMap(m -> paths.stream().map(p -> Arguments.of(m, p)));
    }

    @ParameterizedTest(name = "proxy list ?path={0} is refused")
    @ValueSource(strings = {"..", "../..", "/etc", "/", "a/../../b", "%2e%2e", "\\x"})
    void theProxyListRefusesTraversal(String path) {
        Answer answer = server.get(PROXY, Map.of("path", path));
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @ParameterizedTest(name = "artifacts/list path={0} is refused")
    @ValueSource(strings = {"..", "../..", "../other-run", "model/../../..", "%2e%2e", "/etc", "/", "\\x"})
    void runArtifactListingRefusesTraversal(String path) {
        Answer answer = server.get(API + "/artifacts/list", Map.of("run_id", runId, "path", path));
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @ParameterizedTest(name = "experiment artifact_location {0} is refused")
    @ValueSource(strings = {"file:///tmp/x", "/tmp/x", "s3://other-bucket/x", "http://127.0.0.1:1/x",
            "mlflow-artifacts:/../x", "mlflow-artifacts:/%2e%2e/x", "C:\\Windows\\x"})
    void anExperimentArtifactLocationOutsideTheStoreIsRefused(String location) {
        String name = unique("located");
        Answer answer = server.post(API + "/experiments/create", object("name", name, "artifact_location", location));
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        Answer lookup = server.get(API + "/experiments/get-by-name", Map.of("experiment_name", name));
        assertThat(lookup.status()).as("no experiment was created: %s", lookup).isEqualTo(404);
    }
}
