package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline routes whose body is optional read it when there is one, and do without when there is none. */
class PipelineRequestBodiesTest {

    @TempDir
    Path home;

    @Test
    void aStoredPipelineStartsWithOrWithoutABody() throws Exception {
        try (TestPlatform platform = TestPlatform.start(home)) {
            String admin = platform.adminToken;
            assertThat(platform.post("/api/v1/projects", admin, "{\"name\": \"p\"}").status()).isEqualTo(201);
            TestPlatform.Reply stored = platform.send("PUT", "/api/v1/projects/p/pipelines/one", admin,
                    "{\"spec\": \"pipeline: one\\nsteps:\\n  - {id: ingest, kind: ingest, params: {source: x}}\\n\","
                            + " \"schedule\": null, \"on_alert\": []}");
            assertThat(stored.status()).as(stored.body()).isBetween(200, 201);

            TestPlatform.Reply withBody = platform.post("/api/v1/projects/p/pipelines/one/runs", admin,
                    "{\"overrides\": {\"ingest\": {\"source\": \"y\"}}}");
            TestPlatform.Reply withoutBody = platform.send("POST", "/api/v1/projects/p/pipelines/one/runs", admin, null);
            TestPlatform.Reply badBody = platform.post("/api/v1/projects/p/pipelines/one/runs", admin,
                    "{\"overides\": {}}");

            assertThat(withBody.status()).as(withBody.body()).isEqualTo(202);
            assertThat(withBody.body()).contains("\"source\":\"y\"");
            assertThat(withoutBody.status()).as(withoutBody.body()).isEqualTo(202);
            assertThat(badBody.status()).isEqualTo(400);
            assertThat(badBody.body()).contains("overides");
        }
    }
}
