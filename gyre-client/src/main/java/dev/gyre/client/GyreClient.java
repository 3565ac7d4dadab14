package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A client of the Gyre platform's HTTP API: the documented way for JVM code and notebooks to talk
 * to Gyre. Instances are immutable and thread-safe; build one and reuse it.
 *
 * <pre>{@code
 * GyreClient gyre = GyreClient.builder()
 *         .url("http://127.0.0.1:8080")
 *         .token(System.getenv("GYRE_TOKEN"))
 *         .build();
 * System.out.println("Hello " + gyre.whoami().username());
 * }</pre>
 *
 * <p>Every method throws {@link GyreClientException} (unchecked) when the platform answers with an
 * error or cannot be reached; its message says what to do.
 */
public final class GyreClient {

    /** Where a platform started with {@code gyre server} and no options listens. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private static final String VERSION = loadVersion();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI baseUri;
    private final String url;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json;

    private GyreClient(Builder builder) {
        this.url = normaliseUrl(builder.url);
        this.baseUri = URI.create(url + "/");
        this.token = builder.token == null || builder.token.isBlank() ? null : builder.token.strip();
        this.requestTimeout = builder.requestTimeout;
        this.http = builder.httpClient != null ? builder.httpClient : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = newObjectMapper();
    }

    /** Starts building a client; only the URL is usually needed, plus a token for everything but {@link #health()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The version of this client library, e.g. {@code 0.1.0}. */
    public static String version() {
        return VERSION;
    }

    /**
     * A Jackson mapper configured like the client's own: java.time support, ISO-8601 dates,
     * unknown properties ignored. Handy for printing results as JSON.
     */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** The platform's base URL, without a trailing slash. */
    public String url() {
        return url;
    }

    /** Whether this client sends a token. */
    public boolean hasToken() {
        return token != null;
    }

    /** A client for the same platform that authenticates with {@code otherToken}. */
    public GyreClient withToken(String otherToken) {
        return new Builder().url(url).token(otherToken).requestTimeout(requestTimeout).httpClient(http).build();
    }

    // ---------------------------------------------------------------- health and identity

    /** {@code GET /healthz}: whether the platform process is up, and its version. Needs no token. */
    public Health health() {
        return sendJson(request("healthz").GET(), false, Health.class);
    }

    /** {@code GET /readyz}: whether the platform is ready to serve (its stores are reachable). Needs no token. */
    public boolean ready() {
        HttpResponse<byte[]> response = send(request("readyz").GET(), false, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200;
    }

    /** The user this client's token belongs to. */
    public User whoami() {
        return sendJson(request("api/v1/whoami").GET(), true, User.class);
    }

    // ---------------------------------------------------------------- users

    /** All users (admin only). */
    public List<User> listUsers() {
        JsonNode body = sendJson(request("api/v1/users").GET(), true, JsonNode.class);
        return convertList(body.path("users"), new TypeReference<List<User>>() { });
    }

    /** One user by name. */
    public User getUser(String username) {
        return sendJson(request("api/v1/users/" + segment(username)).GET(), true, User.class);
    }

    /**
     * Creates a user (admin only).
     *
     * @param password the initial password, or {@code null} for a user who signs in with tokens only
     */
    public User createUser(String username, String role, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("role", role);
        if (password != null) {
            body.put("password", password);
        }
        return sendJson(withJson(request("api/v1/users"), "POST", body), true, User.class);
    }

    /**
     * Changes a user (admin only). {@code null} arguments are left unchanged.
     *
     * @param role     the new platform role
     * @param password the new password
     * @param disabled {@code true} to disable, {@code false} to enable
     */
    public User updateUser(String username, String role, String password, Boolean disabled) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (role != null) {
            body.put("role", role);
        }
        if (password != null) {
            body.put("password", password);
        }
        if (disabled != null) {
            body.put("disabled", disabled);
        }
        return sendJson(withJson(request("api/v1/users/" + segment(username)), "PATCH", body), true, User.class);
    }

    // ---------------------------------------------------------------- tokens

    /**
     * Creates an API token.
     *
     * @param name          a name to recognise it by, e.g. {@code laptop} or {@code ci}
     * @param expiresInDays days until it expires, {@code null} for never
     * @param forUsername   create it for this user instead of yourself (admin only), or {@code null}
     * @return the token, including its secret, which is never shown again
     */
    public CreatedToken createToken(String name, Integer expiresInDays, String forUsername) {
        return sendJson(withJson(request("api/v1/tokens"), "POST", tokenBody(name, expiresInDays, forUsername)),
                true, CreatedToken.class);
    }

    /**
     * Logs in with a password: creates a token for {@code username} using HTTP Basic
     * authentication. The client's own token, if any, is not used.
     *
     * @param tokenName the name of the new token, e.g. {@code cli@my-laptop}
     * @return the new token; use it with {@link #withToken(String)}
     */
    public CreatedToken login(String username, String password, String tokenName) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = withJson(request("api/v1/tokens"), "POST", tokenBody(tokenName, null, null))
                .header("Authorization", "Basic " + basic);
        return sendJson(request, false, CreatedToken.class);
    }

    /** Your own tokens. */
    public List<TokenInfo> listTokens() {
        return listTokens(null);
    }

    /** The tokens of {@code username} (admin only; {@code null} for your own). */
    public List<TokenInfo> listTokens(String username) {
        String path = "api/v1/tokens" + (username == null ? "" : "?username=" + query(username));
        JsonNode body = sendJson(request(path).GET(), true, JsonNode.class);
        return convertList(body.path("tokens"), new TypeReference<List<TokenInfo>>() { });
    }

    /** Revokes a token (your own, or anyone's for an admin); it stops working at once. */
    public TokenInfo revokeToken(long id) {
        return sendJson(request("api/v1/tokens/" + id).DELETE(), true, TokenInfo.class);
    }

    // ---------------------------------------------------------------- artifacts

    /** Uploads a local file to {@code path} in the artifact store, replacing what was there. */
    public ArtifactInfo putArtifact(String path, Path file) {
        return putArtifact(path, file, TransferListener.NONE);
    }

    /** Uploads a local file, reporting progress to {@code listener}. */
    public ArtifactInfo putArtifact(String path, Path file, TransferListener listener) {
        if (!Files.isRegularFile(file)) {
            throw new GyreClientException(Files.exists(file) ? file + " is not a regular file." : "No file at " + file + ".", null);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new GyreClientException("Cannot read " + file + ": " + describe(e) + ".", e);
        }
        return upload(path, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, size, listener);
    }

    /** Uploads everything {@code content} yields (the stream is read to its end and closed). */
    public ArtifactInfo putArtifact(String path, InputStream content) {
        return putArtifact(path, content, -1, TransferListener.NONE);
    }

    /**
     * Uploads a stream.
     *
     * @param length the number of bytes the stream holds, or {@code -1} if not known
     */
    public ArtifactInfo putArtifact(String path, InputStream content, long length, TransferListener listener) {
        Objects.requireNonNull(content, "content");
        boolean[] opened = {false};
        return upload(path, () -> {
            if (opened[0]) {
                throw new IllegalStateException("an InputStream upload cannot be retried");
            }
            opened[0] = true;
            return content;
        }, length, listener);
    }

    private ArtifactInfo upload(String path, java.util.function.Supplier<InputStream> source, long length,
                                TransferListener listener) {
        MessageDigest digest = sha256();
        TransferListener progress = listener == null ? TransferListener.NONE : listener;
        java.util.function.Supplier<InputStream> counted = () ->
                new CountingInputStream(source.get(), digest, length, progress);
        HttpRequest.BodyPublisher publisher = length >= 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(counted), length)
                : HttpRequest.BodyPublishers.ofInputStream(counted);
        HttpRequest.Builder request = request("api/v1/artifacts/content?path=" + query(path))
                .timeout(Duration.ofDays(1))
                .header("Content-Type", "application/octet-stream")
                .PUT(publisher);
        ArtifactInfo info = sendJson(request, true, ArtifactInfo.class);
        String sent = HexFormat.of().formatHex(digest.digest());
        if (info.sha256() != null && !info.sha256().equalsIgnoreCase(sent)) {
            throw new GyreClientException("The platform stored " + path + " with SHA-256 " + info.sha256()
                    + " but the bytes sent had " + sent + ": the upload was corrupted on the way. Upload it again.", null);
        }
        return info;
    }

    /**
     * Downloads an artifact into {@code target} and checks its SHA-256. Writes a temporary file next
     * to the target first, so a failed download never leaves a partial file behind.
     */
    public ArtifactInfo getArtifact(String path, Path target) {
        return getArtifact(path, target, TransferListener.NONE);
    }

    /** Downloads an artifact into a file, reporting progress to {@code listener}. */
    public ArtifactInfo getArtifact(String path, Path target, TransferListener listener) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp;
        try {
            if (folder != null) {
                Files.createDirectories(folder);
            }
            temp = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new GyreClientException("Cannot write " + target + ": " + describe(e) + ".", e);
        }
        try {
            ArtifactInfo info;
            try (OutputStream out = Files.newOutputStream(temp)) {
                info = getArtifact(path, out, listener);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            return info;
        } catch (IOException e) {
            throw new GyreClientException("Cannot write " + target + ": " + describe(e) + ".", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and can be removed by hand
            }
        }
    }

    /** Streams an artifact into {@code out} (not closed) and checks its SHA-256. */
    public ArtifactInfo getArtifact(String path, OutputStream out) {
        return getArtifact(path, out, TransferListener.NONE);
    }

    /** Streams an artifact into {@code out} (not closed), reporting progress to {@code listener}. */
    public ArtifactInfo getArtifact(String path, OutputStream out, TransferListener listener) {
        HttpRequest.Builder request = request("api/v1/artifacts/content?path=" + query(path))
                .setHeader("Accept", "application/octet-stream, application/json")
                .GET();
        HttpResponse<InputStream> response = send(request, true, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            throw errorFrom(response.statusCode(), readLimited(response.body()), response.headers().firstValue("X-Request-Id").orElse(null));
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = sha256();
        TransferListener progress = listener == null ? TransferListener.NONE : listener;
        long done = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            progress.progress(0, total);
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                progress.progress(done, total);
            }
            out.flush();
        } catch (IOException e) {
            throw new GyreClientException("Download of " + path + " from " + url + " failed after " + done + " bytes: "
                    + describe(e) + ".", e);
        }
        String received = HexFormat.of().formatHex(digest.digest());
        String expected = response.headers().firstValue("X-Gyre-Sha256").orElse(null);
        if (expected != null && !expected.equalsIgnoreCase(received)) {
            throw new GyreClientException("The download of " + path + " is corrupted: expected SHA-256 " + expected
                    + " but received " + received + ". Download it again.", null);
        }
        return new ArtifactInfo(path, done, received, null);
    }

    /** Deletes an artifact. */
    public void deleteArtifact(String path) {
        HttpResponse<byte[]> response = send(request("api/v1/artifacts/content?path=" + query(path)).DELETE(),
                true, HttpResponse.BodyHandlers.ofByteArray());
        checkStatus(response);
    }

    /**
     * One page of artifacts.
     *
     * @param prefix     only paths starting with this, or {@code null} for all
     * @param pageToken  {@link ArtifactPage#nextPageToken()} of the previous page, or {@code null} for the first
     * @param maxResults page size, or {@code null} for the platform's default
     */
    public ArtifactPage listArtifacts(String prefix, String pageToken, Integer maxResults) {
        List<String> params = new ArrayList<>();
        if (prefix != null && !prefix.isEmpty()) {
            params.add("prefix=" + query(prefix));
        }
        if (pageToken != null) {
            params.add("page_token=" + query(pageToken));
        }
        if (maxResults != null) {
            params.add("max_results=" + maxResults);
        }
        String path = "api/v1/artifacts" + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return sendJson(request(path).GET(), true, ArtifactPage.class);
    }

    /** Every artifact under {@code prefix}, following all pages. */
    public List<ArtifactInfo> listAllArtifacts(String prefix) {
        List<ArtifactInfo> all = new ArrayList<>();
        String pageToken = null;
        do {
            ArtifactPage page = listArtifacts(prefix, pageToken, null);
            all.addAll(page.artifacts());
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return all;
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private HttpRequest.Builder request(String relative) {
        return HttpRequest.newBuilder(baseUri.resolve(relative))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "gyre-client/" + VERSION);
    }

    private HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object body) {
        try {
            return request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new GyreClientException("Cannot encode the request: " + describe(e), e);
        }
    }

    private static Map<String, Object> tokenBody(String name, Integer expiresInDays, String forUsername) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        if (expiresInDays != null) {
            body.put("expires_in_days", expiresInDays);
        }
        if (forUsername != null) {
            body.put("username", forUsername);
        }
        return body;
    }

    private <T> T sendJson(HttpRequest.Builder request, boolean authenticate, Class<T> type) {
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

    private <T> HttpResponse<T> send(HttpRequest.Builder request, boolean authenticate, HttpResponse.BodyHandler<T> handler) {
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

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private void checkStatus(HttpResponse<byte[]> response) {
        if (response.statusCode() >= 300) {
            throw errorFrom(response.statusCode(), response.body(), response.headers().firstValue("X-Request-Id").orElse(null));
        }
    }

    private GyreClientException errorFrom(int status, byte[] body, String requestIdHeader) {
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

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private <T> List<T> convertList(JsonNode node, TypeReference<List<T>> type) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return List.copyOf(json.convertValue(node, type));
    }

    private static byte[] readLimited(InputStream in) {
        try (in) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String normaliseUrl(String raw) {
        String value = raw == null || raw.isBlank() ? DEFAULT_URL : raw.strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new GyreClientException("'" + raw + "' is not a valid platform URL; use e.g. " + DEFAULT_URL + ".", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new GyreClientException("'" + raw + "' is not a valid platform URL; use e.g. " + DEFAULT_URL + ".", null);
        }
        return value;
    }

    private static String segment(String value) {
        Objects.requireNonNull(value, "value");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        Objects.requireNonNull(value, "value");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String loadVersion() {
        Properties properties = new Properties();
        try (InputStream in = GyreClient.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        String version = properties.getProperty("version", "");
        return version.isBlank() || version.startsWith("${") ? "unknown" : version;
    }

    /** Counts, hashes and reports the bytes of an upload as the HTTP client reads them. */
    private static final class CountingInputStream extends FilterInputStream {
        private final MessageDigest digest;
        private final long total;
        private final TransferListener listener;
        private long done;

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

        private void advance(int n) {
            done += n;
            listener.progress(done, total);
        }
    }

    /** Builds a {@link GyreClient}. */
    public static final class Builder {
        private String url = DEFAULT_URL;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private HttpClient httpClient;

        private Builder() {
        }

        /** The platform's base URL, e.g. {@code http://127.0.0.1:8080}; {@link #DEFAULT_URL} if not set. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The API token sent as {@code Authorization: Bearer …}; {@code null} for none. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** How long to wait for a connection (10 s by default). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for an answer to an API call (60 s by default; uploads wait as long as they need). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** Uses this HTTP client instead of a new one (its connect timeout then applies). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws GyreClientException if the URL is not an {@code http(s)://host[:port]} URL
         */
        public GyreClient build() {
            return new GyreClient(this);
        }
    }
}
