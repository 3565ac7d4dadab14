package dev.gyre.server.http;

import dev.gyre.core.auth.Permission;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Objects;

/**
 * One route of the platform: method, path, the permission it requires, and its handler. All routes
 * are declared in {@link Routes}; {@link HttpApi} enforces the permission before the handler runs.
 *
 * @param method       HTTP method
 * @param path         Javalin path, e.g. {@code /api/v1/users/{username}}
 * @param permission   what the caller's role must grant; {@link Permission#PUBLIC} needs no credentials
 * @param passwordAuth whether this route also accepts HTTP Basic (user name and password), not only a token
 * @param summary      one line for the API docs
 * @param tag          group in the API docs
 * @param params       documented query parameters
 * @param handler      the work
 */
public record Route(HandlerType method, String path, Permission permission, boolean passwordAuth,
                    String summary, String tag, List<String> params, ApiHandler handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(tag, "tag");
        params = List.copyOf(params);
        Objects.requireNonNull(handler, "handler");
    }

    /** Whether this route is part of the authenticated API. */
    public boolean isPublic() {
        return permission == Permission.PUBLIC;
    }
}
