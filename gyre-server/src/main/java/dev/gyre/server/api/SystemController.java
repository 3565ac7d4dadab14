package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.OpenApi;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Liveness, readiness, metrics, the OpenAPI document and the Swagger UI. */
public final class SystemController {

    private static final String SWAGGER_ROOT = "/META-INF/resources/webjars/swagger-ui/";
    private static final Set<String> SWAGGER_FILES = Set.of("swagger-ui.css", "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", "favicon-32x32.png", "favicon-16x16.png");

    private final String version;
    private final Map<String, Runnable> readinessChecks;
    private final PrometheusMeterRegistry prometheus;
    private final Supplier<OpenApi> openApi;
    private final String swaggerVersion;

    /**
     * @param readinessChecks named checks; each throws a {@link GyreException} when its dependency does not answer
     */
    public SystemController(String version, Map<String, Runnable> readinessChecks, PrometheusMeterRegistry prometheus,
                            Supplier<OpenApi> openApi, String swaggerVersion) {
        this.version = version;
        this.readinessChecks = Map.copyOf(readinessChecks);
        this.prometheus = prometheus;
        this.openApi = openApi;
        this.swaggerVersion = swaggerVersion;
    }

    public void health(Context ctx, Principal principal) {
        ctx.json(Map.of("status", "ok", "version", version));
    }

    public void ready(Context ctx, Principal principal) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, Runnable> check : new java.util.TreeMap<>(readinessChecks).entrySet()) {
            try {
                check.getValue().run();
                checks.put(check.getKey(), "ok");
            } catch (GyreException e) {
                ready = false;
                checks.put(check.getKey(), e.getMessage());
            }
        }
        ctx.status(ready ? 200 : 503);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("checks", checks);
        ctx.json(body);
    }

    public void metrics(Context ctx, Principal principal) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(prometheus.scrape());
    }

    public void openApi(Context ctx, Principal principal) {
        ctx.json(openApi.get().document());
    }

    public void docs(Context ctx, Principal principal) {
        ctx.html("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Gyre API</title>
                <link rel="icon" href="/api/docs/assets/favicon-32x32.png">
                <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
                <script>
                window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
                  persistAuthorization: true});
                </script></body></html>
                """);
    }

    public void docsAsset(Context ctx, Principal principal) throws IOException {
        String file = ctx.pathParam("file");
        if (!SWAGGER_FILES.contains(file)) {
            throw new GyreException.NotFound("No such documentation asset '" + file + "'.");
        }
        InputStream in = SystemController.class.getResourceAsStream(SWAGGER_ROOT + swaggerVersion + "/" + file);
        if (in == null) {
            throw new GyreException.NotFound("Documentation asset '" + file + "' is missing from this build.");
        }
        ctx.contentType(file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "image/png");
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.result(in);
    }
}
