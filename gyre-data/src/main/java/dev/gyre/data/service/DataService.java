package dev.gyre.data.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.data.TableStream;
import dev.gyre.data.ingest.IngestFormat;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.ProfileDiff;
import dev.gyre.data.profile.Profiler;
import dev.gyre.data.validate.SuiteParser;
import dev.gyre.data.validate.SuiteSuggester;
import dev.gyre.data.validate.ValidationReport;
import dev.gyre.data.validate.Validator;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.CreatedVersion;
import dev.gyre.data.version.DataSet;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.DataVersionService;
import dev.gyre.data.version.DirectoryManifest;
import dev.gyre.data.version.Lineage;
import dev.gyre.data.version.NewVersion;
import dev.gyre.data.version.ReadGrant;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.ValidationOverride;
import dev.gyre.data.version.VersionKind;
import dev.gyre.data.version.VersionStatus;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The data stage's service: adding versions (parsed and profiled once, when added), reading them under the
 * sealed-split rule, diffing, suggesting and running expectation suites. The steps that derive versions
 * (clean, split, label) are in {@link DataSteps}.
 *
 * <p>Permissions: reads need {@link Permission#READ} in the project, writes {@link Permission#WRITE_DATA}
 * (checked by {@link DataVersionService} and here). Thread-safe.
 */
public final class DataService {

    /** The largest folder manifest read into memory, as in {@link DataVersionService#MAX_MANIFEST_BYTES}. */
    private static final long MAX_MANIFEST_BYTES = DataVersionService.MAX_MANIFEST_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataVersionService versions;
    private final BlobStore blobs;
    private final ProjectService projects;
    private final TableIo io;

    /**
     * @param scratch         a folder for temporary files (Parquet staging, tables being written)
     * @param maxRowsInMemory the most rows a step that needs the whole table (clean, split, label) loads
     */
    public DataService(DataVersionService versions, BlobStore blobs, ProjectService projects,
                       java.nio.file.Path scratch, long maxRowsInMemory) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.io = new TableIo(blobs, scratch, maxRowsInMemory);
    }

    DataVersionService versionService() {
        return versions;
    }

    BlobStore blobs() {
        return blobs;
    }

    TableIo io() {
        return io;
    }

    // ---------------------------------------------------------------------------------------- blobs

    /** Which of the blobs the store lacks, in the order given. Needs READ in the project. */
    public Set<String> missingBlobs(String project, Collection<String> sha256s, User actor) {
        require(project, actor, Permission.READ);
        if (sha256s.size() > 10_000) {
            throw new GyreException.InvalidArgument("Ask about at most 10 000 blobs at a time; got " + sha256s.size() + ".");
        }
        return blobs.missing(sha256s);
    }

    /**
     * Stores a blob under its SHA-256, checking the bytes; content the store has is not read again.
     *
     * @throws GyreException.InvalidArgument when the bytes do not have that SHA-256 (nothing is kept)
     */
    public BlobStore.PutResult putBlob(String project, String sha256, InputStream content, long size, User actor) {
        require(project, actor, Permission.WRITE_DATA);
        return blobs.put(sha256, content, size);
    }

    // ---------------------------------------------------------------------------------------- adding

    /**
     * What a client asks to add: a blob it uploaded (a file, or a folder's manifest) and how to read it.
     *
     * @param format  csv, jsonl, parquet (tabular: parsed and profiled), any other name (kept as opaque
     *                bytes), or {@code null} to take it from the source's extension
     * @param parents refs of the versions this one was made from
     * @param options how to parse a tabular file ({@code null}: defaults)
     */
    public record AddRequest(VersionKind kind, String sha256, long size, String format, String sourceUri,
                             List<String> parents, String step, IngestOptions options) {
        public AddRequest {
            Objects.requireNonNull(kind, "kind");
            parents = parents == null ? List.of() : List.copyOf(parents);
            options = options == null ? IngestOptions.defaults() : options;
        }
    }

    /**
     * Adds a version of {@code name}. Content the data set already has returns that version untouched
     * ({@code created == false}) without reading the bytes. A tabular file is parsed and profiled in one
     * streaming pass first; if it does not parse, the error names the line and the fix and no version is made.
     */
    public CreatedVersion add(String project, String name, AddRequest request, User actor) {
        require(project, actor, Permission.WRITE_DATA);
        Optional<DataVersion> existing = existingWithContent(project, name, request.sha256(), actor);
        if (existing.isPresent()) {
            return new CreatedVersion(existing.get(), false);
        }
        List<Long> parentIds = new ArrayList<>();
        for (String ref : request.parents()) {
            parentIds.add(versions.version(project, ref, actor).id());
        }
        String step = request.step() == null ? "ingest" : request.step();
        NewVersion spec;
        if (request.kind() == VersionKind.DIRECTORY) {
            spec = NewVersion.directory(request.sha256());
        } else {
            String formatName = request.format() != null ? request.format() : formatFromSource(request.sourceUri());
            Optional<IngestFormat> tabular = tabular(formatName);
            spec = NewVersion.file(request.sha256(), request.size(), formatName);
            if (tabular.isPresent()) {
                if (!blobs.has(request.sha256())) {
                    throw new GyreException.InvalidArgument("The blob " + request.sha256() + " is not uploaded yet;"
                            + " upload it (PUT …/data/blobs/{sha256}) before adding the version.");
                }
                String what = name + " (" + (request.sourceUri() == null ? "uploaded file" : request.sourceUri()) + ")";
                DatasetProfile profile;
                try (TableStream stream = io.open(request.sha256(), tabular.get(), request.options(), what)) {
                    profile = Profiler.of(stream);
                }
                spec = spec.withSchemaJson(new StoredFormat(tabular.get(), profile.schema(), request.options()).toJson())
                        .withProfileJson(profile.toJson())
                        .withRowCount(profile.rowCount());
            }
        }
        spec = spec.withStep(step).withParents(parentIds);
        if (request.sourceUri() != null) {
            spec = spec.withSourceUri(request.sourceUri());
        }
        return versions.createVersion(project, name, spec, actor);
    }

    private Optional<DataVersion> existingWithContent(String project, String name, String sha256, User actor) {
        List<DataVersion> all;
        try {
            all = versions.versions(project, name, actor);
        } catch (GyreException.NotFound noDataSetYet) {
            return Optional.empty();
        }
        return all.stream().filter(v -> v.sha256().equals(sha256)).findFirst();
    }

    private static String formatFromSource(String sourceUri) {
        if (sourceUri != null) {
            String lower = sourceUri.toLowerCase(java.util.Locale.ROOT);
            for (IngestFormat format : IngestFormat.values()) {
                for (String extension : format.extensions()) {
                    if (lower.endsWith(extension)) {
                        return format.wireName();
                    }
                }
            }
        }
        throw new GyreException.InvalidArgument("Say the format of the data (csv, jsonl, parquet, or a name of your own"
                + " for other files): the source " + (sourceUri == null ? "is not named" : "'" + sourceUri + "' has no known extension") + ".");
    }

    private static Optional<IngestFormat> tabular(String format) {
        try {
            return Optional.of(IngestFormat.fromName(format));
        } catch (GyreException.InvalidArgument notTabular) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------------------------------- reading

    public List<DataSet> dataSets(String project, User actor) {
        return versions.dataSets(project, actor);
    }

    public List<DataVersion> versions(String project, String name, User actor) {
        return versions.versions(project, name, actor);
    }

    public DataVersion version(String project, String ref, User actor) {
        return versions.version(project, ref, actor);
    }

    public Lineage lineage(String project, String ref, User actor) {
        return versions.lineage(version(project, ref, actor).id(), actor);
    }

    /** A version by id (READ in its project). */
    public DataVersion versionById(long id, User actor) {
        return versions.version(id, actor);
    }

    /** The columns of a tabular version, as recorded when it was added. */
    public Optional<dev.gyre.core.table.Schema> schema(DataVersion version) {
        return version.schemaJson() == null ? Optional.empty() : Optional.of(StoredFormat.parse(version.schemaJson()).schema());
    }

    /** The stored profile of a tabular version. */
    public Optional<DatasetProfile> profile(DataVersion version, User actor) {
        return versions.profile(version.id(), actor).map(DatasetProfile::fromJson);
    }

    /** Bytes of a version (or of one file of a folder version) with what a download needs to announce them. */
    public record Content(DataVersion version, InputStream body, long size, String sha256, String contentType) {
    }

    /**
     * Opens a version's bytes for {@code purpose}, under the sealed-split rule ({@link ReadPurpose}). A folder
     * without {@code path} answers its manifest; with {@code path}, that file.
     *
     * @throws GyreException.PermissionDenied for a sealed split and a purpose it is sealed from
     * @throws GyreException.NotFound         for a path the folder does not have
     */
    public Content open(String project, String ref, ReadPurpose purpose, String path, User actor) {
        ReadGrant grant = versions.openForRead(project, ref, purpose, actor);
        DataVersion v = grant.version();
        if (v.kind() == VersionKind.FILE) {
            if (path != null) {
                throw new GyreException.InvalidArgument(v.ref() + " is a file, not a folder: leave out 'path'.");
            }
            return new Content(v, blobs.open(v.sha256()), v.sizeBytes(), v.sha256(), "application/octet-stream");
        }
        byte[] manifestBytes = blobs.readAll(v.sha256(), MAX_MANIFEST_BYTES);
        if (path == null) {
            return new Content(v, new ByteArrayInputStream(manifestBytes), manifestBytes.length, v.sha256(),
                    "application/json");
        }
        DirectoryManifest manifest = DirectoryManifest.parse(manifestBytes);
        for (DirectoryManifest.Entry entry : manifest.files()) {
            if (entry.path().equals(path)) {
                return new Content(v, blobs.open(entry.sha256()), entry.size(), entry.sha256(), "application/octet-stream");
            }
        }
        throw new GyreException.NotFound("The folder " + v.ref() + " has no file '" + path + "'; its manifest lists them.");
    }

    /**
     * A tabular version read whole into a {@link dev.gyre.core.table.Table} for {@code purpose} — what training
     * and feature fitting call, so the sealed-split rule and the failed-validation rule apply to them: a test
     * split (or a version a test split was made from) is refused for {@link ReadPurpose#TRAINING} and
     * {@link ReadPurpose#FEATURE_FITTING} with a message naming the rule.
     *
     * @throws GyreException.PermissionDenied when the purpose may not read the version
     * @throws GyreException.InvalidArgument  for a version that is not a table
     * @throws GyreException.TooLarge         past the in-memory row limit
     */
    public dev.gyre.core.table.Table readTable(String project, String ref, ReadPurpose purpose, User actor) {
        ReadGrant grant = versions.openForRead(project, ref, purpose, actor);
        DataVersion v = grant.version();
        if (v.kind() != VersionKind.FILE || v.schemaJson() == null) {
            throw new GyreException.InvalidArgument(v.ref() + " is not a table (csv, jsonl or parquet).");
        }
        StoredFormat stored = StoredFormat.parse(v.schemaJson());
        return io.readAll(io.open(v.sha256(), stored.format(), stored.readOptions(), v.ref().toString()), v.ref().toString());
    }

    /** Who read a version and for what: the log of reads of sealed test splits (READ in the project). */
    public List<dev.gyre.data.version.DataRead> reads(String project, String ref, User actor) {
        return versions.reads(version(project, ref, actor).id(), actor);
    }

    /** The difference between two versions' stored profiles. */
    public ProfileDiff diff(String project, String refA, String refB, User actor) {
        DataVersion a = version(project, refA, actor);
        DataVersion b = version(project, refB, actor);
        return ProfileDiff.between(requireProfile(a, actor), requireProfile(b, actor));
    }

    /** An expectation suite proposed from the version's profile, as YAML for a person to review. */
    public String suggest(String project, String ref, User actor) {
        DataVersion v = version(project, ref, actor);
        return SuiteSuggester.suggestYaml(requireProfile(v, actor), v.dataSetName());
    }

    private DatasetProfile requireProfile(DataVersion v, User actor) {
        return profile(v, actor).orElseThrow(() -> new GyreException.InvalidArgument(v.ref()
                + " has no profile: only tabular files (csv, jsonl, parquet) are profiled."));
    }

    // ---------------------------------------------------------------------------------------- validation

    /**
     * Runs an expectation suite over every row of the version (a validation read: allowed on a test split,
     * and logged), marks the version {@code validated} or {@code failed}, and keeps the report.
     */
    public ValidationReport validate(String project, String ref, String suiteYaml, User actor) {
        var suite = SuiteParser.parse(suiteYaml, "the suite");
        require(project, actor, Permission.WRITE_DATA);
        ReadGrant grant = versions.openForRead(project, ref, ReadPurpose.VALIDATION, actor);
        DataVersion v = grant.version();
        StoredFormat stored = StoredFormat.parse(v.schemaJson());
        ValidationReport report;
        try (TableStream stream = io.open(v.sha256(), stored.format(), stored.readOptions(), v.ref().toString())) {
            report = Validator.validate(suite, stream);
        }
        ObjectNode kept = JSON.createObjectNode();
        try {
            kept.set("report", JSON.readTree(report.toJson()));
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to keep the validation report: " + e.getMessage(), e);
        }
        kept.put("html", report.toHtml());
        versions.setStatus(v.id(), report.success() ? VersionStatus.VALIDATED : VersionStatus.FAILED, kept.toString(), actor);
        return report;
    }

    /** The last validation report of the version: its JSON, or its HTML page. */
    public Optional<String> validationReport(String project, String ref, boolean html, User actor) {
        DataVersion v = version(project, ref, actor);
        return versions.validationReport(v.id(), actor).map(text -> {
            try {
                var node = JSON.readTree(text);
                return html ? node.path("html").asText() : JSON.writeValueAsString(node.path("report"));
            } catch (IOException e) {
                throw new GyreException.Internal("The stored validation report is unreadable: " + e.getMessage(), e);
            }
        });
    }

    /** Lets training use a version whose validation failed, recording who and why. */
    public ValidationOverride override(String project, String ref, String reason, User actor) {
        return versions.overrideFailed(version(project, ref, actor).id(), reason, actor);
    }

    // ---------------------------------------------------------------------------------------- helpers

    Project require(String project, User actor, Permission permission) {
        Project p = projects.get(project);
        projects.requireRole(p, actor, permission);
        return p;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
