package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
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

    private final String url;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Transport transport;
    private final DataClient data;
    private final TrainingClient training;
    private final PredictionLogClient predictionLogs;
    private final MonitoringClient monitoring;
    private final PipelinesClient pipelines;
    private final DeploymentsClient deployments;

    private GyreClient(Builder builder) {
        this.url = normaliseUrl(builder.url);
        this.token = builder.token == null || builder.token.isBlank() ? null : builder.token.strip();
        this.requestTimeout = builder.requestTimeout;
        if (builder.httpClient != null) {
            this.http = builder.httpClient;
        } else {
            HttpClient.Builder http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(builder.connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (url.startsWith("http://")) {
                // a plain-HTTP platform never needs TLS (redirects are not followed): skip loading the default
                // trust store, a noticeable part of every short command's start-up
                http.sslContext(noTls());
            }
            this.http = http.build();
        }
        this.json = newObjectMapper();
        this.transport = new Transport(url, token, requestTimeout, http, json, VERSION);
        this.data = new DataClient(transport);
        this.training = new TrainingClient(transport);
        this.predictionLogs = new PredictionLogClient(transport);
        this.monitoring = new MonitoringClient(transport);
        this.pipelines = new PipelinesClient(transport);
        this.deployments = new DeploymentsClient(transport);
    }

    private static javax.net.ssl.SSLContext noTls() {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[0], null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java platform", e);
        }
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

    /** The data stage of projects: blobs, data set versions, validation, cleaning, splits and labelling. */
    public DataClient data() {
        return data;
    }

    /** Training jobs: a training spec searched over a train split on the platform, followed while it runs. */
    public TrainingClient training() {
        return training;
    }

    /** Prediction log segments of standalone servers, shipped to the platform for monitoring. */
    public PredictionLogClient predictionLogs() {
        return predictionLogs;
    }

    /** Monitoring of deployments: status, drift reports, alerts. */
    public MonitoringClient monitoring() {
        return monitoring;
    }

    /** Lifecycle pipelines: runs, approvals, resumes, stored pipelines and their triggers. */
    public PipelinesClient pipelines() {
        return pipelines;
    }

    /** Deployments: models served by name, following an alias or fixed at a version, with canary and rollback. */
    public DeploymentsClient deployments() {
        return deployments;
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
                new Transport.CountingInputStream(source.get(), digest, length, progress);
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

    // ---------------------------------------------------------------- projects, charters, members, audit

    /** Creates a project; you become its admin. {@code description} may be {@code null}. */
    public Project createProject(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        return sendJson(withJson(request("api/v1/projects"), "POST", body), true, Project.class);
    }

    /** The projects you may see, by name (all of them for platform admins); without members. */
    public List<Project> listProjects() {
        JsonNode body = sendJson(request("api/v1/projects").GET(), true, JsonNode.class);
        return convertList(body.path("projects"), new TypeReference<List<Project>>() { });
    }

    /** A project with its members and latest charter version. */
    public Project getProject(String name) {
        return sendJson(request("api/v1/projects/" + segment(name)).GET(), true, Project.class);
    }

    /**
     * Writes a charter document as the project's next version; a document meaning the same as the
     * latest version answers that version unchanged.
     *
     * @param format {@code yaml} or {@code json}
     * @throws GyreClientException with status 400 and the field path when the charter is not valid
     */
    public Charter putCharter(String project, String document, String format) {
        String type = switch (format == null ? "" : format.strip().toLowerCase(Locale.ROOT)) {
            case "yaml", "yml" -> "application/yaml";
            case "json" -> "application/json";
            default -> throw new GyreClientException("Unknown charter format '" + format + "'; use yaml or json.", null);
        };
        HttpRequest.Builder request = request("api/v1/projects/" + segment(project) + "/charter")
                .header("Content-Type", type + "; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8));
        return sendJson(request, true, Charter.class);
    }

    /** Writes the charter in {@code file}: YAML for {@code .yaml}/{@code .yml}, JSON for {@code .json}. */
    public Charter putCharter(String project, Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        if (!List.of("yaml", "yml", "json").contains(extension.toLowerCase(Locale.ROOT))) {
            throw new GyreClientException("Cannot tell the format of " + file + " from its name: use a .yaml, .yml or"
                    + " .json file.", null);
        }
        try {
            return putCharter(project, Files.readString(file, StandardCharsets.UTF_8), extension);
        } catch (IOException e) {
            throw new GyreClientException("Cannot read " + file + ": " + describe(e) + ".", e);
        }
    }

    /** The project's latest charter, or version {@code version} when it is not {@code null}. */
    public Charter getCharter(String project, Integer version) {
        String path = "api/v1/projects/" + segment(project) + "/charter" + (version == null ? "" : "?version=" + version);
        return sendJson(request(path).GET(), true, Charter.class);
    }

    /** The versions of the project's charter, oldest first, without their documents. */
    public List<Charter> charterVersions(String project) {
        JsonNode body = sendJson(request("api/v1/projects/" + segment(project) + "/charter/versions").GET(), true,
                JsonNode.class);
        return convertList(body.path("versions"), new TypeReference<List<Charter>>() { });
    }

    /** The members of a project, by user name. */
    public List<ProjectMember> listMembers(String project) {
        JsonNode body = sendJson(request("api/v1/projects/" + segment(project) + "/members").GET(), true, JsonNode.class);
        return convertList(body.path("members"), new TypeReference<List<ProjectMember>>() { });
    }

    /** Adds a user to a project with a project role (project admins only). */
    public ProjectMember addMember(String project, String username, String role) {
        return sendJson(withJson(request("api/v1/projects/" + segment(project) + "/members"), "POST",
                Map.of("username", username, "role", role)), true, ProjectMember.class);
    }

    /** Gives a member another project role (project admins only). */
    public ProjectMember updateMember(String project, String username, String role) {
        return sendJson(withJson(request("api/v1/projects/" + segment(project) + "/members/" + segment(username)), "PUT",
                Map.of("role", role)), true, ProjectMember.class);
    }

    /** Removes a member (project admins only); the last admin cannot be removed. */
    public void removeMember(String project, String username) {
        sendNoContent(request("api/v1/projects/" + segment(project) + "/members/" + segment(username)).DELETE());
    }

    /**
     * One page of the project's audit log, oldest first.
     *
     * @param after {@link AuditPage#nextAfter()} of the previous page, or {@code null} from the start
     * @param limit page size, or {@code null} for the platform's default
     */
    public AuditPage audit(String project, Long after, Integer limit) {
        List<String> params = new ArrayList<>();
        if (after != null) {
            params.add("after=" + after);
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        String path = "api/v1/projects/" + segment(project) + "/audit" + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return sendJson(request(path).GET(), true, AuditPage.class);
    }

    // ---------------------------------------------------------------- comments

    /**
     * Comments on a run or model version.
     *
     * @param entityType {@code run} or {@code model_version}
     * @param entityId   the run id, or {@code name/version}
     * @param project    the project, or {@code null} to take the entity's own
     */
    public Comment addComment(String entityType, String entityId, String body, String project) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entity_type", entityType);
        json.put("entity_id", entityId);
        json.put("body", body);
        if (project != null) {
            json.put("project", project);
        }
        return sendJson(withJson(request("api/v1/comments"), "POST", json), true, Comment.class);
    }

    /** The comments on an entity that you may see, oldest first. */
    public List<Comment> listComments(String entityType, String entityId) {
        JsonNode body = sendJson(request("api/v1/comments?entity_type=" + query(entityType) + "&entity_id="
                + query(entityId)).GET(), true, JsonNode.class);
        return convertList(body.path("comments"), new TypeReference<List<Comment>>() { });
    }

    /** Deletes a comment (its author, an admin of its project, or a platform admin). */
    public void deleteComment(long id) {
        sendNoContent(request("api/v1/comments/" + id).DELETE());
    }

    // ---------------------------------------------------------------- models and promotions

    /** Registered models you may see; {@code filter} in MLflow's grammar (e.g. {@code name LIKE 'churn%'}) or {@code null}. */
    public List<Model> listModels(String filter) {
        String path = "api/v1/models" + (filter == null || filter.isBlank() ? "" : "?filter=" + query(filter));
        JsonNode body = sendJson(request(path).GET(), true, JsonNode.class);
        return convertList(body.path("models"), new TypeReference<List<Model>>() { });
    }

    /** Creates a registered model, in {@code project} unless it is {@code null}. */
    public Model createModel(String name, String project, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (project != null) {
            body.put("project", project);
        }
        if (description != null) {
            body.put("description", description);
        }
        return sendJson(withJson(request("api/v1/models"), "POST", body), true, Model.class);
    }

    /** A registered model with its versions and aliases. */
    public Model getModel(String name) {
        return sendJson(request("api/v1/models/" + segment(name)).GET(), true, Model.class);
    }

    /** A model's versions, newest first. */
    public List<ModelVersion> listModelVersions(String name) {
        JsonNode body = sendJson(request("api/v1/models/" + segment(name) + "/versions").GET(), true, JsonNode.class);
        return convertList(body.path("versions"), new TypeReference<List<ModelVersion>>() { });
    }

    /**
     * Points an alias at a version. The production alias is refused (403): it moves only through
     * {@link #requestPromotion} and a second person's {@link #approvePromotion}.
     */
    public ModelVersion setAlias(String name, String alias, int version) {
        return sendJson(withJson(request("api/v1/models/" + segment(name) + "/aliases"), "POST",
                Map.of("alias", alias, "version", version)), true, ModelVersion.class);
    }

    /**
     * Asks for {@code alias} (the project's production alias when {@code null}) to point at a version;
     * someone else with an approving role must approve.
     */
    public Promotion requestPromotion(String name, int version, String alias, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (alias != null) {
            body.put("alias", alias);
        }
        body.put("reason", reason);
        return sendJson(withJson(request("api/v1/models/" + segment(name) + "/promotions"), "POST", body), true,
                Promotion.class);
    }

    /**
     * Validates a version against its project's charter on the sealed test split (stage 5) and records the outcome
     * on the version. Waits for the answer (up to {@link DataClient#LONG_WORK}).
     *
     * @param test          the test split {@code NAME@N}, or {@code null} for the one cut with the training split
     * @param train         the training split, or {@code null} for the one the version's run recorded
     * @param championAlias the alias of the version to beat, or {@code null} for the production alias
     * @param seed          the bootstrap seed, or {@code null}
     * @param resamples     bootstrap resamples per interval, or {@code null} for 1000
     */
    public ModelValidationResult validateModelVersion(String name, int version, String test, String train,
                                                      String championAlias, Long seed, Integer resamples) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "test", test);
        putIfSet(body, "train", train);
        putIfSet(body, "champion_alias", championAlias);
        putIfSet(body, "seed", seed);
        putIfSet(body, "bootstrap_resamples", resamples);
        return sendJson(withJson(request("api/v1/models/" + segment(name) + "/versions/" + version + "/validate")
                .timeout(DataClient.LONG_WORK), "POST", body), true, ModelValidationResult.class);
    }

    /** A version's validations, newest first (without the full reports). */
    public List<ModelValidationResult> listModelValidations(String name, int version) {
        JsonNode body = sendJson(request("api/v1/models/" + segment(name) + "/versions/" + version + "/validations")
                .GET(), true, JsonNode.class);
        return convertList(body.path("validations"), new TypeReference<List<ModelValidationResult>>() { });
    }

    /**
     * The model card of a version's latest validation.
     *
     * @param format {@code html} or {@code md}
     */
    public String modelCard(String name, int version, String format) {
        HttpResponse<byte[]> response = send(request("api/v1/models/" + segment(name) + "/versions/" + version
                + "/card?format=" + query(format)).GET(), true, HttpResponse.BodyHandlers.ofByteArray());
        checkStatus(response);
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The model package written by the latest validation of a version: a zip for {@code gyre-serving}'s
     * {@code ModelPackages.read} (the caller closes the stream).
     *
     * @throws GyreClientException 404 when the version has not been validated yet
     */
    public InputStream modelPackage(String name, int version) {
        HttpResponse<InputStream> response = send(request("api/v1/models/" + segment(name) + "/versions/" + version
                + "/package").timeout(DataClient.LONG_WORK).GET(), true, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            throw errorFrom(response.statusCode(), readLimited(response.body()),
                    response.headers().firstValue("X-Request-Id").orElse(null));
        }
        return response.body();
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            body.put(key, value);
        }
    }

    /** A model's promotion requests, newest first. */
    public List<Promotion> listPromotions(String name) {
        JsonNode body = sendJson(request("api/v1/models/" + segment(name) + "/promotions").GET(), true, JsonNode.class);
        return convertList(body.path("promotions"), new TypeReference<List<Promotion>>() { });
    }

    /** Approves a pending request (not your own): the alias moves in the same transaction. */
    public Promotion approvePromotion(long id, String reason) {
        return decide(id, "approve", reason);
    }

    /** Rejects a pending request (not your own); the alias stays. */
    public Promotion rejectPromotion(long id, String reason) {
        return decide(id, "reject", Objects.requireNonNull(reason, "reason"));
    }

    /** Withdraws your own pending request. */
    public Promotion cancelPromotion(long id) {
        return decide(id, "cancel", null);
    }

    private Promotion decide(long id, String decision, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return sendJson(withJson(request("api/v1/promotions/" + id + "/" + decision), "POST", body), true, Promotion.class);
    }

    // ---------------------------------------------------------------- experiments and runs

    /** The active experiments you may see. */
    public List<Experiment> listExperiments() {
        JsonNode body = sendJson(request("api/v1/experiments").GET(), true, JsonNode.class);
        return convertList(body.path("experiments"), new TypeReference<List<Experiment>>() { });
    }

    /**
     * One page of an experiment's runs.
     *
     * @param filter     MLflow filter such as {@code metrics.rmse < 3}, or {@code null}
     * @param orderBy    e.g. {@code ["metrics.rmse ASC"]}, or empty
     * @param maxResults page size, or {@code null} for the platform's default
     * @param pageToken  {@link RunPage#nextPageToken()} of the previous page, or {@code null}
     */
    public RunPage searchRuns(String experimentId, String filter, List<String> orderBy, Integer maxResults,
                              String pageToken) {
        List<String> params = new ArrayList<>();
        params.add("experiment_id=" + query(experimentId));
        if (filter != null && !filter.isBlank()) {
            params.add("filter=" + query(filter));
        }
        for (String order : orderBy == null ? List.<String>of() : orderBy) {
            params.add("order_by=" + query(order));
        }
        if (maxResults != null) {
            params.add("max_results=" + maxResults);
        }
        if (pageToken != null) {
            params.add("page_token=" + query(pageToken));
        }
        return sendJson(request("api/v1/runs?" + String.join("&", params)).GET(), true, RunPage.class);
    }

    private void sendNoContent(HttpRequest.Builder request) {
        checkStatus(send(request, true, HttpResponse.BodyHandlers.ofByteArray()));
    }

    // ---------------------------------------------------------------- HTTP plumbing (see Transport)

    private HttpRequest.Builder request(String relative) {
        return transport.request(relative);
    }

    private HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object body) {
        return transport.withJson(request, method, body);
    }

    private <T> T sendJson(HttpRequest.Builder request, boolean authenticate, Class<T> type) {
        return transport.sendJson(request, authenticate, type);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, boolean authenticate, HttpResponse.BodyHandler<T> handler) {
        return transport.send(request, authenticate, handler);
    }

    private void checkStatus(HttpResponse<byte[]> response) {
        transport.checkStatus(response);
    }

    private GyreClientException errorFrom(int status, byte[] body, String requestIdHeader) {
        return transport.errorFrom(status, body, requestIdHeader);
    }

    private <T> List<T> convertList(JsonNode node, TypeReference<List<T>> type) {
        return transport.convertList(node, type);
    }

    private static String segment(String value) {
        return Transport.segment(value);
    }

    private static String query(String value) {
        return Transport.query(value);
    }

    private static MessageDigest sha256() {
        return Transport.sha256();
    }

    private static String describe(Throwable e) {
        return Transport.describe(e);
    }

    private static byte[] readLimited(InputStream in) {
        return Transport.readLimited(in);
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
