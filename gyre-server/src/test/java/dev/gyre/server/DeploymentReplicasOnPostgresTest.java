package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two platform replicas sharing one PostgreSQL metadata store and one artifact store: a deployment created on one
 * is served by the other after its periodic check, follows an alias moved on the first, and is dropped when
 * deleted there. Skipped with a message when no PostgreSQL is configured for tests.
 */
class DeploymentReplicasOnPostgresTest {

    @TempDir
    static Path homeA;
    @TempDir
    static Path homeB;
    @TempDir
    static Path artifacts;

    static Database schema;
    static TestPlatform a;
    static TestPlatform b;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        schema = Databases.postgres();
        String url = schema.settings().url();
        url += (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.settings().schema();
        Map<String, String> flags = new HashMap<>();
        flags.put("db", url);
        flags.put("db_user", schema.settings().user());
        if (schema.settings().password() != null) {
            flags.put("db_password", schema.settings().password());
        }
        flags.put("artifacts", artifacts.toUri().toString());
        flags.put("search_index", "false");
        a = TestPlatform.start(homeA, flags);
        admin = a.adminToken;
        b = TestPlatform.start(homeB, flags);
        DeploymentApiTest.trainAndValidate(a, admin, 2, 2);
        DeploymentApiTest.setAlias(a, admin, "champion", 1);
    }

    @AfterAll
    static void stop() {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Test
    void theOtherReplicaLoadsFollowsAndDropsTheDeployment() {
        TestPlatform.Reply created = a.post("/api/v1/deployments", admin,
                "{\"name\": \"shared\", \"model\": \"titanic\", \"alias\": \"champion\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(DeploymentApiTest.answeringVersion(a, "shared")).isEqualTo(1);

        b.server.deploymentManager().check();
        assertThat(DeploymentApiTest.answeringVersion(b, "shared")).as("created on the other replica").isEqualTo(1);

        DeploymentApiTest.setAlias(a, admin, "champion", 2);
        assertThat(DeploymentApiTest.answeringVersion(a, "shared")).isEqualTo(2);
        b.server.deploymentManager().check();
        assertThat(DeploymentApiTest.answeringVersion(b, "shared")).as("the alias moved on the other replica")
                .isEqualTo(2);
        TestPlatform.Reply status = b.get("/api/v1/deployments/shared", admin);
        assertThat(Json.parse(status.body()).path("primary_version").asInt()).isEqualTo(2);

        assertThat(a.send("DELETE", "/api/v1/deployments/shared", admin, null).status()).isEqualTo(204);
        b.server.deploymentManager().check();
        assertThat(b.server.servingEngine().deployments().list()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentApiTest.answeringVersion(b, "shared"))
                .isInstanceOf(GyreException.NotFound.class);
    }
}
