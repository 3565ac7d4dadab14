package dev.gyre.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers every request with one fixed response that a real Gyre platform never sends: the HTML
 * error page of a proxy in front of it, a download whose bytes do not match the announced SHA-256,
 * or the internal error of a platform that crashed.
 */
public final class MisbehavingServer implements AutoCloseable {

    private final HttpServer server;

    private MisbehavingServer(int status, Map<String, String> headers, byte[] body) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                headers.forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** A proxy whose upstream is gone: {@code 502} with an HTML page. */
    public static MisbehavingServer proxyWithHtmlBadGateway() {
        return new MisbehavingServer(502, Map.of("Content-Type", "text/html"),
                "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8));
    }

    /** A download of {@code bytes} announced with the SHA-256 {@code announcedSha256}. */
    public static MisbehavingServer downloadAnnouncing(String announcedSha256, byte[] bytes) {
        return new MisbehavingServer(200, Map.of("Content-Type", "application/octet-stream", "X-Gyre-Sha256", announcedSha256),
                bytes);
    }

    /** A platform failing with {@code INTERNAL_ERROR}, {@code message} and {@code requestId}. */
    public static MisbehavingServer internalError(String message, String requestId) {
        return new MisbehavingServer(500, Map.of("Content-Type", "application/json"),
                ("{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"" + message + "\",\"request_id\":\"" + requestId + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
