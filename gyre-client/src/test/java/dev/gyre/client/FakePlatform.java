package dev.gyre.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP server standing in for the platform: canned answers per "METHOD /path", requests recorded. */
final class FakePlatform implements AutoCloseable {

    record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    interface Handler {
        void handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    final List<Recorded> requests = new CopyOnWriteArrayList<>();

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Handler handler = handlers.get(exchange.getRequestMethod() + " " + path);
            try {
                if (handler == null) {
                    respond(exchange, 404, "{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"no such route\"}");
                } else {
                    handler.handle(exchange, body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakePlatform on(String methodAndPath, int status, String json) {
        handlers.put(methodAndPath, (exchange, body) -> respond(exchange, status, json));
        return this;
    }

    FakePlatform on(String methodAndPath, Handler handler) {
        handlers.put(methodAndPath, handler);
        return this;
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
