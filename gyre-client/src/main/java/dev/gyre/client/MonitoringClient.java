package dev.gyre.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Monitoring of deployments: the latest status, drift reports and alerts. Obtained with
 * {@link GyreClient#monitoring()}; immutable and thread-safe. Answers are the platform's JSON documents
 * (docs/monitoring.md describes their fields).
 *
 * <pre>{@code
 * JsonNode status = gyre.monitoring().status("titanic", "1h");
 * status.path("drift_share").asDouble();
 * }</pre>
 */
public final class MonitoringClient {
    private final Transport transport;

    MonitoringClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * A deployment's monitoring status ({@code GET /api/v1/deployments/{name}/monitoring}).
     *
     * @param window the span to cover, e.g. {@code 1h}; {@code null} for the latest windows
     */
    public JsonNode status(String name, String window) {
        return transport.sendJson(request(name, "/monitoring" + query("window", window, null, null)).GET(), true,
                JsonNode.class);
    }

    /**
     * A drift report as JSON ({@code GET /api/v1/deployments/{name}/monitoring/report}).
     *
     * @param window the span, e.g. {@code 1h}; {@code null} for an hour
     * @param end    the span's end (ISO-8601), or {@code null} for now
     */
    public JsonNode report(String name, String window, String end) {
        return transport.sendJson(request(name, "/monitoring/report" + query("window", window, "end", end)).GET(), true,
                JsonNode.class);
    }

    /** The same report as one self-contained HTML page. */
    public String reportHtml(String name, String window, String end) {
        String q = query("window", window, "end", end);
        HttpResponse<byte[]> response = transport.send(request(name, "/monitoring/report" + q
                + (q.isEmpty() ? "?" : "&") + "format=html").GET(), true, HttpResponse.BodyHandlers.ofByteArray());
        transport.checkStatus(response);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /**
     * Measures every deployment and evaluates the alert rules now rather than at the next interval
     * ({@code POST /api/v1/deployments/{name}/monitoring/evaluate}); answers the named deployment's rule states
     * ({@code alerts}: rule, metric, status, value, retrain…). Needs the operate permission.
     *
     * @throws GyreClientException 409 when another replica evaluates the rules (it holds the alert lease)
     */
    public JsonNode evaluate(String name) {
        return transport.sendJson(transport.withJson(request(name, "/monitoring/evaluate"), "POST",
                java.util.Map.of()), true, JsonNode.class);
    }

    /** Alert rule states and the latest events ({@code GET /api/v1/alerts}); {@code deployment} may be null. */
    public JsonNode alerts(String deployment) {
        return transport.sendJson(transport.request("api/v1/alerts" + query("deployment", deployment, null, null))
                .GET(), true, JsonNode.class);
    }

    /**
     * Ships one window of a standalone server's traffic profile ({@code PUT /api/v1/deployments/{name}/profiles});
     * the platform stores it as the row of {@code source} for that window, beside the other replicas' rows.
     *
     * @param lastSeen the time of the window's latest record, epoch milliseconds
     * @param latency the latency sketch image, or null
     * @param profile the window's profile image
     */
    public void shipWindow(String deployment, String model, String version, long windowStart, long windowMs,
                           String source, long rows, long outliers, long outlierChecked, long lastSeen,
                           byte[] latency, byte[] profile) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", model);
        body.put("version", version);
        body.put("window_start", windowStart);
        body.put("window_ms", windowMs);
        body.put("source", source);
        body.put("rows", rows);
        body.put("outliers", outliers);
        body.put("outlier_checked", outlierChecked);
        body.put("last_seen", lastSeen);
        body.put("latency", latency == null ? null : java.util.Base64.getEncoder().encodeToString(latency));
        body.put("profile", java.util.Base64.getEncoder().encodeToString(Objects.requireNonNull(profile, "profile")));
        transport.sendJson(transport.withJson(request(deployment, "/profiles"), "PUT", body), true, JsonNode.class);
    }

    private HttpRequest.Builder request(String name, String suffix) {
        return transport.request("api/v1/deployments/" + Transport.segment(Objects.requireNonNull(name, "name"))
                + suffix);
    }

    private static String query(String k1, String v1, String k2, String v2) {
        StringBuilder q = new StringBuilder();
        for (String[] kv : new String[][] {{k1, v1}, {k2, v2}}) {
            if (kv[0] != null && kv[1] != null && !kv[1].isBlank()) {
                q.append(q.length() == 0 ? '?' : '&').append(kv[0]).append('=')
                        .append(URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
