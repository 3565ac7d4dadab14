package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactApiTest {

    @TempDir
    static Path home;
    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        Files.writeString(home.resolve("secret.txt"), "outside the artifact root");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static String q(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    @Test
    void uploadDownloadRoundTripKeepsBytesAndSha256() throws Exception {
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        TestPlatform.Reply put = platform.send("PUT", "/api/v1/artifacts/content?path=" + q("models/v1/model.bin"),
                platform.adminToken, HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of("Content-Type", "application/octet-stream"));
        assertThat(put.status()).isEqualTo(201);
        assertThat(Json.field(put.body(), "sha256")).isEqualTo(sha);
        assertThat(Json.parse(put.body()).get("size").asLong()).isEqualTo(bytes.length);

        HttpResponse<InputStream> got = platform.stream("/api/v1/artifacts/content?verify=true&path=" + q("models/v1/model.bin"), platform.adminToken);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("X-Gyre-Sha256")).contains(sha);
        try (InputStream in = got.body()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        JsonNode list = Json.parse(platform.get("/api/v1/artifacts?prefix=" + q("models/"), platform.adminToken).body());
        assertThat(list.get("artifacts").get(0).get("path").asText()).isEqualTo("models/v1/model.bin");

        TestPlatform.Reply deleted = platform.send("DELETE", "/api/v1/artifacts/content?path=" + q("models/v1/model.bin"), platform.adminToken, (String) null);
        assertThat(deleted.status()).isEqualTo(200);
        TestPlatform.Reply gone = platform.get("/api/v1/artifacts/meta?path=" + q("models/v1/model.bin"), platform.adminToken);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(Json.field(gone.body(), "error_code")).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {
        "../secret.txt",
        "../../etc/passwd",
        "a/../../secret.txt",
        "a/../b",
        "./a",
        "a/./b",
        "/etc/passwd",
        "//etc/passwd",
        "..",
        ".",
        "...",
        "a\\..\\secret.txt",
        "..\\secret.txt",
        "C:\\Windows\\win.ini",
        "C:/Windows/win.ini",
        "file:///etc/passwd",
        "%2e%2e/secret.txt",
        "%2E%2E%2Fsecret.txt",
        "%252e%252e/secret.txt",
        "%252e%252e%252fsecret.txt",
        "..%2fsecret.txt",
        "..%5csecret.txt",
        "%c0%ae%c0%ae/secret.txt",
        "a/b%00.txt",
        "a\u0000b",
        "a//b",
        "a/b/",
        "a;/../secret.txt",
        "a#/../secret.txt",
        "a?x=/../secret.txt",
        "\uFF0E\uFF0E/secret.txt",
        "\uFF0E\uFF0E\uFF0Fsecret.txt",
        "~/secret.txt",
        ".gyre-tmp/x",
        "a/\n/b",
    })
    void rejectsArtifactPathsThatCouldEscapeTheRoot(String attack) {
        for (String method : new String[] {"PUT", "GET", "DELETE"}) {
            TestPlatform.Reply reply = platform.send(method, "/api/v1/artifacts/content?path=" + q(attack), platform.adminToken,
                    method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("pwned") : HttpRequest.BodyPublishers.noBody(), Map.of());
            assertThat(reply.status()).as(method + " " + attack).isEqualTo(400);
            assertThat(Json.field(reply.body(), "error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(reply.body()).doesNotContain("outside the artifact root").doesNotContain(home.toString());
        }
    }

    @Test
    void missingPathParameterSaysHowToGiveIt() {
        TestPlatform.Reply reply = platform.get("/api/v1/artifacts/content", platform.adminToken);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.field(reply.body(), "message")).contains("?path=");
    }

    @Test
    void uploadOverTheLimitIs413AndLeavesNothing() throws Exception {
        Path limitedHome = Files.createTempDirectory("gyre-limit");
        try (TestPlatform small = TestPlatform.start(limitedHome, Map.of("max_upload_bytes", "1000"))) {
            TestPlatform.Reply reply = small.send("PUT", "/api/v1/artifacts/content?path=big.bin", small.adminToken,
                    HttpRequest.BodyPublishers.ofByteArray(new byte[5000]), Map.of());
            assertThat(reply.status()).isEqualTo(413);
            assertThat(Json.field(reply.body(), "error_code")).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            // chunked (no Content-Length): the limit is enforced while streaming
            TestPlatform.Reply chunked = small.send("PUT", "/api/v1/artifacts/content?path=big.bin", small.adminToken,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000])), Map.of());
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(small.get("/api/v1/artifacts/meta?path=big.bin", small.adminToken).status()).isEqualTo(404);
            // the MLflow artifact proxy enforces the same limit while streaming
            TestPlatform.Reply proxied = small.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/big.bin", small.adminToken,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000])), Map.of());
            assertThat(proxied.status()).isEqualTo(413);
            assertThat(Json.field(proxied.body(), "error_code")).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(small.get("/api/v1/artifacts/meta?path=big.bin", small.adminToken).status()).isEqualTo(404);
        }
    }
}
