package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformApiTest {

    @TempDir
    static Path home;
    static TestPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void healthAndReadinessNeedNoToken() {
        TestPlatform.Reply health = platform.get("/healthz", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(Json.field(health.body(), "status")).isEqualTo("ok");
        TestPlatform.Reply ready = platform.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        JsonNode checks = Json.parse(ready.body()).get("checks");
        assertThat(checks.get("metadata_store").asText()).isEqualTo("ok");
        assertThat(checks.get("artifact_store").asText()).isEqualTo("ok");
    }

    @Test
    void adminTokenFileIsReadableOnlyByOwner() throws Exception {
        Path file = platform.server.adminTokenFile();
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(platform.adminToken).startsWith("gyr_").hasSizeGreaterThan(40);
    }

    @Test
    void whoamiWithoutTokenIsUnauthenticatedJson() {
        TestPlatform.Reply reply = platform.get("/api/v1/whoami", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(Json.field(reply.body(), "error_code")).isEqualTo("UNAUTHENTICATED");
        assertThat(Json.field(reply.body(), "message")).contains("Authorization: Bearer");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void whoamiWithAdminTokenAnswersTheUser() {
        TestPlatform.Reply reply = platform.get("/api/v1/whoami", platform.adminToken);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode user = Json.parse(reply.body());
        assertThat(user.get("username").asText()).isEqualTo("admin");
        assertThat(user.get("role").asText()).isEqualTo("admin");
        assertThat(user.has("created_at")).isTrue();
    }

    @Test
    void forgedTokenIsRejected() {
        TestPlatform.Reply reply = platform.get("/api/v1/whoami", "gyr_" + "A".repeat(43));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(Json.field(reply.body(), "error_code")).isEqualTo("UNAUTHENTICATED");
        TestPlatform.Reply notOurs = platform.get("/api/v1/whoami", "some-other-token");
        assertThat(notOurs.status()).isEqualTo(401);
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        TestPlatform.Reply given = platform.send("GET", "/healthz", null, HttpRequest.BodyPublishers.noBody(),
                Map.of("X-Request-Id", "abc-123"));
        assertThat(given.header("X-Request-Id")).isEqualTo("abc-123");
        TestPlatform.Reply generated = platform.get("/api/v1/whoami", null);
        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(Json.field(generated.body(), "request_id")).isEqualTo(generated.header("X-Request-Id"));
        TestPlatform.Reply hostile = platform.send("GET", "/healthz", null, HttpRequest.BodyPublishers.noBody(),
                Map.of("X-Request-Id", "bad id with spaces <script>"));
        assertThat(hostile.header("X-Request-Id")).doesNotContain("<script>");
    }

    @Test
    void malformedJsonIsA400ThatSaysWhere() {
        TestPlatform.Reply reply = platform.post("/api/v1/users", platform.adminToken, "{\"username\": \"x\", ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.field(reply.body(), "error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(Json.field(reply.body(), "message")).contains("Malformed JSON").contains("line 1");
        assertThat(reply.body()).doesNotContain("at com.").doesNotContain("Exception");
    }

    @Test
    void emptyAndWrongShapedBodiesAre400() {
        assertThat(platform.post("/api/v1/users", platform.adminToken, "").status()).isEqualTo(400);
        assertThat(platform.post("/api/v1/users", platform.adminToken, "[1,2]").status()).isEqualTo(400);
        TestPlatform.Reply typo = platform.post("/api/v1/users", platform.adminToken, "{\"username\":\"x1\",\"rol\":\"sme\"}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(Json.field(typo.body(), "message")).contains("Unknown field 'rol'").contains("role");
    }

    @Test
    void unknownRouteIs404JsonAndWrongMethodIs405Json() {
        TestPlatform.Reply missing = platform.get("/api/v1/nothing-here", platform.adminToken);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(Json.field(missing.body(), "error_code")).isEqualTo("ENDPOINT_NOT_FOUND");
        TestPlatform.Reply wrongMethod = platform.send("DELETE", "/api/v1/whoami", platform.adminToken, (String) null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(Json.field(wrongMethod.body(), "error_code")).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        // a small limit, so the whole body fits in the socket buffers: the server answers 413 without
        // reading it, and the client must not lose that answer to a reset while still sending
        java.nio.file.Path limitedHome = java.nio.file.Files.createTempDirectory("gyre-body-limit");
        try (TestPlatform small = TestPlatform.start(limitedHome, Map.of("max_request_bytes", "1000"))) {
            String huge = "{\"username\":\"" + "x".repeat(5000) + "\"}";
            TestPlatform.Reply reply = small.post("/api/v1/users", small.adminToken, huge);
            assertThat(reply.status()).isEqualTo(413);
            assertThat(Json.field(reply.body(), "error_code")).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(Json.field(reply.body(), "message")).contains("max_request_bytes");
            // just under the limit is read and judged on its content
            String fits = "{\"username\":\"" + "y".repeat(900) + "\",\"role\":\"sme\"}";
            assertThat(small.post("/api/v1/users", small.adminToken, fits).status()).isEqualTo(400);
        }
    }

    @Test
    void usersAreCreatedListedAndDuplicatesConflict() {
        TestPlatform.Reply created = platform.post("/api/v1/users", platform.adminToken,
                "{\"username\":\"Ann\",\"role\":\"data-scientist\",\"password\":\"correct horse\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(Json.field(created.body(), "username")).isEqualTo("ann");
        assertThat(created.body()).doesNotContain("correct horse").doesNotContain("argon2");
        TestPlatform.Reply again = platform.post("/api/v1/users", platform.adminToken, "{\"username\":\"ann\",\"role\":\"sme\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(Json.field(again.body(), "error_code")).isEqualTo("RESOURCE_ALREADY_EXISTS");
        TestPlatform.Reply list = platform.get("/api/v1/users", platform.adminToken);
        assertThat(list.body()).contains("\"ann\"").contains("\"admin\"");
    }

    @Test
    void badRoleAndBadNamesSayTheFix() {
        TestPlatform.Reply role = platform.post("/api/v1/users", platform.adminToken, "{\"username\":\"bob\",\"role\":\"wizard\"}");
        assertThat(role.status()).isEqualTo(400);
        assertThat(Json.field(role.body(), "message")).contains("data-scientist").contains("viewer");
        TestPlatform.Reply name = platform.post("/api/v1/users", platform.adminToken, "{\"username\":\"../etc\",\"role\":\"sme\"}");
        assertThat(name.status()).isEqualTo(400);
        TestPlatform.Reply shortPassword = platform.post("/api/v1/users", platform.adminToken,
                "{\"username\":\"carl\",\"role\":\"sme\",\"password\":\"short\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(platform.get("/api/v1/users/carl", platform.adminToken).status()).isEqualTo(404);
    }

    @Test
    void passwordLoginIssuesATokenAndWrongPasswordDoesNot() {
        platform.post("/api/v1/users", platform.adminToken, "{\"username\":\"dora\",\"role\":\"viewer\",\"password\":\"s3cret-pass\"}");
        String good = "Basic " + Base64.getEncoder().encodeToString("dora:s3cret-pass".getBytes(StandardCharsets.UTF_8));
        TestPlatform.Reply issued = platform.send("POST", "/api/v1/tokens", good, HttpRequest.BodyPublishers.noBody(), Map.of());
        assertThat(issued.status()).isEqualTo(201);
        String token = Json.field(issued.body(), "token");
        assertThat(Json.field(platform.get("/api/v1/whoami", token).body(), "username")).isEqualTo("dora");

        String bad = "Basic " + Base64.getEncoder().encodeToString("dora:wrong-pass".getBytes(StandardCharsets.UTF_8));
        TestPlatform.Reply refused = platform.send("POST", "/api/v1/tokens", bad, HttpRequest.BodyPublishers.noBody(), Map.of());
        assertThat(refused.status()).isEqualTo(401);
        // passwords are not accepted on other routes
        assertThat(platform.send("GET", "/api/v1/whoami", good, HttpRequest.BodyPublishers.noBody(), Map.of()).status()).isEqualTo(401);
        // but a token as the Basic password is, on every route (MLflow's basic-auth clients), for its own user only
        String tokenAsPassword = "Basic " + Base64.getEncoder().encodeToString(("dora:" + token).getBytes(StandardCharsets.UTF_8));
        assertThat(Json.field(platform.send("GET", "/api/v1/whoami", tokenAsPassword, HttpRequest.BodyPublishers.noBody(), Map.of()).body(),
                "username")).isEqualTo("dora");
        String wrongUser = "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
        assertThat(platform.send("GET", "/api/v1/whoami", wrongUser, HttpRequest.BodyPublishers.noBody(), Map.of()).status()).isEqualTo(401);
    }

    @Test
    void revokedTokenStopsWorking() {
        String token = platform.userWithRole("erin", "ml-engineer");
        assertThat(platform.get("/api/v1/whoami", token).status()).isEqualTo(200);
        JsonNode tokens = Json.parse(platform.get("/api/v1/tokens", token).body()).get("tokens");
        assertThat(tokens).hasSize(1);
        long id = tokens.get(0).get("id").asLong();
        assertThat(tokens.get(0).has("token")).isFalse();
        TestPlatform.Reply revoked = platform.send("DELETE", "/api/v1/tokens/" + id, token, (String) null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(Json.field(revoked.body(), "revoked_at")).isNotNull();
        TestPlatform.Reply after = platform.get("/api/v1/whoami", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(Json.field(after.body(), "message")).contains("revoked");
    }

    @Test
    void usersCannotSeeOrRevokeOthersTokens() {
        String frank = platform.userWithRole("frank", "data-engineer");
        JsonNode adminTokens = Json.parse(platform.get("/api/v1/tokens", platform.adminToken).body()).get("tokens");
        long adminTokenId = adminTokens.get(0).get("id").asLong();
        assertThat(platform.send("DELETE", "/api/v1/tokens/" + adminTokenId, frank, (String) null).status()).isEqualTo(404);
        assertThat(platform.get("/api/v1/tokens?username=admin", frank).status()).isEqualTo(403);
        assertThat(platform.post("/api/v1/tokens", frank, "{\"username\":\"admin\"}").status()).isEqualTo(403);
        assertThat(platform.get("/api/v1/whoami", platform.adminToken).status()).isEqualTo(200);
        // a user may look at itself, not at others
        assertThat(platform.get("/api/v1/users/frank", frank).status()).isEqualTo(200);
        assertThat(platform.get("/api/v1/users/admin", frank).status()).isEqualTo(403);
    }

    @Test
    void expiryOutOfRangeIsRejected() {
        TestPlatform.Reply reply = platform.post("/api/v1/tokens", platform.adminToken, "{\"expires_in_days\": 0}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.field(reply.body(), "message")).contains("expires_in_days");
        TestPlatform.Reply ok = platform.post("/api/v1/tokens", platform.adminToken, "{\"name\":\"ci\",\"expires_in_days\": 30}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(Json.field(ok.body(), "expires_at")).isNotNull();
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() {
        TestPlatform.Reply demote = platform.send("PATCH", "/api/v1/users/admin", platform.adminToken, "{\"role\":\"viewer\"}");
        assertThat(demote.status()).isEqualTo(409);
        TestPlatform.Reply disable = platform.send("PATCH", "/api/v1/users/admin", platform.adminToken, "{\"disabled\":true}");
        assertThat(disable.status()).isEqualTo(409);
        assertThat(platform.get("/api/v1/whoami", platform.adminToken).status()).isEqualTo(200);
    }

    @Test
    void disabledUserCannotAuthenticate() {
        String token = platform.userWithRole("gina", "sme");
        assertThat(platform.send("PATCH", "/api/v1/users/gina", platform.adminToken, "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(platform.get("/api/v1/whoami", token).status()).isEqualTo(401);
    }

    @Test
    void metricsArePrometheusText() {
        platform.get("/healthz", null);
        TestPlatform.Reply metrics = platform.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count")
                .contains("gyre_store_sql_seconds_count");
    }

    @Test
    void openApiDescribesEveryRouteAndSwaggerUiIsServed() {
        TestPlatform.Reply spec = platform.get("/api/openapi.json", null);
        assertThat(spec.status()).isEqualTo(200);
        JsonNode doc = Json.parse(spec.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/v1/whoami")).isTrue();
        assertThat(doc.get("paths").get("/api/v1/users").has("post")).isTrue();
        TestPlatform.Reply docs = platform.get("/api/docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("swagger-ui-bundle.js").contains("/api/openapi.json");
        TestPlatform.Reply asset = platform.get("/api/docs/assets/swagger-ui-bundle.js", null);
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.body().length()).isGreaterThan(100_000);
        assertThat(platform.get("/api/docs/assets/..%2F..%2Fetc%2Fpasswd", null).status()).isEqualTo(404);
    }
}
