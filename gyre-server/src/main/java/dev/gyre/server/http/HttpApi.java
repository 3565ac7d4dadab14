package dev.gyre.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.ErrorCode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.AuthService;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.config.ServerConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the route table into a Javalin server: authentication and the permission check before
 * every handler, request ids, the access log, HTTP metrics, and the one mapping of errors to JSON.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("gyre.access");
    private static final String PRINCIPAL = "gyre.principal";
    private static final java.util.Set<String> PROBES = java.util.Set.of("/healthz", "/readyz", "/metrics");

    private final AuthService auth;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;
    private final Runnable startupCheck;

    /**
     * @param startupCheck throws {@link GyreException.NotReady} while the platform is still starting;
     *                     authenticated routes answer 503 until it passes
     */
    public HttpApi(AuthService auth, MeterRegistry meters, ObjectMapper mapper, Runnable startupCheck) {
        this.auth = auth;
        this.meters = meters;
        this.mapper = mapper;
        this.startupCheck = startupCheck;
    }

    /** Builds (does not start) the server for these routes. */
    public Javalin build(ServerConfig.HttpConfig http, List<Route> routes) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = http.host();
            config.jetty.port = http.port();
            config.http.maxRequestSize = http.maxRequestBytes();
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(20_000);
                server.insertHandler(new GracefulHandler());
                server.setErrorHandler(new JsonErrorHandler(mapper));
            });
            config.requestLogger.http(this::logAndMeasure);

            config.routes.before(RequestIds::assign);
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> {
                    Principal principal = authorize(ctx, route);
                    route.handler().handle(ctx, principal);
                });
            }
            config.routes.exception(GyreException.class, (e, ctx) -> writeError(ctx, e.code(), e.getMessage(), e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                ErrorCode code = switch (e.getStatus()) {
                    case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
                    case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                    case 413 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
                    case 401 -> ErrorCode.UNAUTHENTICATED;
                    case 403 -> ErrorCode.PERMISSION_DENIED;
                    case 503 -> ErrorCode.TEMPORARILY_UNAVAILABLE;
                    default -> e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER_VALUE;
                };
                writeError(ctx, code, httpMessage(ctx, e), null);
            });
            config.routes.exception(Exception.class, (e, ctx) -> writeError(ctx, ErrorCode.INTERNAL_ERROR,
                    "Internal error. The server log has the details under request id " + RequestIds.of(ctx) + ".", e));
        });
    }

    /** The authenticated caller of this request, or {@code null} on public routes. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private Principal authorize(Context ctx, Route route) {
        if (route.isPublic()) {
            return null;
        }
        startupCheck.run();
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new GyreException.Unauthenticated("This route needs an API token: send 'Authorization: Bearer <token>'. "
                    + "Get one with 'gyre login' (the first admin token is in <home>/admin.token).");
        }
        Principal principal;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = auth.authenticateToken(header.substring(7).trim());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            principal = basic(header.substring(6).trim(), route.passwordAuth());
        } else {
            throw new GyreException.Unauthenticated("Send 'Authorization: Bearer <token>' (or HTTP Basic with your user name and a token as the password).");
        }
        if (route.permission() != Permission.SELF && !principal.may(route.permission())) {
            throw new GyreException.PermissionDenied("User '" + principal.user().username() + "' (role "
                    + principal.user().role().wireName() + ") may not do this: it needs the "
                    + route.permission().name().toLowerCase(java.util.Locale.ROOT) + " permission. Ask an admin for a role that grants it.");
        }
        ctx.attribute(PRINCIPAL, principal);
        org.slf4j.MDC.put("user", principal.user().username());
        return principal;
    }

    /**
     * HTTP Basic: a user name with an API token as the password works on every route (MLflow's
     * basic-auth clients send credentials this way); a real password only where the route allows it.
     */
    private Principal basic(String encoded, boolean passwordAllowed) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new GyreException.Unauthenticated("The Basic credentials are not valid base64 of 'user:password'.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new GyreException.Unauthenticated("The Basic credentials must be base64 of 'user:password'.");
        }
        String username = decoded.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String secret = decoded.substring(colon + 1);
        if (secret.startsWith(AuthService.TOKEN_PREFIX)) {
            Principal principal = auth.authenticateToken(secret);
            if (!principal.user().username().equals(username)) {
                throw new GyreException.Unauthenticated("The token does not belong to user '" + username + "'. "
                        + "Send the token's own user name, or the token alone as 'Authorization: Bearer <token>'.");
            }
            return principal;
        }
        if (!passwordAllowed) {
            throw new GyreException.Unauthenticated("Passwords are accepted only to create a token (POST /api/v1/tokens, "
                    + "or 'gyre login'); send a token instead: 'Authorization: Bearer <token>' or Basic with the token as password.");
        }
        return auth.authenticatePassword(username, secret);
    }

    private void writeError(Context ctx, ErrorCode code, String message, Throwable cause) {
        String requestId = RequestIds.of(ctx);
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("Request {} {} failed [request_id={}]", ctx.method(), ctx.path(), requestId, cause);
        } else if (cause != null && cause.getCause() != null) {
            LOG.debug("Request {} {} rejected: {}", ctx.method(), ctx.path(), message, cause);
        }
        if (code == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"gyre\"");
        }
        // the inference protocols' clients read their own error shapes
        dev.gyre.server.serving.ServingErrors.Protocol protocol =
                dev.gyre.server.serving.ServingErrors.protocolOf(ctx.path());
        if (protocol != null) {
            ctx.status(code.httpStatus()).contentType("application/json")
                    .result(dev.gyre.server.serving.ServingErrors.body(protocol, code, message, requestId));
            return;
        }
        ctx.status(isMlflowRoute(ctx) ? code.mlflowStatus() : code.httpStatus());
        ctx.json(new ErrorBody(code.name(), message, requestId));
    }

    /** MLflow's own routes answer with MLflow's status for each code (e.g. 400 for RESOURCE_ALREADY_EXISTS). */
    private static boolean isMlflowRoute(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/api/2.0/") || path.startsWith("/ajax-api/2.0/");
    }

    private static String httpMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "No route " + ctx.method() + " " + ctx.path() + ". The API is described at /api/docs.";
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path() + ". The API is described at /api/docs.";
            case 413 -> "The request body is too large; send less, or raise max_request_bytes in the server configuration.";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "Bad request." : e.getMessage();
        };
    }

    private void logAndMeasure(Context ctx, Float millis) {
        String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        Timer.builder("http.server.requests")
                .description("HTTP requests handled by the platform")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(meters)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        Principal principal = principal(ctx);
        // probes and scrapes arrive every few seconds: keep them out of the log unless asked for
        boolean probe = PROBES.contains(ctx.path()) && ctx.statusCode() < 400;
        if (probe ? ACCESS.isDebugEnabled() : ACCESS.isInfoEnabled()) {
            String line = String.format(java.util.Locale.ROOT, "%s %s %d %.1fms user=%s request_id=%s", ctx.method().name(),
                    ctx.path(), ctx.statusCode(), millis, principal == null ? "-" : principal.user().username(), RequestIds.of(ctx));
            if (probe) {
                ACCESS.debug(line);
            } else {
                ACCESS.info(line);
            }
        }
        org.slf4j.MDC.clear();
    }
}
