package dev.gyre.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.data.profile.ProfileDiff;
import dev.gyre.data.service.DataService;
import dev.gyre.data.service.DataSteps;
import dev.gyre.data.split.SplitMethod;
import dev.gyre.data.split.SplitSpec;
import dev.gyre.data.validate.ValidationReport;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.CreatedVersion;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.Lineage;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.data.version.VersionKind;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.Uploads;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The data stage's routes (docs/data-api.md): blobs, versions, content under the sealed-split rule, diffs,
 * suggested suites, validation, cleaning and splitting. Each handler parses, calls {@link DataService} or
 * {@link DataSteps} (which check the caller's project role), and answers.
 */
public final class DataController {

    private final DataService data;
    private final DataSteps steps;
    private final JsonBodies json;
    private final Uploads uploads;
    private final ObjectMapper mapper;
    private final LongFunction<String> usernames;

    /**
     * @param usernames a user's name by id ({@code null} for a user who no longer exists)
     */
    public DataController(DataService data, DataSteps steps, JsonBodies json, Uploads uploads, ObjectMapper mapper,
                          LongFunction<String> usernames) {
        this.data = data;
        this.steps = steps;
        this.json = json;
        this.uploads = uploads;
        this.mapper = mapper;
        this.usernames = usernames;
    }

    /** A version as the API shows it. */
    public record VersionDto(long id, String project, String name, int version, String ref, String kind, String format,
                             String sha256, long size, long fileCount, Long rowCount, List<ColumnDto> schema, String status,
                             String splitRole, String sourceUri, String step, List<String> parents, String createdBy,
                             Instant createdAt) {
    }

    /** A column of a version's schema. */
    public record ColumnDto(String name, String type) {
    }

    /** Body of POST …/datasets/{name}/versions. */
    public record AddVersion(String kind, String sha256, Long size, String format, String sourceUri, List<String> parents,
                             String step, Options options) {
    }

    /** Ingest options in a request. */
    public record Options(String delimiter, Boolean header, String encoding, Map<String, String> types, Integer sampleRows) {
    }

    /** Body of POST …/data/blobs/missing. */
    public record Missing(List<String> sha256) {
    }

    /** Body of POST …/clean. */
    public record Clean(String spec, String name) {
    }

    /** Body of POST …/split. */
    public record Split(String method, Double train, Double validation, Double test, Long seed, String column) {
    }

    /** Body of POST …/override. */
    public record Override(String reason) {
    }

    // ---------------------------------------------------------------------------------------- blobs

    public void missingBlobs(Context ctx, Principal principal) {
        Missing body = json.read(ctx, Missing.class, "{\"sha256\": [\"<64 hex digits>\"]}");
        if (body.sha256() == null) {
            throw new GyreException.InvalidArgument("Field 'sha256' is missing: list the SHA-256 of each blob to ask about.");
        }
        ctx.json(Map.of("missing", data.missingBlobs(project(ctx), body.sha256(), principal.user())));
    }

    public void putBlob(Context ctx, Principal principal) {
        long size = ctx.req().getContentLengthLong();
        if (size < 0) {
            throw new GyreException.InvalidArgument("Send the blob with a Content-Length header (not chunked): the size is"
                    + " checked with the SHA-256.");
        }
        BlobStore.PutResult put = uploads.stream(ctx, body ->
                data.putBlob(project(ctx), ctx.pathParam("sha256"), body, size, principal.user()));
        ctx.json(Map.of("sha256", put.sha256(), "size", put.size(), "uploaded", put.uploaded()));
    }

    // ---------------------------------------------------------------------------------------- versions

    public void dataSets(Context ctx, Principal principal) {
        String project = project(ctx);
        Dtos dtos = dtos(ctx, principal);
        List<Map<String, Object>> out = new ArrayList<>();
        for (var set : data.dataSets(project, principal.user())) {
            List<DataVersion> versions = newestFirst(data.versions(project, set.name(), principal.user()));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", set.name());
            item.put("versions", versions.size());
            item.put("latest", versions.isEmpty() ? null : dtos.of(versions.get(0)));
            item.put("created_at", set.createdAt());
            item.put("created_by", set.createdBy() == null ? null : dtos.users.computeIfAbsent(set.createdBy(), usernames::apply));
            out.add(item);
        }
        ctx.json(Map.of("datasets", out));
    }

    public void addVersion(Context ctx, Principal principal) {
        AddVersion body = json.read(ctx, AddVersion.class,
                "{\"kind\": \"file\", \"sha256\": \"<64 hex>\", \"size\": 60302, \"format\": \"csv\", \"source_uri\": \"file:titanic.csv\"}");
        if (body.sha256() == null) {
            throw new GyreException.InvalidArgument("Field 'sha256' is missing: name the uploaded blob (the file's SHA-256,"
                    + " or the manifest's for a folder).");
        }
        VersionKind kind = body.kind() == null ? VersionKind.FILE : VersionKind.parse(body.kind());
        if (kind == VersionKind.FILE && body.size() == null) {
            throw new GyreException.InvalidArgument("Field 'size' is missing: give the file's size in bytes.");
        }
        var request = new DataService.AddRequest(kind, body.sha256(), body.size() == null ? 0 : body.size(), body.format(),
                body.sourceUri(), body.parents(), body.step(), options(body.options()));
        CreatedVersion created = data.add(project(ctx), ctx.pathParam("name"), request, principal.user());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("created", created.created());
        answer.put("version", dtos(ctx, principal).of(created.version()));
        ctx.status(created.created() ? 201 : 200).json(answer);
    }

    public void versions(Context ctx, Principal principal) {
        List<VersionDto> out = new ArrayList<>();
        Dtos dtos = dtos(ctx, principal);
        for (DataVersion v : newestFirst(data.versions(project(ctx), ctx.pathParam("name"), principal.user()))) {
            out.add(dtos.of(v));
        }
        ctx.json(Map.of("versions", out));
    }

    public void version(Context ctx, Principal principal) {
        DataVersion v = data.version(project(ctx), ctx.pathParam("ref"), principal.user());
        ObjectNode answer = mapper.valueToTree(dtos(ctx, principal).of(v));
        data.profile(v, principal.user()).ifPresent(p -> answer.set("profile", tree(p.toSummaryJson())));
        ctx.json(answer);
    }

    public void lineage(Context ctx, Principal principal) {
        Lineage lineage = data.lineage(project(ctx), ctx.pathParam("ref"), principal.user());
        Map<Long, String> refs = new LinkedHashMap<>();
        refs.put(lineage.version().id(), lineage.version().ref().toString());
        lineage.ancestors().forEach(a -> refs.put(a.id(), a.ref().toString()));
        Map<String, Object> answer = new LinkedHashMap<>();
        Dtos dtos = dtos(ctx, principal);
        answer.put("version", dtos.of(lineage.version()));
        answer.put("ancestors", lineage.ancestors().stream().map(dtos::of).toList());
        answer.put("edges", lineage.edges().stream()
                .map(e -> Map.of("child", refs.get(e.childId()), "parent", refs.get(e.parentId()))).toList());
        ctx.json(answer);
    }

    public void content(Context ctx, Principal principal) {
        String purpose = ctx.queryParam("purpose");
        DataService.Content content = data.open(project(ctx), ctx.pathParam("ref"),
                purpose == null ? ReadPurpose.EXPLORATION : ReadPurpose.parse(purpose), ctx.queryParam("path"), principal.user());
        ctx.header("X-Gyre-Sha256", content.sha256());
        ctx.header("Content-Length", Long.toString(content.size()));
        ctx.contentType(content.contentType());
        ctx.result(content.body());
    }

    public void reads(Context ctx, Principal principal) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var read : data.reads(project(ctx), ctx.pathParam("ref"), principal.user())) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("purpose", read.purpose().wireName());
            item.put("username", read.userName());
            item.put("read_at", read.readAt());
            out.add(item);
        }
        ctx.json(Map.of("reads", out));
    }

    public void diff(Context ctx, Principal principal) {
        String a = ctx.queryParam("a");
        String b = ctx.queryParam("b");
        if (a == null || b == null) {
            throw new GyreException.InvalidArgument("Name both versions: ?a=NAME@1&b=NAME@2.");
        }
        ProfileDiff diff = data.diff(project(ctx), a, b, principal.user());
        ObjectNode answer = (ObjectNode) tree(diff.toJson());
        answer.put("text", diff.toText());
        ctx.json(answer);
    }

    public void suggest(Context ctx, Principal principal) {
        ctx.contentType("application/yaml; charset=utf-8");
        ctx.result(data.suggest(project(ctx), ctx.pathParam("ref"), principal.user()));
    }

    public void validate(Context ctx, Principal principal) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        String suite;
        if (contentType.startsWith("application/json")) {
            JsonNode body = json.readObject(ctx);
            if (!body.path("suite").isTextual()) {
                throw new GyreException.InvalidArgument("Send the suite as YAML (Content-Type: application/yaml) or as"
                        + " {\"suite\": \"<yaml>\"}.");
            }
            suite = body.get("suite").asText();
        } else {
            suite = json.readText(ctx, "the expectation suite (YAML)");
        }
        ValidationReport report = data.validate(project(ctx), ctx.pathParam("ref"), suite, principal.user());
        ctx.json(tree(report.toJson()));
    }

    public void validation(Context ctx, Principal principal) {
        boolean html = "html".equalsIgnoreCase(ctx.queryParam("format"));
        String ref = ctx.pathParam("ref");
        String report = data.validationReport(project(ctx), ref, html, principal.user())
                .orElseThrow(() -> new GyreException.NotFound(ref + " has not been validated yet; POST a suite to …/validate."));
        if (html) {
            ctx.contentType("text/html; charset=utf-8");
            ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            ctx.result(report);
        } else {
            ctx.json(tree(report));
        }
    }

    public void override(Context ctx, Principal principal) {
        Override body = json.read(ctx, Override.class, "{\"reason\": \"the failures are known label noise\"}");
        if (body.reason() == null || body.reason().isBlank()) {
            throw new GyreException.InvalidArgument("Field 'reason' is missing: say why training may use this version.");
        }
        ctx.status(201).json(data.override(project(ctx), ctx.pathParam("ref"), body.reason(), principal.user()));
    }

    public void clean(Context ctx, Principal principal) {
        Clean body = json.read(ctx, Clean.class, "{\"spec\": \"steps:\\n  - drop_columns: [Cabin]\\n\"}");
        if (body.spec() == null || body.spec().isBlank()) {
            throw new GyreException.InvalidArgument("Field 'spec' is missing: give the cleaning steps as YAML text.");
        }
        DataSteps.Cleaned cleaned = steps.clean(project(ctx), ctx.pathParam("ref"), body.spec(), body.name(), principal.user());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("created", cleaned.version().created());
        answer.put("version", dtos(ctx, principal).of(cleaned.version().version()));
        answer.put("log", cleaned.log().stream().map(l -> Map.of("step", l.step(), "kind", l.kind(), "summary", l.summary()))
                .toList());
        ctx.status(cleaned.version().created() ? 201 : 200).json(answer);
    }

    public void split(Context ctx, Principal principal) {
        Split body = json.read(ctx, Split.class,
                "{\"method\": \"stratified\", \"train\": 0.7, \"validation\": 0.15, \"test\": 0.15, \"seed\": 42, \"column\": \"Survived\"}");
        if (body.train() == null || body.test() == null) {
            throw new GyreException.InvalidArgument("Fields 'train' and 'test' are needed: the fractions of rows, e.g."
                    + " \"train\": 0.8, \"test\": 0.2 (and optionally \"validation\").");
        }
        SplitMethod method = body.method() == null ? SplitMethod.RANDOM : SplitMethod.parse(body.method());
        double validation = body.validation() == null ? 0 : body.validation();
        long seed = body.seed() == null ? 42 : body.seed();
        SplitSpec spec = switch (method) {
            case RANDOM -> SplitSpec.random(body.train(), validation, body.test(), seed);
            case STRATIFIED -> SplitSpec.stratified(body.train(), validation, body.test(), seed, body.column());
            case TIME -> SplitSpec.time(body.train(), validation, body.test(), body.column());
            case HASH -> SplitSpec.hash(body.train(), validation, body.test(), seed, body.column());
        };
        DataSteps.Split split = steps.split(project(ctx), ctx.pathParam("ref"), spec, principal.user());
        Map<String, Object> answer = new LinkedHashMap<>();
        Dtos dtos = dtos(ctx, principal);
        answer.put("train", dtos.of(split.train().version()));
        if (split.validation() != null) {
            answer.put("validation", dtos.of(split.validation().version()));
        }
        answer.put("test", dtos.of(split.test().version()));
        answer.put("summary", split.summary());
        ctx.status(201).json(answer);
    }

    // ---------------------------------------------------------------------------------------- helpers

    /**
     * Turns versions into their API form for one request: the project is the one in the path, and user names
     * and parent refs are looked up once per request however many versions are shown.
     */
    final class Dtos {
        private final String project;
        private final User actor;
        private final Map<Long, String> users = new java.util.HashMap<>();
        private final Map<Long, String> refs = new java.util.HashMap<>();

        Dtos(String project, User actor) {
            this.project = project;
            this.actor = actor;
        }

        VersionDto of(DataVersion v) {
            refs.putIfAbsent(v.id(), v.ref().toString());
            List<ColumnDto> schema = data.schema(v).map(s -> s.fields().stream()
                    .map((Field f) -> new ColumnDto(f.name(), f.type().wireName())).toList()).orElse(null);
            List<String> parents = new ArrayList<>();
            for (Long parent : v.parentIds()) {
                parents.add(refs.computeIfAbsent(parent, id -> data.versionById(id, actor).ref().toString()));
            }
            String createdBy = v.createdBy() == null ? null : users.computeIfAbsent(v.createdBy(), usernames::apply);
            return new VersionDto(v.id(), project, v.dataSetName(), v.version(), v.ref().toString(), v.kind().wireName(),
                    v.format(), v.sha256(), v.sizeBytes(), v.fileCount(), v.rowCount(), schema, v.status().wireName(),
                    v.splitRole() == null ? null : v.splitRole().wireName(), v.sourceUri(), v.producedByStep(), parents,
                    createdBy, v.createdAt());
        }
    }

    Dtos dtos(Context ctx, Principal principal) {
        return new Dtos(project(ctx), principal.user());
    }

    /** Newest first, as the API promises. */
    private static List<DataVersion> newestFirst(List<DataVersion> versions) {
        List<DataVersion> sorted = new ArrayList<>(versions);
        sorted.sort(java.util.Comparator.comparingInt(DataVersion::version).reversed());
        return sorted;
    }

    private static IngestOptions options(Options options) {
        IngestOptions out = IngestOptions.defaults();
        if (options == null) {
            return out;
        }
        if (options.delimiter() != null) {
            String d = options.delimiter().equals("\\t") ? "\t" : options.delimiter();
            if (d.length() != 1) {
                throw new GyreException.InvalidArgument("The delimiter must be one character (',' ';' '\\t' '|'), got '"
                        + options.delimiter() + "'.");
            }
            out = out.withDelimiter(d.charAt(0));
        }
        if (options.header() != null) {
            out = out.withHeader(options.header() ? IngestOptions.Header.PRESENT : IngestOptions.Header.ABSENT);
        }
        if (options.encoding() != null) {
            out = out.withEncoding(options.encoding());
        }
        if (options.types() != null) {
            Map<String, ColumnType> types = new LinkedHashMap<>();
            options.types().forEach((column, type) -> {
                try {
                    types.put(column, ColumnType.fromWireName(type));
                } catch (IllegalArgumentException e) {
                    throw new GyreException.InvalidArgument("Column '" + column + "': " + e.getMessage());
                }
            });
            out = out.withTypeOverrides(types);
        }
        if (options.sampleRows() != null) {
            out = out.withSampleRows(options.sampleRows());
        }
        return out;
    }

    private JsonNode tree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to answer: " + e.getMessage(), e);
        }
    }

    static String project(Context ctx) {
        return ctx.pathParam("project");
    }
}
