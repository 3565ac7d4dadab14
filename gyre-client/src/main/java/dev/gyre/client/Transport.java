package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP plumbing every area client shares: building requests, sending them with the token,
 * turning error answers into {@link GyreClientException}s that say what to do. Thread-safe.
 */
final class Transport {

    static final int MAX_ERROR_BODY = 64 * 1024;

    final URI baseUri;
    final String url;
    final String token;
    final Duration requestTimeout;
    final HttpClient http;
    final ObjectMapper json;
    final String userAgent;

    Transport(String url, String token, Duration requestTimeout, HttpClient http, ObjectMapper json, String version) {
        this.url = url;
        this.baseUri = URI.create(url + "/");
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = http;
        this.json = json;
        this.userAgent = "gyre-client/" + version;
    }


    HttpRequest.Builder request(String relative) {
        return HttpRequest.newBuilder(baseUri.resolve(relative))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
    }

    HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object body) {
        try {
            return request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new GyreClientException("Cannot encode the request: " + describe(e), e);
        }
    }

    <T> T sendJson(HttpRequest.Builder request, boolean authenticate, Class<T> type) {
        HttpResponse<byte[]> response = send(request, authenticate, HttpResponse.BodyHandlers.ofByteArray());
        checkStatus(response);
        try {
            T value = json.readValue(response.body(), type);
            if (value == null) {
                throw new GyreClientException(response.statusCode(), null, "The platform at " + url
                        + " sent an empty answer to " + response.request().method() + " " + response.request().uri().getPath() + ".", null, null);
            }
            return value;
        } catch (IOException e) {
            throw new GyreClientException(response.statusCode(), null, "The answer of " + url + " is not what a Gyre platform sends ("
                    + describe(e) + "). Is --url / GYRE_URL pointing at a Gyre platform?", null, e);
        }
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, boolean authenticate, HttpResponse.BodyHandler<T> handler) {
        if (authenticate && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), handler);
        } catch (HttpConnectTimeoutException e) {
            throw GyreClientException.unreachable(url, e);
        } catch (HttpTimeoutException e) {
            throw new GyreClientException("The Gyre platform at " + url + " did not answer in time (" + requestTimeout.toSeconds()
                    + " s). It may be overloaded; try again, or check its logs.", e);
        } catch (IOException e) {
            if (isUnreachable(e)) {
                throw GyreClientException.unreachable(url, e);
            }
            if (e.getCause() instanceof UncheckedIOException unchecked) {
                throw new GyreClientException("Cannot read the data to upload: " + describe(unchecked.getCause()) + ".", unchecked);
            }
            throw new GyreClientException("The request to the Gyre platform at " + url + " failed: " + describe(e) + ".", e);
        } catch (UncheckedIOException e) {
            throw new GyreClientException("Cannot read the data to upload: " + describe(e.getCause()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GyreClientException("Interrupted while talking to the Gyre platform at " + url + ".", e);
        }
    }

    static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    void checkStatus(HttpResponse<byte[]> response) {
        if (response.statusCode() >= 300) {
            throw errorFrom(response.statusCode(), response.body(), response.headers().firstValue("X-Request-Id").orElse(null));
        }
    }

    GyreClientException errorFrom(int status, byte[] body, String requestIdHeader) {
        String errorCode = null;
        String message = null;
        String requestId = requestIdHeader;
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node != null && node.isObject()) {
                errorCode = textOrNull(node.get("error_code"));
                message = textOrNull(node.get("message"));
                String fromBody = textOrNull(node.get("request_id"));
                if (fromBody != null) {
                    requestId = fromBody;
                }
            }
        } catch (IOException notJson) {
            // not a Gyre error document; described below
        }
        if (message == null || message.isBlank()) {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
            message = "The platform at " + url + " answered HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " "))
                    + (errorCode == null ? ". Is --url / GYRE_URL pointing at a Gyre platform?" : "");
        }
        return new GyreClientException(status, errorCode, message, requestId, null);
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    <T> List<T> convertList(JsonNode node, TypeReference<List<T>> type) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return List.copyOf(json.convertValue(node, type));
    }

    static byte[] readLimited(InputStream in) {
        try (in) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static String segment(String value) {
        Objects.requireNonNull(value, "value");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        Objects.requireNonNull(value, "value");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Counts, hashes and reports the bytes of an upload as the HTTP client reads them. */
    static final class CountingInputStream extends FilterInputStream {
        final MessageDigest digest;
        final long total;
        final TransferListener listener;
        long done;

        CountingInputStream(InputStream in, MessageDigest digest, long total, TransferListener listener) {
            super(in);
            this.digest = digest;
            this.total = total;
            this.listener = listener;
            digest.reset();
            listener.progress(0, total);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                advance(n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0;
        }

        void advance(int n) {
            done += n;
            listener.progress(done, total);
        }
    }

}
