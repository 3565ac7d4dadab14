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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow's multipart upload through the artifact proxy, driven as MLflow's client drives it: create,
 * PUT each part to the URL it was given with no other credentials, read the ETag header, complete.
 */
class MlflowMultipartUploadTest {

    private static final String MPU = "/api/2.0/mlflow-artifacts/mpu";
    private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";
    private static final long LIMIT = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;
    static MlflowServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = MlflowServer.start(home, Map.of("max_upload_bytes", Long.toString(LIMIT)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An upload started and every part PUT: its id and the parts as MLflow's client reports them on completion. */
    record Started(String uploadId, List<Map<String, Object>> parts, List<String> urls) {
    }

    static Started start(MlflowServer server, String folder, String localFile, List<byte[]> parts) {
        Answer created = server.post(MPU + "/create/" + folder, object("path", localFile, "num_parts", parts.size()));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        List<Map<String, Object>> reported = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (JsonNode credential : created.json().path("credentials")) {
            int number = credential.path("part_number").asInt();
            String url = credential.path("url").asText();
            HttpResponse<String> put = putPart(url, parts.get(number - 1));
            assertThat(put.statusCode()).as("part %d: %s", number, put.body()).isEqualTo(200);
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("part_number", number);
            part.put("etag", put.headers().firstValue("ETag").orElseThrow());
            part.put("url", url);
            reported.add(part);
            urls.add(url);
        }
        return new Started(created.text("upload_id"), reported, urls);
    }

    static HttpResponse<String> putPart(String url, byte[] bytes) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(char fill, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void partsJoinInOrderIntoTheFileNamedByFolderAndBaseNameEvenPastTheSingleUploadLimit() {
        String folder = unique("mpu") + "/model";
        List<byte[]> parts = List.of(bytes('a', (int) LIMIT), bytes('b', (int) LIMIT), "tail".getBytes(StandardCharsets.UTF_8));
        Started started = start(server, folder, "C:/Users/ana/weights.bin", parts);
        assertThat(started.urls()).allSatisfy(url -> assertThat(url).startsWith(server.baseUrl() + MPU + "/upload/"));

        List<Map<String, Object>> shuffled = new ArrayList<>(started.parts());
        java.util.Collections.reverse(shuffled);
        Answer done = server.post(MPU + "/complete/" + folder, object("path", "C:/Users/ana/weights.bin",
                "upload_id", started.uploadId(), "parts", shuffled));
        assertThat(done.status()).as("%s", done).isEqualTo(200);
        assertThat(done.json().size()).isZero();

        Answer file = server.send("GET", PROXY + "/" + folder + "/weights.bin", (JsonNode) null, Map.of());
        assertThat(file.status()).isEqualTo(200);
        String expected = "a".repeat((int) LIMIT) + "b".repeat((int) LIMIT) + "tail";
        assertThat(file.body()).hasSize(expected.length()).isEqualTo(expected);

        Answer again = server.post(MPU + "/complete/" + folder, object("path", "weights.bin",
                "upload_id", started.uploadId(), "parts", started.parts()));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text("error_code")).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void aTamperedOrUnsignedPartUrlIsRefused() {
        Answer created = server.post(MPU + "/create/" + unique("mpu"), object("path", "f.bin", "num_parts", 2));
        String url = created.json().path("credentials").get(0).path("url").asText();
        assertThat(putPart(url.replace("/1?", "/2?"), bytes('x', 10)).statusCode()).isEqualTo(403);
        assertThat(putPart(url.replaceAll("signature=[0-9a-f]+", "signature=00"), bytes('x', 10)).statusCode()).isEqualTo(403);
        assertThat(putPart(url.substring(0, url.indexOf('?')), bytes('x', 10)).statusCode()).isEqualTo(403);
        HttpResponse<String> refused = putPart(url.replaceAll("expires=\\d+", "expires=99999999999999"), bytes('x', 10));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("PERMISSION_DENIED");
    }

    @Test
    void aWrongEtagOrAMissingPartStoresNothing() {
        String folder = unique("mpu");
        Started started = start(server, folder, "f.bin", List.of(bytes('a', 10), bytes('b', 10)));
        List<Map<String, Object>> wrong = new ArrayList<>(started.parts());
        Map<String, Object> first = new LinkedHashMap<>(wrong.get(0));
        first.put("etag", "\"0000\"");
        wrong.set(0, first);
        Answer refused = server.post(MPU + "/complete/" + folder, object("path", "f.bin", "upload_id", started.uploadId(),
                "parts", wrong));
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.text("error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(refused.text("message")).contains("etag of part 1");
        Answer missing = server.post(MPU + "/complete/" + folder, object("path", "f.bin", "upload_id", started.uploadId(),
                "parts", started.parts().subList(0, 1)));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(server.send("GET", PROXY + "/" + folder + "/f.bin", (JsonNode) null, Map.of()).status()).isEqualTo(404);
        // still completable with the right parts
        assertThat(server.post(MPU + "/complete/" + folder, object("path", "f.bin", "upload_id", started.uploadId(),
                "parts", started.parts())).status()).isEqualTo(200);
    }

    @Test
    void anAbortedUploadTakesNoMorePartsAndWritesNothing() {
        String folder = unique("mpu");
        Started started = start(server, folder, "f.bin", List.of(bytes('a', 10), bytes('b', 10)));
        Answer aborted = server.post(MPU + "/abort/" + folder, object("path", "f.bin", "upload_id", started.uploadId()));
        assertThat(aborted.status()).as("%s", aborted).isEqualTo(200);
        assertThat(putPart(started.urls().get(0), bytes('a', 10)).statusCode()).isEqualTo(404);
        assertThat(server.send("GET", PROXY + "/" + folder + "/f.bin", (JsonNode) null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aPartOverTheUploadLimitIsRefusedWith413() {
        Answer created = server.post(MPU + "/create/" + unique("mpu"), object("path", "f.bin", "num_parts", 1));
        String url = created.json().path("credentials").get(0).path("url").asText();
        HttpResponse<String> tooLarge = putPart(url, bytes('z', (int) LIMIT + 1));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    void badCreateRequestsGetMlflowErrors() {
        assertThat(server.post(MPU + "/create/a/../../escape", object("path", "f.bin", "num_parts", 1)).status()).isEqualTo(400);
        assertThat(server.post(MPU + "/create/x", object("path", "dir/..", "num_parts", 1)).status()).isEqualTo(400);
        assertThat(server.post(MPU + "/create/x", object("path", "f.bin", "num_parts", 0)).text("error_code"))
                .isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(server.post(MPU + "/create/x", object("path", "f.bin", "num_parts", 10_001)).status()).isEqualTo(400);
        assertThat(server.post(MPU + "/create/x", object("path", "f.bin")).status()).isEqualTo(400);
        assertThat(server.post(MPU + "/create/x", object("num_parts", 1)).status()).isEqualTo(400);
    }
}
