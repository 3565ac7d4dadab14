package dev.gyre.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of the native API, generated from the route table so that it cannot
 * drift from what the server actually serves.
 */
public final class OpenApi {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private final Map<String, Object> document;

    public OpenApi(String version, List<Route> routes) {
        this.document = build(version, routes);
    }

    /** The document as a JSON-ready tree. */
    public Map<String, Object> document() {
        return document;
    }

    private static Map<String, Object> build(String version, List<Route> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Gyre platform API", "version", version,
                "description", "The native API of the Gyre MLOps platform. Authenticate with 'Authorization: Bearer <token>'; "
                        + "create a token with 'gyre login' or POST /api/v1/tokens."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            String path = route.path();
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<String, Object>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", route.summary());
            op.put("tags", List.of(route.tag()));
            op.put("operationId", operationId(route));
            List<Map<String, Object>> params = new java.util.ArrayList<>();
            Matcher m = PATH_PARAM.matcher(path);
            while (m.find()) {
                params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            for (String q : route.params()) {
                params.add(Map.of("name", q, "in", "query", "required", q.equals("path"), "schema", Map.of("type", "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            if (route.isPublic()) {
                op.put("security", List.of());
            } else {
                op.put("security", route.passwordAuth() ? List.of(Map.of("bearer", List.of()), Map.of("basic", List.of()))
                        : List.of(Map.of("bearer", List.of())));
                op.put("x-gyre-permission", route.permission().name().toLowerCase(Locale.ROOT));
            }
            String method = route.method().name().toLowerCase(Locale.ROOT);
            if (method.equals("post") || method.equals("put") || method.equals("patch")) {
                String type = route.path().startsWith("/api/v1/artifacts") ? "application/octet-stream" : "application/json";
                op.put("requestBody", Map.of("required", !route.path().equals("/api/v1/tokens"),
                        "content", Map.of(type, Map.of("schema", Map.of("type", type.equals("application/json") ? "object" : "string")))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "OK"));
            responses.put("400", error("The request is invalid; the message says how to fix it"));
            if (!route.isPublic()) {
                responses.put("401", error("No or invalid token"));
                responses.put("403", error("The caller's role lacks the permission"));
            }
            responses.put("404", error("Not found"));
            op.put("responses", responses);
            item.put(method, op);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of(
                "securitySchemes", Map.of(
                        "bearer", Map.of("type", "http", "scheme", "bearer"),
                        "basic", Map.of("type", "http", "scheme", "basic")),
                "schemas", Map.of("Error", Map.of("type", "object", "required", List.of("error_code", "message"),
                        "properties", Map.of(
                                "error_code", Map.of("type", "string", "example", "INVALID_PARAMETER_VALUE"),
                                "message", Map.of("type", "string"),
                                "request_id", Map.of("type", "string"))))));
        return doc;
    }

    private static Map<String, Object> error(String description) {
        return Map.of("description", description,
                "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
    }

    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
        for (String part : route.path().split("[/{}._-]+")) {
            if (!part.isEmpty() && !part.equals("api") && !part.equals("v1")) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
