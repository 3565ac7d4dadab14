package dev.gyre.server.http;

import static dev.gyre.core.auth.Permission.MANAGE_USERS;
import static dev.gyre.core.auth.Permission.PUBLIC;
import static dev.gyre.core.auth.Permission.READ;
import static dev.gyre.core.auth.Permission.SELF;
import static dev.gyre.core.auth.Permission.WRITE_ARTIFACTS;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.gyre.core.auth.Permission;
import dev.gyre.server.api.ArtifactController;
import dev.gyre.server.api.SystemController;
import dev.gyre.server.api.TokenController;
import dev.gyre.server.api.UserController;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the platform and the permission it requires — declared here and nowhere else,
 * so the authorisation matrix can be read (and tested) in one place.
 */
public final class Routes {

    private Routes() {
    }

    /** The route table, in the order the API docs list it. */
    public static List<Route> all(SystemController system, UserController users, TokenController tokens,
                                  ArtifactController artifacts) {
        List<Route> r = new ArrayList<>();
        // system
        r.add(route(GET, "/healthz", PUBLIC, "Liveness: the process answers", "system", system::health));
        r.add(route(GET, "/readyz", PUBLIC, "Readiness: migrations ran and the stores answer (503 otherwise)", "system", system::ready));
        r.add(route(GET, "/metrics", PUBLIC, "Prometheus metrics: JVM, HTTP server, stores", "system", system::metrics));
        r.add(route(GET, "/api/openapi.json", PUBLIC, "This OpenAPI 3 document", "system", system::openApi));
        r.add(route(GET, "/api/docs", PUBLIC, "Swagger UI for the native API", "system", system::docs));
        r.add(route(GET, "/api/docs/assets/{file}", PUBLIC, "Swagger UI assets", "system", system::docsAsset));

        // users and tokens
        r.add(route(GET, "/api/v1/whoami", SELF, "The authenticated user", "users", users::whoami));
        r.add(route(GET, "/api/v1/users", MANAGE_USERS, "List users", "users", users::list));
        r.add(route(POST, "/api/v1/users", MANAGE_USERS, "Create a user {username, role, password?}", "users", users::create));
        r.add(route(GET, "/api/v1/users/{username}", SELF, "Get a user (yourself, or anyone for admins)", "users", users::get));
        r.add(route(PATCH, "/api/v1/users/{username}", MANAGE_USERS, "Change role, password or disabled flag", "users", users::update));
        r.add(new Route(POST, "/api/v1/tokens", SELF, true,
                "Create an API token {name?, expires_in_days?, username?}; accepts a token or HTTP Basic user:password; the secret is shown once",
                "tokens", List.of(), tokens::create));
        r.add(route(GET, "/api/v1/tokens", SELF, "List your tokens (admins: ?username=)", "tokens", List.of("username"), tokens::list));
        r.add(route(DELETE, "/api/v1/tokens/{id}", SELF, "Revoke a token (yours, or any for admins)", "tokens", tokens::revoke));

        // artifacts
        r.add(route(GET, "/api/v1/artifacts", READ, "List artifacts under a prefix, paged", "artifacts",
                List.of("prefix", "page_token", "max_results"), artifacts::list));
        r.add(route(PUT, "/api/v1/artifacts/content", WRITE_ARTIFACTS, "Upload an artifact (raw body, streamed, atomic)", "artifacts",
                List.of("path"), artifacts::upload));
        r.add(route(GET, "/api/v1/artifacts/content", READ, "Download an artifact (header X-Gyre-Sha256; ?verify=true checks it)", "artifacts",
                List.of("path", "verify"), artifacts::download));
        r.add(route(HEAD, "/api/v1/artifacts/content", READ, "Size and SHA-256 of an artifact", "artifacts",
                List.of("path"), artifacts::head));
        r.add(route(DELETE, "/api/v1/artifacts/content", WRITE_ARTIFACTS, "Delete an artifact (idempotent)", "artifacts",
                List.of("path"), artifacts::delete));
        r.add(route(GET, "/api/v1/artifacts/meta", READ, "Size, SHA-256 and modification time of an artifact as JSON", "artifacts",
                List.of("path"), artifacts::meta));
        return List.copyOf(r);
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary, String tag, ApiHandler handler) {
        return new Route(method, path, permission, false, summary, tag, List.of(), handler);
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary, String tag,
                               List<String> params, ApiHandler handler) {
        return new Route(method, path, permission, false, summary, tag, params, handler);
    }
}
