package dev.gyre.tracking.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Comments on runs and model versions. Adding needs {@link Permission#READ} in the project (anyone who may see
 * the entity may discuss it); deleting is for the author, admins of the project and platform admins. Each add
 * and delete is audited ({@code comment.add}, {@code comment.delete}) in the same transaction. Thread-safe.
 */
public final class CommentService {

    /** The kinds of entity that can be commented on. */
    public static final Set<String> ENTITY_TYPES = Set.of("run", "model_version");

    /** Longest comment accepted, after trimming. */
    public static final int MAX_BODY_LENGTH = 20_000;

    /** Longest entity id accepted. */
    public static final int MAX_ENTITY_ID_LENGTH = 600;

    private static final String SELECT = "SELECT c.id, c.project_id, c.entity_type, c.entity_id, c.author_id,"
            + " u.username AS author_name, c.body, c.created_at FROM comments c LEFT JOIN users u ON u.id = c.author_id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final JdbcAuditLog audit;
    private final ProjectService projects;
    private final Clock clock;

    /** A service using the system clock. */
    public CommentService(Database database, JdbcAuditLog audit, ProjectService projects) {
        this(database, audit, projects, Clock.systemUTC());
    }

    /** A service taking times from {@code clock}. */
    public CommentService(Database database, JdbcAuditLog audit, ProjectService projects, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a comment; the body is trimmed.
     *
     * @param projectId the project of the entity, or {@code null} when it has none
     * @throws GyreException.InvalidArgument  if the entity type is unknown, the entity id empty or too long, or the
     *                                        body empty or longer than {@value #MAX_BODY_LENGTH} characters
     * @throws GyreException.NotFound         if the project does not exist
     * @throws GyreException.PermissionDenied if the author may not read the project
     */
    public Comment add(Long projectId, String entityType, String entityId, User author, String body) {
        Objects.requireNonNull(author, "author");
        requireEntity(entityType, entityId);
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new GyreException.InvalidArgument("The comment is empty; write some text.");
        }
        if (text.length() > MAX_BODY_LENGTH) {
            throw new GyreException.InvalidArgument("The comment is " + text.length() + " characters long; shorten it to"
                    + " at most " + MAX_BODY_LENGTH + ".");
        }
        if (author.disabled()) {
            throw new GyreException.PermissionDenied("User '" + author.username() + "' is disabled.");
        }
        if (projectId != null) {
            projects.requireRole(projects.get(projectId), author, Permission.READ);
        }
        Instant now = SqlSupport.truncate(clock.instant());
        try {
            return database.jdbi().inTransaction(handle -> {
                long id = handle.createUpdate("INSERT INTO comments (project_id, entity_type, entity_id, author_id, body,"
                                + " created_at) VALUES (:projectId, :entityType, :entityId, :authorId, :body, :createdAt)")
                        .bind("projectId", projectId)
                        .bind("entityType", entityType)
                        .bind("entityId", entityId)
                        .bind("authorId", author.id())
                        .bind("body", text)
                        .bind("createdAt", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                Comment comment = new Comment(id, projectId, entityType, entityId, author.id(), author.username(), text, now);
                audit.record(handle, new AuditEvent(projectId, author.id(), author.username(), "comment.add", "comment",
                        Long.toString(id), null, json(comment), now));
                return comment;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.FOREIGN_KEY_VIOLATION)) {
                throw new GyreException.NotFound("Project " + projectId + " or user '" + author.username()
                        + "' no longer exists.");
            }
            throw StoreFailures.wrap("add a comment to " + entityType + " " + abbreviate(entityId), e);
        }
    }

    /**
     * The comments on an entity, oldest first; empty if there are none.
     *
     * @throws GyreException.InvalidArgument if the entity type is unknown or the entity id empty
     */
    public List<Comment> list(String entityType, String entityId) {
        requireEntity(entityType, entityId);
        try {
            return database.jdbi().withHandle(handle -> handle.createQuery(SELECT
                            + " WHERE c.entity_type = :entityType AND c.entity_id = :entityId ORDER BY c.id")
                    .bind("entityType", entityType)
                    .bind("entityId", entityId)
                    .map(CommentService::map)
                    .list());
        } catch (JdbiException e) {
            throw StoreFailures.wrap("list the comments on " + entityType + " " + abbreviate(entityId), e);
        }
    }

    /**
     * Deletes a comment; allowed to its author, to admins of its project and to platform admins.
     *
     * @throws GyreException.NotFound         if there is no such comment
     * @throws GyreException.PermissionDenied if the actor is none of those
     */
    public void delete(long id, User actor) {
        Objects.requireNonNull(actor, "actor");
        if (actor.disabled()) {
            throw new GyreException.PermissionDenied("User '" + actor.username() + "' is disabled.");
        }
        try {
            database.jdbi().useTransaction(handle -> {
                Comment comment = find(handle, id).orElseThrow(() -> new GyreException.NotFound("Comment " + id
                        + " does not exist."));
                requireMayDelete(comment, actor);
                handle.createUpdate("DELETE FROM comments WHERE id = :id").bind("id", id).execute();
                Instant now = SqlSupport.truncate(clock.instant());
                audit.record(handle, new AuditEvent(comment.projectId(), actor.id(), actor.username(), "comment.delete",
                        "comment", Long.toString(id), json(comment), null, now));
            });
        } catch (JdbiException e) {
            throw StoreFailures.wrap("delete comment " + id, e);
        }
    }

    private void requireMayDelete(Comment comment, User actor) {
        if (actor.role() == Role.ADMIN || Objects.equals(comment.authorId(), actor.id())) {
            return;
        }
        if (comment.projectId() != null
                && projects.roleOf(comment.projectId(), actor.id()).filter(r -> r == Role.ADMIN).isPresent()) {
            return;
        }
        String project = comment.projectId() == null ? "" : " or an admin of project '"
                + projects.get(comment.projectId()).name() + "'";
        throw new GyreException.PermissionDenied("Only the author of comment " + comment.id() + project
                + " may delete it; user '" + actor.username() + "' is neither.");
    }

    private static Optional<Comment> find(Handle handle, long id) {
        return handle.createQuery(SELECT + " WHERE c.id = :id").bind("id", id).map(CommentService::map).findOne();
    }

    private static void requireEntity(String entityType, String entityId) {
        if (entityType == null || !ENTITY_TYPES.contains(entityType)) {
            throw new GyreException.InvalidArgument("Comments can be made on 'run' or 'model_version', not '"
                    + entityType + "'.");
        }
        if (entityId == null || entityId.isBlank()) {
            throw new GyreException.InvalidArgument("Name the " + entityType + " to comment on: its id is empty.");
        }
        if (entityId.length() > MAX_ENTITY_ID_LENGTH) {
            throw new GyreException.InvalidArgument("The " + entityType + " id is longer than " + MAX_ENTITY_ID_LENGTH
                    + " characters.");
        }
    }

    private static String json(Comment comment) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", comment.id());
        node.put("entity_type", comment.entityType());
        node.put("entity_id", comment.entityId());
        node.put("author", comment.authorName());
        node.put("body", comment.body());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write an audit record.", e);
        }
    }

    private static Comment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Comment(rs.getLong("id"), rs.getObject("project_id", Long.class), rs.getString("entity_type"),
                rs.getString("entity_id"), rs.getObject("author_id", Long.class), rs.getString("author_name"),
                rs.getString("body"), SqlSupport.instant(rs, "created_at"));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
