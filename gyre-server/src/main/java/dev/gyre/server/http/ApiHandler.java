package dev.gyre.server.http;

import dev.gyre.server.auth.Principal;
import io.javalin.http.Context;

/** A route's work, given the request and the authenticated caller ({@code null} on public routes). */
@FunctionalInterface
public interface ApiHandler {
    void handle(Context ctx, Principal principal) throws Exception;
}
