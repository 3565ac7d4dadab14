package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.audit.Comment;
import dev.gyre.tracking.audit.CommentService;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.RegistryService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Comments on runs and model versions. A comment belongs to the project of its entity (named in the
 * body, else found from the run's experiment or the model); only those who may read that project
 * see or write its comments.
 */
public final class CommentController {

    private final CommentService comments;
    private final ProjectService projects;
    private final TrackingService tracking;
    private final RegistryService registry;
    private final JsonBodies json;

    public CommentController(CommentService comments, ProjectService projects, TrackingService tracking,
                             RegistryService registry, JsonBodies json) {
        this.comments = comments;
        this.projects = projects;
        this.tracking = tracking;
        this.registry = registry;
        this.json = json;
    }

    /** A comment as the API shows it. */
    public record CommentDto(long id, String project, String entityType, String entityId, String author, String body,
                             Instant createdAt) {
    }

    /** Body of POST /api/v1/comments. */
    public record CreateComment(String entityType, String entityId, String body, String project) {
    }

    public void create(Context ctx, Principal principal) {
        CreateComment body = json.read(ctx, CreateComment.class,
                "{\"entity_type\": \"run\", \"entity_id\": \"<run id>\", \"body\": \"…\"}");
        Long projectId;
        if (body.project() != null && !body.project().isBlank()) {
            projectId = projects.get(body.project().strip()).id();
        } else {
            projectId = projectOf(body.entityType(), body.entityId());
        }
        Comment comment = comments.add(projectId, body.entityType(), body.entityId(), principal.user(), body.body());
        ctx.status(201).json(dto(comment, new HashMap<>()));
    }

    public void list(Context ctx, Principal principal) {
        String type = ctx.queryParam("entity_type");
        String id = ctx.queryParam("entity_id");
        Map<Long, Project> seen = new HashMap<>();
        List<CommentDto> visible = comments.list(type, id).stream()
                .filter(c -> c.projectId() == null
                        || projects.may(project(c.projectId(), seen), principal.user(), Permission.READ))
                .map(c -> dto(c, seen))
                .toList();
        ctx.json(Map.of("comments", visible));
    }

    public void delete(Context ctx, Principal principal) {
        comments.delete(Params.id("Comment", ctx.pathParam("id")), principal.user());
        ctx.status(204);
    }

    /** The project of a run (through its experiment) or of a model version (through its model), if any. */
    private Long projectOf(String entityType, String entityId) {
        if (entityId == null || entityId.isBlank()) {
            return null;
        }
        if ("run".equals(entityType)) {
            String experimentId = tracking.getRun(entityId).info().experimentId();
            return tracking.getExperiment(experimentId).projectId();
        }
        if ("model_version".equals(entityType)) {
            int slash = entityId.lastIndexOf('/');
            if (slash <= 0) {
                throw new GyreException.InvalidArgument("A model version is named '<model>/<version>', e.g. churn/3;"
                        + " got '" + entityId + "'.");
            }
            String name = entityId.substring(0, slash);
            registry.getModelVersion(name, Params.positiveInt("version", entityId.substring(slash + 1)));
            return registry.getRegisteredModel(name).projectId();
        }
        return null;
    }

    private Project project(long id, Map<Long, Project> seen) {
        return seen.computeIfAbsent(id, projects::get);
    }

    private CommentDto dto(Comment c, Map<Long, Project> seen) {
        String project = c.projectId() == null ? null : project(c.projectId(), seen).name();
        return new CommentDto(c.id(), project, c.entityType(), c.entityId(), c.authorName(), c.body(), c.createdAt());
    }
}
