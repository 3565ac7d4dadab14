package dev.gyre.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real platform on a free port with its own home folder, spoken to the way MLflow's clients do:
 * GET parameters in the query string, a JSON body on every other method, the admin's token as
 * {@code Authorization: Bearer}.
 */
final class MlflowServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/api/2.0/mlflow";

    private static final AtomicInteger NAMES = new AtomicInteger();

    final GyreServer server;
    final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MlflowServer(GyreServer server) throws IOException {
        this.server = server;
        this.token = Files.readString(server.adminTokenFile()).trim();
    }

    static MlflowServer start(Path home) throws IOException {
        return start(home, Map.of());
    }

    /** A server with more configuration flags, e.g. {@code max_upload_bytes}. */
    static MlflowServer start(Path home, Map<String, String> moreFlags) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("home", home.toString());
        flags.put("port", "0");
        flags.putAll(moreFlags);
        return new MlflowServer(GyreServer.start(ConfigLoader.load(flags, Map.of())));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A name no other call in this JVM gets. */
    static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /** An answer: the status, the raw body, and the body as JSON when it parses as such (else {@code null}). */
    record Answer(int status, String body, JsonNode json, String contentType) {

        String text(String field) {
            JsonNode node = json == null ? null : json.at("/" + field.replace('.', '/'));
            return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    Answer get(String path, Map<String, String> query) {
        return send("GET", path + query(query), (JsonNode) null, Map.of());
    }

    Answer post(String path, JsonNode body) {
        return send("POST", path, body, Map.of());
    }

    Answer post(String path, String json) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    /** GET with {@code params} in the query string; any other method with {@code params} as its JSON body. */
    Answer call(String method, String path, JsonNode params) {
        if (method.equalsIgnoreCase("GET")) {
            Map<String, String> query = new LinkedHashMap<>();
            if (params != null) {
                params.fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
            }
            return get(path, query);
        }
        return send(method, path, params == null ? JSON.createObjectNode() : params, Map.of());
    }

    Answer send(String method, String path, JsonNode body, Map<String, String> headers) {
        if (body == null) {
            return send(method, path, HttpRequest.BodyPublishers.noBody(), headers);
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        try {
            return send(method, path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8), all);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Answer send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body)
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answer(response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request whose path goes on the wire exactly as written, without any client-side normalisation. */
    Answer raw(String method, String rawPath, byte[] body) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(server.port()).append("\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/octet-stream\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String headers = end < 0 ? response : response.substring(0, end);
            String content = end < 0 ? "" : response.substring(end + 4);
            int status = Integer.parseInt(headers.split(" ", 3)[1]);
            String contentType = null;
            boolean chunked = false;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                content = dechunk(content);
            }
            return new Answer(status, content, parse(content), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + rawPath + " failed", e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static Answer answer(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse(null);
        return new Answer(response.statusCode(), response.body(), parse(response.body()), type);
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String query(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    static ObjectNode object(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }

    // ---- fixtures made through the MLflow API itself

    private Answer ok(Answer answer, String what) {
        if (answer.status() != 200) {
            throw new IllegalStateException(what + " answered " + answer);
        }
        return answer;
    }

    String createExperiment(String name) {
        return ok(post(API + "/experiments/create", object("name", name)), "experiments/create").text("experiment_id");
    }

    /** Creates a run and returns its {@code run.info} as JSON. */
    JsonNode createRun(String experimentId) {
        return ok(post(API + "/runs/create", object("experiment_id", experimentId, "run_name", unique("run"),
                "start_time", System.currentTimeMillis())), "runs/create").json().path("run").path("info");
    }

    void createModel(String name) {
        ok(post(API + "/registered-models/create", object("name", name)), "registered-models/create");
    }

    String createVersion(String model, String runId) {
        return ok(post(API + "/model-versions/create", object("name", model, "source", "runs:/" + runId + "/model",
                "run_id", runId)), "model-versions/create").text("model_version.version");
    }

    @Override
    public void close() {
        server.close();
    }
}
