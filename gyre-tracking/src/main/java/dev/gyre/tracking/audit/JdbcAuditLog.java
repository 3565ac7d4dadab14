package dev.gyre.tracking.audit;

import dev.gyre.store.db.StoreFailures;
import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The audit log on the {@code audit_log} table: append-only, ordered by id.
 *
 * <p>Services that change state call {@link #record(Handle, AuditEvent)} with the handle of their own
 * transaction, so the change and its record are committed or rolled back together. Thread-safe.
 */
public final class JdbcAuditLog implements AuditSink {

    /** Largest page {@link #list} returns. */
    public static final int MAX_LIMIT = 1000;

    private static final String COLUMNS = "id, project_id, actor_id, actor_name, action, entity_type, entity_id,"
            + " before_json, after_json, at";

    private final Database database;

    public JdbcAuditLog(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Records the event in a transaction of its own. */
    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            database.jdbi().useTransaction(handle -> record(handle, event));
        } catch (JdbiException e) {
            throw StoreFailures.wrap("record the audit event " + event.action(), e);
        }
    }

    /**
     * Records the event through the caller's handle, inside the caller's transaction; a store failure is
     * left to the caller's transaction to handle (it propagates as a JDBI exception).
     *
     * @return the id of the record
     */
    public long record(Handle handle, AuditEvent event) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(event, "event");
        return handle.createUpdate("INSERT INTO audit_log (project_id, actor_id, actor_name, action, entity_type,"
                        + " entity_id, before_json, after_json, at) VALUES (:projectId, :actorId, :actorName, :action,"
                        + " :entityType, :entityId, :beforeJson, :afterJson, :at)")
                .bind("projectId", event.projectId())
                .bind("actorId", event.actorId())
                .bind("actorName", event.actorName())
                .bind("action", event.action())
                .bind("entityType", event.entityType())
                .bind("entityId", event.entityId())
                .bind("beforeJson", event.beforeJson())
                .bind("afterJson", event.afterJson())
                .bind("at", SqlSupport.truncate(event.at()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /**
     * One page of a project's audit records, oldest first.
     *
     * @param afterId only records with a greater id (0 from the start); pass the last id of a page for the next
     * @param limit   1 to {@value #MAX_LIMIT}
     * @throws GyreException.InvalidArgument if the limit or afterId is out of range
     */
    public List<AuditRecord> list(long projectId, long afterId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new GyreException.InvalidArgument("limit must be between 1 and " + MAX_LIMIT + ", got " + limit + ".");
        }
        if (afterId < 0) {
            throw new GyreException.InvalidArgument("after_id must be 0 or a record id, got " + afterId + ".");
        }
        try {
            return database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                            + " FROM audit_log WHERE project_id = :projectId AND id > :afterId ORDER BY id LIMIT :limit")
                    .bind("projectId", projectId)
                    .bind("afterId", afterId)
                    .bind("limit", limit)
                    .map(JdbcAuditLog::map)
                    .list());
        } catch (JdbiException e) {
            throw StoreFailures.wrap("read the audit log of project " + projectId, e);
        }
    }

    /** Every record about one entity (e.g. {@code charter}, {@code titanic}), oldest first; empty if none. */
    public List<AuditRecord> listForEntity(String entityType, String entityId) {
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        try {
            return database.jdbi().withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                            + " FROM audit_log WHERE entity_type = :entityType AND entity_id = :entityId ORDER BY id")
                    .bind("entityType", entityType)
                    .bind("entityId", entityId)
                    .map(JdbcAuditLog::map)
                    .list());
        } catch (JdbiException e) {
            throw StoreFailures.wrap("read the audit log of " + entityType + " " + entityId, e);
        }
    }

    private static AuditRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditRecord(rs.getLong("id"), new AuditEvent(
                rs.getObject("project_id", Long.class),
                rs.getObject("actor_id", Long.class),
                rs.getString("actor_name"),
                rs.getString("action"),
                rs.getString("entity_type"),
                rs.getString("entity_id"),
                rs.getString("before_json"),
                rs.getString("after_json"),
                SqlSupport.instant(rs, "at")));
    }
}
