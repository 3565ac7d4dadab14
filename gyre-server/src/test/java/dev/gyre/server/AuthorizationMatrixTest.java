package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.server.http.Route;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route of the route table with no token and with a token of every role, and checks
 * the answer against the permission the route declares: 401 without a token, 403 for a role that
 * lacks the permission, and neither for a role that has it. New routes are covered automatically.
 */
class AuthorizationMatrixTest {

    @TempDir
    static Path home;
    static TestPlatform platform;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        for (Role role : Role.values()) {
            TOKENS.put(role, role == Role.ADMIN ? platform.adminToken
                    : platform.userWithRole("u-" + role.wireName(), role.wireName()));
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void everyRouteAnswersEveryRoleAsItsPermissionSays() {
        List<String> violations = new ArrayList<>();
        List<Route> routes = platform.server.routes();
        assertThat(routes).hasSizeGreaterThan(15);
        for (Route route : routes) {
            int anonymous = call(route, path(route, "u-viewer"), null);
            if (route.isPublic()) {
                // a multipart part URL needs no token but its own signature (MlflowMultipartUploadTest checks it)
                boolean signed = route.path().startsWith("/api/2.0/mlflow-artifacts/mpu/upload/");
                if (signed && anonymous != 403) {
                    violations.add(route.method() + " " + route.path() + " took an unsigned part: " + anonymous);
                }
                if (!signed && (anonymous == 401 || anonymous == 403)) {
                    violations.add(route.method() + " " + route.path() + " is public but answered " + anonymous);
                }
                continue;
            }
            if (anonymous != 401) {
                violations.add(route.method() + " " + route.path() + " answered " + anonymous + " without a token, expected 401");
            }
            for (Role role : Role.values()) {
                // on SELF routes a user names itself; the ownership rules inside are PlatformApiTest's business
                int status = call(route, path(route, role == Role.ADMIN ? "admin" : "u-" + role.wireName()), TOKENS.get(role));
                boolean allowed = route.permission() == Permission.SELF || role.grants(route.permission());
                if (allowed && (status == 401 || status == 403)) {
                    violations.add(route.method() + " " + route.path() + " refused " + role + " with " + status);
                }
                if (!allowed && status != 403) {
                    violations.add(route.method() + " " + route.path() + " answered " + status + " to " + role + ", expected 403");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void noNativeApiRouteIsPublic() {
        assertThat(platform.server.routes()).filteredOn(r -> r.path().startsWith("/api/v1/"))
                .allSatisfy(r -> assertThat(r.permission()).isNotEqualTo(Permission.PUBLIC));
    }

    @Test
    void onlyAdminsManageUsers() {
        for (Role role : Role.values()) {
            assertThat(role.grants(Permission.MANAGE_USERS)).isEqualTo(role == Role.ADMIN);
        }
    }

    private static String path(Route route, String username) {
        return route.path().replace("{username}", username).replace("{project}", "matrix-probe").replace("{name}", "matrix-probe").replace("{id}", "987654").replace("{file}", "swagger-ui.css")
                .replace("<path>", "matrix/probe.bin").replace("{upload_id}", "0123abcd").replace("{part}", "1")
                .replace("{sha256}", "0".repeat(64)).replace("{ref}", "probe@1").replace("{row}", "0")
                .replace("{version}", "1").replace("{deployment}", "matrix-probe")
                .replace("{segment}", "2026010100-000000.jsonl");
    }

    private static int call(Route route, String path, String token) {
        String method = route.method().name();
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequest.BodyPublisher body = hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
        return platform.send(method, path, token, body, hasBody ? Map.of("Content-Type", "application/json") : Map.of()).status();
    }
}
