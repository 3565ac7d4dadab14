package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import dev.gyre.store.testing.S3ProxyServer;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape: metadata in PostgreSQL and artifacts in S3 (s3proxy), configured the way
 * an operator would (flags), surviving a restart. Skipped with a message when no PostgreSQL is
 * configured for tests; failing when one is configured but does not answer.
 */
class PlatformOnPostgresAndS3Test {

    @TempDir
    Path home;

    @Test
    void platformRunsOnPostgresAndS3AndKeepsStateAcrossRestarts() throws Exception {
        try (Database schema = Databases.postgres(); S3ProxyServer s3 = S3ProxyServer.start()) {
            String url = schema.settings().url();
            url += (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.settings().schema();
            Map<String, String> flags = new HashMap<>();
            flags.put("db", url);
            flags.put("db_user", schema.settings().user());
            if (schema.settings().password() != null) {
                flags.put("db_password", schema.settings().password());
            }
            flags.put("artifacts", "s3://" + s3.bucket() + "/gyre");
            flags.put("s3_endpoint", s3.endpoint().toString());
            flags.put("s3_access_key", s3.accessKey());
            flags.put("s3_secret_key", s3.secretKey());

            String annToken;
            try (TestPlatform platform = TestPlatform.start(home, flags)) {
                JsonNode ready = Json.parse(platform.get("/readyz", null).body());
                assertThat(ready.get("status").asText()).isEqualTo("ready");
                annToken = platform.userWithRole("ann", "data-scientist");
                TestPlatform.Reply put = platform.send("PUT", "/api/v1/artifacts/content?path=runs/1/model.bin", annToken,
                        HttpRequest.BodyPublishers.ofString("weights"), Map.of());
                assertThat(put.status()).isEqualTo(201);
            }
            // the same PostgreSQL schema and bucket after a restart with a new home: users, tokens, artifacts are there
            Path secondHome = home.resolve("second");
            try (TestPlatform again = TestPlatform.start(secondHome, flags)) {
                assertThat(Json.field(again.get("/api/v1/whoami", annToken).body(), "username")).isEqualTo("ann");
                HttpResponse<InputStream> got = again.stream("/api/v1/artifacts/content?verify=true&path=runs/1/model.bin", annToken);
                assertThat(got.statusCode()).isEqualTo(200);
                try (InputStream in = got.body()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights");
                }
                // the admin exists already, so no second bootstrap token was written
                assertThat(secondHome.resolve("admin.token")).doesNotExist();
            }
        }
    }

    @Test
    void unreachableS3MakesStartFailWithAClearMessage() {
        Map<String, String> flags = Map.of("artifacts", "s3://nowhere/x", "s3_endpoint", "http://127.0.0.1:1",
                "s3_access_key", "a", "s3_secret_key", "b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestPlatform.start(home, flags))
                .isInstanceOf(dev.gyre.core.GyreException.NotReady.class)
                .hasMessageContaining("nowhere");
    }
}
