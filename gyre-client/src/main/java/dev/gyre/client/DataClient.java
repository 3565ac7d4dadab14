package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The data stage of a project: content-addressed blobs, data set versions with their schema, profile,
 * lineage and validation, cleaning, splits and labelling. Obtained with {@link GyreClient#data()};
 * immutable and thread-safe.
 *
 * <p>Adding a version takes three calls, so that bytes the platform has are never sent again: hash the
 * file (or every file of a folder and its manifest), ask {@link #missingBlobs} which of those hashes the
 * platform lacks, {@link #uploadBlob} only those, then {@link #createVersion}. Versions are named by
 * <em>refs</em>, {@code NAME@N} or {@code NAME@latest}.
 *
 * <p>Every method throws {@link GyreClientException} when the platform refuses (400 bad input, 403 a role
 * or a sealed split, 404 an unknown project, data set, version or task, 409 a conflict) or cannot be
 * reached; the message says what to do.
 */
public final class DataClient {

    /** The most hashes one {@code blobs/missing} request may carry; {@link #missingBlobs} sends batches. */
    public static final int MISSING_BATCH = 10_000;
    /** How long a call that works over a whole version (add, validate, clean, split, finish a task) may take. */
    public static final java.time.Duration LONG_WORK = java.time.Duration.ofHours(1);

    private final Transport transport;
    private final ContentTransfer transfer;

    DataClient(Transport transport) {
        this.transport = transport;
        this.transfer = new ContentTransfer(transport);
    }

    // ---------------------------------------------------------------- blobs

    /**
     * Which of these SHA-256 hashes the project's platform has no blob for.
     *
     * @param sha256s lower-case hex SHA-256 hashes, any number (sent in batches of {@value #MISSING_BATCH})
     * @return the missing ones, in the order given, each once
     */
    public List<String> missingBlobs(String project, Collection<String> sha256s) {
        List<String> all = List.copyOf(new LinkedHashSet<>(sha256s));
        List<String> missing = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MISSING_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + MISSING_BATCH));
            JsonNode answer = transport.sendJson(transport.withJson(request(project, "data/blobs/missing"), "POST",
                    Map.of("sha256", batch)), true, JsonNode.class);
            missing.addAll(transport.convertList(answer.path("missing"), new TypeReference<List<String>>() { }));
        }
        return missing;
    }

    /**
     * Uploads a file as the blob {@code sha256}, streaming it and reporting progress to {@code listener}.
     * The bytes are hashed as they are sent; the platform refuses a body whose SHA-256 is not the name.
     *
     * @throws GyreClientException if the file changed since it was hashed (then hash it again), or the
     *                             platform refused it (e.g. over its {@code max_upload_bytes})
     */
    public BlobUpload uploadBlob(String project, String sha256, Path file, TransferListener listener) {
        ContentTransfer.Sent<BlobUpload> sent;
        try {
            sent = transfer.putFile(blobPath(project, sha256), file, listener, BlobUpload.class);
        } catch (GyreClientException e) {
            if (e.status() == 400 && !sha256.equalsIgnoreCase(ContentTransfer.sha256Of(file))) {
                throw changedSinceHashed(file, e);
            }
            throw e;
        }
        return checked(sent, sha256, file.toString());
    }

    /** Uploads bytes held in memory (such as a folder manifest) as the blob {@code sha256}. */
    public BlobUpload uploadBlob(String project, String sha256, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return checked(transfer.putBytes(blobPath(project, sha256), bytes, BlobUpload.class), sha256, "the blob");
    }

    private static BlobUpload checked(ContentTransfer.Sent<BlobUpload> sent, String sha256, String what) {
        if (!sent.sentSha256().equalsIgnoreCase(sha256) || !sha256.equalsIgnoreCase(sent.answer().sha256())) {
            throw new GyreClientException("The upload of " + what + " does not hash to " + sha256 + " (sent "
                    + sent.sentSha256() + ", stored " + sent.answer().sha256() + "): it changed since it was hashed"
                    + " or was corrupted on the way. Hash it again and upload it again.", null);
        }
        return sent.answer();
    }

    private static GyreClientException changedSinceHashed(Path file, GyreClientException cause) {
        return new GyreClientException(400, cause.errorCode(), file + " changed since it was hashed, so its bytes no"
                + " longer match their name; run the command again once the file no longer changes.",
                cause.requestId(), cause);
    }

    private String blobPath(String project, String sha256) {
        return projectPath(project, "data/blobs/" + Transport.segment(Objects.requireNonNull(sha256, "sha256")));
    }

    // ---------------------------------------------------------------- versions

    /**
     * Creates a version of the data set {@code name} from a blob already on the platform. The platform
     * reads it once (parses it with the ingest options, infers the schema, builds the profile); bad input is
     * refused with 400 naming the line and the fix, and no version is made. Content the data set already
     * has answers the existing version with {@link CreatedDataVersion#created()} {@code false}, reading nothing.
     */
    public CreatedDataVersion createVersion(String project, String name, NewDataVersion version) {
        Objects.requireNonNull(version, "version");
        return transport.sendJson(transport.withJson(longRequest(project, "datasets/" + Transport.segment(name)
                + "/versions"), "POST", version), true, CreatedDataVersion.class);
    }

    /** The project's data sets, with their number of versions and latest version. */
    public List<DataSetSummary> listDataSets(String project) {
        JsonNode answer = transport.sendJson(request(project, "datasets").GET(), true, JsonNode.class);
        return transport.convertList(answer.path("datasets"), new TypeReference<List<DataSetSummary>>() { });
    }

    /** The versions of a data set, newest first (without profiles). */
    public List<DataVersion> listVersions(String project, String name) {
        JsonNode answer = transport.sendJson(request(project, "datasets/" + Transport.segment(name) + "/versions")
                .GET(), true, JsonNode.class);
        List<DataVersion> versions = new ArrayList<>(transport.convertList(answer.path("versions"),
                new TypeReference<List<DataVersion>>() { }));
        versions.sort(Comparator.comparingInt(DataVersion::version).reversed());
        return List.copyOf(versions);
    }

    /** One version with its profile summary; {@code ref} is {@code NAME@N} or {@code NAME@latest}. */
    public DataVersion getVersion(String project, String ref) {
        return transport.sendJson(request(project, versionPath(ref, "")).GET(), true, DataVersion.class);
    }

    /** The versions {@code ref} was made from, directly or through further steps, and the links between them. */
    public DataLineage lineage(String project, String ref) {
        return transport.sendJson(request(project, versionPath(ref, "/lineage")).GET(), true, DataLineage.class);
    }

    /**
     * Downloads a version's bytes into {@code target}, checked against the platform's SHA-256, through a
     * temporary file renamed into place (a failed download leaves nothing behind).
     *
     * @param purpose why it is read: {@code exploration} ({@code null}), {@code training},
     *                {@code feature_fitting} or {@code validation}. A sealed test split is refused (403) unless
     *                the purpose is {@code validation}; such reads are logged
     * @param path    for a folder version, the file to fetch; {@code null} fetches a file version, or a
     *                folder's manifest JSON
     */
    public DataDownload download(String project, String ref, String purpose, String path, Path target,
                                 TransferListener listener) {
        return transfer.getToFile(contentPath(project, ref, purpose, path), target, listener, describe(ref, path));
    }

    /** Like {@link #download(String, String, String, String, Path, TransferListener)}, into a stream (not closed). */
    public DataDownload download(String project, String ref, String purpose, String path, OutputStream out,
                                 TransferListener listener) {
        return transfer.getToStream(contentPath(project, ref, purpose, path), out, listener, describe(ref, path));
    }

    private String contentPath(String project, String ref, String purpose, String path) {
        List<String> params = new ArrayList<>();
        if (purpose != null) {
            params.add("purpose=" + Transport.query(purpose));
        }
        if (path != null) {
            params.add("path=" + Transport.query(path));
        }
        return projectPath(project, versionPath(ref, "/content") + (params.isEmpty() ? "" : "?" + String.join("&", params)));
    }

    private static String describe(String ref, String path) {
        return path == null ? ref : ref + " (" + path + ")";
    }

    /** How the profiles of {@code a} and {@code b} differ, with the platform's readable rendering. */
    public DataDiff diff(String project, String a, String b) {
        JsonNode answer = transport.sendJson(request(project, "data/diff?a=" + Transport.query(a) + "&b="
                + Transport.query(b)).GET(), true, JsonNode.class);
        return new DataDiff(Transport.textOrNull(answer.get("text")), answer);
    }

    // ---------------------------------------------------------------- validation

    /** An expectation suite (YAML) proposed from the version's profile, for a person to review and edit. */
    public String suggest(String project, String ref) {
        return text(request(project, versionPath(ref, "/suggest")).setHeader("Accept", "application/yaml, text/yaml, */*")
                .GET());
    }

    /**
     * Validates a version against an expectation suite; the version is marked {@code validated} or
     * {@code failed} and the report kept.
     *
     * @param suiteYaml the suite, as YAML
     */
    public DataValidationReport validate(String project, String ref, String suiteYaml) {
        Objects.requireNonNull(suiteYaml, "suiteYaml");
        HttpRequest.Builder request = longRequest(project, versionPath(ref, "/validate"))
                .header("Content-Type", "application/yaml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(suiteYaml, StandardCharsets.UTF_8));
        return transport.sendJson(request, true, DataValidationReport.class);
    }

    /** The version's last validation report. */
    public DataValidationReport validation(String project, String ref) {
        return transport.sendJson(request(project, versionPath(ref, "/validation")).GET(), true,
                DataValidationReport.class);
    }

    /** The version's last validation report as one self-contained HTML page. */
    public String validationHtml(String project, String ref) {
        return text(request(project, versionPath(ref, "/validation?format=html")).setHeader("Accept", "text/html")
                .GET());
    }

    /**
     * Records that a person accepts a {@code failed} version for training anyway, with a reason (kept in the
     * audit log); answers the recorded override.
     */
    public JsonNode override(String project, String ref, String reason) {
        return transport.sendJson(transport.withJson(request(project, versionPath(ref, "/override")), "POST",
                Map.of("reason", Objects.requireNonNull(reason, "reason"))), true, JsonNode.class);
    }

    // ---------------------------------------------------------------- cleaning and splits

    /**
     * Applies a clean spec (YAML) to a version, making a new version with the source as parent.
     *
     * @param targetName the data set of the new version, or {@code null} for the source's
     */
    public DataCleanResult clean(String project, String ref, String specYaml, String targetName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", Objects.requireNonNull(specYaml, "specYaml"));
        if (targetName != null) {
            body.put("name", targetName);
        }
        return transport.sendJson(transport.withJson(longRequest(project, versionPath(ref, "/clean")), "POST", body), true,
                DataCleanResult.class);
    }

    /**
     * Splits a version into new versions of {@code NAME-train}, {@code NAME-validation} and {@code NAME-test}.
     * The test split is sealed: only the purpose {@code validation} may read it.
     */
    public DataSplitResult split(String project, String ref, DataSplitRequest split) {
        Objects.requireNonNull(split, "split");
        return transport.sendJson(transport.withJson(longRequest(project, versionPath(ref, "/split")), "POST", split), true,
                DataSplitResult.class);
    }

    // ---------------------------------------------------------------- labelling

    /** Creates a labelling task over rows of a version; answers the task. */
    public JsonNode createLabelTask(String project, NewLabelTask task) {
        return transport.sendJson(transport.withJson(request(project, "label-tasks"), "POST",
                Objects.requireNonNull(task, "task")), true, JsonNode.class);
    }

    /** The project's labelling tasks. */
    public List<JsonNode> listLabelTasks(String project) {
        JsonNode answer = transport.sendJson(request(project, "label-tasks").GET(), true, JsonNode.class);
        return transport.convertList(answer.path("tasks"), new TypeReference<List<JsonNode>>() { });
    }

    /** One task with its annotators' agreement. */
    public JsonNode getLabelTask(String project, long taskId) {
        return transport.sendJson(request(project, "label-tasks/" + taskId).GET(), true, JsonNode.class);
    }

    /** Assigns a task to a user, who must be an {@code sme} or {@code admin} of the project. */
    public JsonNode assignLabelTask(String project, long taskId, String username) {
        return transport.sendJson(transport.withJson(request(project, "label-tasks/" + taskId + "/assignees"), "POST",
                Map.of("username", Objects.requireNonNull(username, "username"))), true, JsonNode.class);
    }

    /**
     * Your items of a task, unlabelled first, each with its row's values.
     *
     * @param offset items to skip, or {@code null}
     * @param limit  page size, or {@code null} for the platform's default
     */
    public JsonNode labelItems(String project, long taskId, Integer offset, Integer limit) {
        List<String> params = new ArrayList<>();
        if (offset != null) {
            params.add("offset=" + offset);
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        return transport.sendJson(request(project, "label-tasks/" + taskId + "/items"
                + (params.isEmpty() ? "" : "?" + String.join("&", params))).GET(), true, JsonNode.class);
    }

    /** Gives (or changes) your label of one row; answers your annotation. */
    public JsonNode label(String project, long taskId, int row, String label) {
        return transport.sendJson(transport.withJson(request(project, "label-tasks/" + taskId + "/items/" + row
                + "/label"), "PUT", Map.of("label", Objects.requireNonNull(label, "label"))), true, JsonNode.class);
    }

    /**
     * Reviews the labels of one row.
     *
     * @param label   the final label when correcting, or {@code null}
     * @param comment why, or {@code null} (needed when rejecting)
     */
    public JsonNode review(String project, long taskId, int row, boolean accepted, String label, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted);
        if (label != null) {
            body.put("label", label);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        return transport.sendJson(transport.withJson(request(project, "label-tasks/" + taskId + "/items/" + row
                + "/review"), "POST", body), true, JsonNode.class);
    }

    /**
     * Closes a task and makes a new version: the source rows with the label column set from the final labels.
     *
     * @param targetName the data set of the new version, or {@code null} for the source's
     */
    public DataVersion finishLabelTask(String project, long taskId, String targetName) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (targetName != null) {
            body.put("name", targetName);
        }
        JsonNode answer = transport.sendJson(transport.withJson(longRequest(project, "label-tasks/" + taskId + "/finish"),
                "POST", body), true, JsonNode.class);
        return transport.json.convertValue(answer.path("version"), DataVersion.class);
    }

    // ---------------------------------------------------------------- plumbing

    private HttpRequest.Builder request(String project, String relative) {
        return transport.request(projectPath(project, relative));
    }

    /**
     * A request for work the platform does over a whole version (parsing and profiling, validating, cleaning,
     * splitting, labelling into a version): it may take minutes for a large file, so it waits up to
     * {@link #LONG_WORK}.
     */
    private HttpRequest.Builder longRequest(String project, String relative) {
        return request(project, relative).timeout(LONG_WORK);
    }

    private static String projectPath(String project, String relative) {
        return "api/v1/projects/" + Transport.segment(Objects.requireNonNull(project, "project")) + "/" + relative;
    }

    private static String versionPath(String ref, String suffix) {
        return "data/versions/" + Transport.segment(Objects.requireNonNull(ref, "ref")) + suffix;
    }

    private String text(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = transport.send(request, true, HttpResponse.BodyHandlers.ofByteArray());
        transport.checkStatus(response);
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
