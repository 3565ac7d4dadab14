package dev.gyre.server;

import dev.gyre.server.config.ConfigLoader;
import dev.gyre.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real platform on a free port with its own home folder, and a small HTTP client for tests. */
final class TestPlatform implements AutoCloseable {

    final GyreServer server;
    final String adminToken;
    final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestPlatform(GyreServer server, Path home) throws IOException {
        this.server = server;
        this.home = home;
        // null when the platform's stores already had users (no bootstrap token was written)
        this.adminToken = Files.exists(server.adminTokenFile()) ? Files.readString(server.adminTokenFile()).trim() : null;
    }

    static TestPlatform start(Path home) throws IOException {
        return start(home, Map.of());
    }

    static TestPlatform start(Path home, Map<String, String> extraFlags) throws IOException {
        Map<String, String> flags = new HashMap<>(extraFlags);
        flags.put("home", home.toString());
        flags.put("port", "0");
        ServerConfig config = ConfigLoader.load(flags, Map.of());
        return new TestPlatform(GyreServer.start(config), home);
    }

    /** A response read as text. */
    record Reply(int status, String body, HttpResponse<?> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply send(String method, String path, String token, String body) {
        return send(method, path, token, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), Map.of());
    }

    Reply send(String method, String path, String token, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, body);
        if (token != null) {
            request.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<InputStream> stream(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, String json) {
        return send("POST", path, token, HttpRequest.BodyPublishers.ofString(json), Map.of("Content-Type", "application/json"));
    }

    /** Creates a user with the role and returns a token for it. */
    String userWithRole(String username, String role) {
        Reply created = post("/api/v1/users", adminToken, "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("could not create user: " + created.body());
        }
        Reply token = post("/api/v1/tokens", adminToken, "{\"username\":\"" + username + "\",\"name\":\"test\"}");
        if (token.status() != 201) {
            throw new IllegalStateException("could not create token: " + token.body());
        }
        return Json.field(token.body(), "token");
    }

    @Override
    public void close() {
        server.close();
    }
}
