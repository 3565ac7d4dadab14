package dev.gyre.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.server.auth.AuthService;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.AuditRecord;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.CharterFormat;
import dev.gyre.tracking.project.CharterVersion;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectMember;
import dev.gyre.tracking.project.ProjectService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Projects: create, list, show; their charter (write, read, history), members and audit log. The
 * route table asks for READ on the project routes; what a caller may do inside a project is decided
 * by their role in it (platform admins may do everything).
 */
public final class ProjectController {

    /** Default and largest page of the audit log. */
    static final int DEFAULT_AUDIT_PAGE = 100;

    private final ProjectService projects;
    private final JdbcAuditLog audit;
    private final AuthService auth;
    private final JsonBodies json;
    private final ObjectMapper mapper;

    public ProjectController(ProjectService projects, JdbcAuditLog audit, AuthService auth, JsonBodies json,
                             ObjectMapper mapper) {
        this.projects = projects;
        this.audit = audit;
        this.auth = auth;
        this.json = json;
        this.mapper = mapper;
    }

    /** A project as the list shows it. */
    public record ProjectDto(long id, String name, String description, String productionAlias, Instant createdAt) {
        static ProjectDto of(Project p) {
            return new ProjectDto(p.id(), p.name(), p.description(), p.productionAlias(), p.createdAt());
        }
    }

    /** A project with its members and the number of its latest charter version ({@code null} without a charter). */
    public record ProjectDetailDto(long id, String name, String description, String productionAlias, Instant createdAt,
                                   List<MemberDto> members, Integer charterVersion) {
    }

    /** A member of a project. */
    public record MemberDto(String username, String role, Instant addedAt) {
        static MemberDto of(ProjectMember m) {
            return new MemberDto(m.username(), m.role().wireName(), m.addedAt());
        }
    }

    /** One charter version: the canonical charter as JSON and the document as it was written. */
    public record CharterDto(String project, int version, String sha256, String format, String createdBy,
                             Instant createdAt, JsonNode charter, String source) {
    }

    /** A charter version in the history (without the documents). */
    public record CharterVersionDto(int version, String sha256, String format, String createdBy, Instant createdAt) {
    }

    /** One audit record. */
    public record AuditDto(long id, String who, String action, String entityType, String entityId, JsonNode before,
                           JsonNode after, Instant at) {
    }

    /** Body of POST /api/v1/projects. */
    public record CreateProject(String name, String description) {
    }

    /** Body of POST /api/v1/projects/{project}/members. */
    public record AddMember(String username, String role) {
    }

    /** Body of PUT /api/v1/projects/{project}/members/{username}. */
    public record UpdateMember(String role) {
    }

    // ---------------------------------------------------------------- projects

    public void create(Context ctx, Principal principal) {
        CreateProject body = json.read(ctx, CreateProject.class, "{\"name\": \"churn\", \"description\": \"…\"}");
        Project created = projects.create(body.name(), body.description(), principal.user());
        ctx.status(201).json(detail(created));
    }

    public void list(Context ctx, Principal principal) {
        ctx.json(Map.of("projects", projects.list(principal.user()).stream().map(ProjectDto::of).toList()));
    }

    public void get(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        ctx.json(detail(project));
    }

    private ProjectDetailDto detail(Project p) {
        Integer charterVersion = projects.charter(p.name()).map(CharterVersion::version).orElse(null);
        return new ProjectDetailDto(p.id(), p.name(), p.description(), p.productionAlias(), p.createdAt(),
                projects.members(p.name()).stream().map(MemberDto::of).toList(), charterVersion);
    }

    // ---------------------------------------------------------------- charter

    public void putCharter(Context ctx, Principal principal) {
        Project project = projects.get(ctx.pathParam("project"));
        projects.requireRole(project, principal.user(), Permission.WRITE_TRACKING);
        CharterFormat format = formatOf(ctx.contentType());
        String text = json.readText(ctx, "the charter document (YAML or JSON)");
        CharterVersion stored = projects.putCharter(project.name(), text, format, principal.user());
        ctx.json(charter(project, stored));
    }

    public void getCharter(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        String version = ctx.queryParam("version");
        CharterVersion charter = version == null || version.isBlank()
                ? projects.charter(project.name()).orElseThrow(() -> new GyreException.NotFound("Project '"
                        + project.name() + "' has no charter yet; write one with PUT /api/v1/projects/"
                        + project.name() + "/charter (gyre project charter " + project.name() + " --set charter.yaml)."))
                : projects.charter(project.name(), Params.positiveInt("version", version));
        ctx.json(charter(project, charter));
    }

    public void charterVersions(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        LongFunction<String> names = usernames();
        List<CharterVersionDto> versions = projects.charterHistory(project.name()).stream()
                .map(v -> new CharterVersionDto(v.version(), v.sha256(), v.format().wireName(),
                        v.createdBy() == null ? null : names.apply(v.createdBy()), v.createdAt()))
                .toList();
        ctx.json(Map.of("versions", versions));
    }

    private CharterDto charter(Project project, CharterVersion v) {
        String by = v.createdBy() == null ? null : usernames().apply(v.createdBy());
        return new CharterDto(project.name(), v.version(), v.sha256(), v.format().wireName(), by, v.createdAt(),
                tree(v.canonicalJson()), v.source());
    }

    /** Maps the request's content type to a charter format; anything but YAML or JSON is refused. */
    static CharterFormat formatOf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml" -> CharterFormat.YAML;
            case "application/json" -> CharterFormat.JSON;
            default -> throw new GyreException.InvalidArgument("Send the charter with 'Content-Type: application/yaml'"
                    + " (or text/yaml, application/x-yaml) or 'Content-Type: application/json'"
                    + (type.isEmpty() ? "; the request had none." : ", not '" + type + "'."));
        };
    }

    // ---------------------------------------------------------------- members

    public void members(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        ctx.json(Map.of("members", projects.members(project.name()).stream().map(MemberDto::of).toList()));
    }

    public void addMember(Context ctx, Principal principal) {
        AddMember body = json.read(ctx, AddMember.class, "{\"username\": \"bob\", \"role\": \"ml-engineer\"}");
        String project = projects.get(ctx.pathParam("project")).name();
        if (body.username() == null || body.username().isBlank()) {
            throw new GyreException.InvalidArgument("Field 'username' is missing: name the user to add.");
        }
        ProjectMember member = projects.addMember(project, body.username().strip(), role(body.role()), principal.user());
        ctx.status(201).json(MemberDto.of(member));
    }

    public void updateMember(Context ctx, Principal principal) {
        UpdateMember body = json.read(ctx, UpdateMember.class, "{\"role\": \"ml-engineer\"}");
        String project = projects.get(ctx.pathParam("project")).name();
        ProjectMember member = projects.updateMember(project, ctx.pathParam("username"), role(body.role()),
                principal.user());
        ctx.json(MemberDto.of(member));
    }

    public void removeMember(Context ctx, Principal principal) {
        String project = projects.get(ctx.pathParam("project")).name();
        projects.removeMember(project, ctx.pathParam("username"), principal.user());
        ctx.status(204);
    }

    private static Role role(String name) {
        if (name == null || name.isBlank()) {
            throw new GyreException.InvalidArgument("Field 'role' is missing; use one of: " + Role.names() + ".");
        }
        return Role.parse(name);
    }

    // ---------------------------------------------------------------- audit

    public void audit(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        long after = ctx.queryParam("after") == null ? 0 : Params.nonNegativeLong("after", ctx.queryParam("after"));
        int limit = ctx.queryParam("limit") == null ? DEFAULT_AUDIT_PAGE
                : Params.positiveInt("limit", ctx.queryParam("limit"));
        List<AuditRecord> records = audit.list(project.id(), after, limit);
        List<AuditDto> entries = records.stream().map(this::auditDto).toList();
        Long next = records.size() == limit ? records.get(records.size() - 1).id() : null;
        ctx.json(new AuditPage(entries, next));
    }

    /** A page of audit records; {@code next_after} is the {@code after} of the next page, {@code null} at the end. */
    public record AuditPage(List<AuditDto> entries, Long nextAfter) {
    }

    private AuditDto auditDto(AuditRecord record) {
        AuditEvent e = record.event();
        return new AuditDto(record.id(), e.actorName(), e.action(), e.entityType(), e.entityId(), tree(e.beforeJson()),
                tree(e.afterJson()), e.at());
    }

    // ---------------------------------------------------------------- helpers

    /** The project in the path, if the caller may read it. */
    private Project readable(Context ctx, Principal principal) {
        Project project = projects.get(ctx.pathParam("project"));
        projects.requireRole(project, principal.user(), Permission.READ);
        return project;
    }

    private JsonNode tree(String jsonText) {
        if (jsonText == null) {
            return null;
        }
        try {
            return mapper.readTree(jsonText);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("A stored JSON document could not be read back.", e);
        }
    }

    /** User names by id, read once per request (user ids of charter authors are not part of the API). */
    private LongFunction<String> usernames() {
        Map<Long, String> byId = auth.listUsers().stream().collect(Collectors.toMap(User::id, User::username));
        return id -> Objects.requireNonNullElse(byId.get(id), "user " + id);
    }
}
