package dev.gyre.server.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The platform's records around pipeline runs, in the metadata store: each run's context (project, the user it acts
 * as, its trigger; table {@code pipeline_run_contexts}) and the pipelines projects store with their triggers
 * ({@code pipeline_definitions}).
 */
public final class PipelineCatalog {

    /**
     * A run's context.
     *
     * @param trigger {@code manual}, {@code schedule:<pipeline>} or {@code alert:<rule>}
     */
    public record Context(String runId, long projectId, long userId, String trigger, Instant createdAt) {
    }

    /**
     * A stored pipeline.
     *
     * @param spec          the spec's canonical JSON (file references resolved)
     * @param schedule      a cron expression (UTC), or null
     * @param onAlert       the deployments whose retraining alerts start it
     * @param ownerId       the user its triggered runs act as (who stored it last)
     * @param lastScheduled the latest scheduled time a run was started for, or null
     */
    public record Definition(long projectId, String name, String spec, String schedule, List<String> onAlert, long ownerId,
                      Instant updatedAt, Instant lastScheduled) {
        public Definition {
            onAlert = List.copyOf(onAlert);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database database;

    PipelineCatalog(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    void saveContext(Context context) {
        database.change("save pipeline run context", h -> h.createUpdate("INSERT INTO pipeline_run_contexts (run_id,"
                        + " project_id, user_id, trigger_name, created_at) VALUES (:run, :project, :user, :trigger,"
                        + " :created)")
                .bind("run", context.runId()).bind("project", context.projectId()).bind("user", context.userId())
                .bind("trigger", context.trigger()).bind("created", context.createdAt().toEpochMilli()).execute());
    }

    Optional<Context> context(String runId) {
        return database.read("read pipeline run context", h -> h.createQuery("SELECT run_id, project_id, user_id,"
                        + " trigger_name, created_at FROM pipeline_run_contexts WHERE run_id = :run")
                .bind("run", runId).map((rs, ctx) -> new Context(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)))).findOne());
    }

    /** Records that {@code driver} drives (or will drive) these runs, as of {@code at}. */
    void heartbeat(java.util.Collection<String> runIds, String driver, Instant at) {
        database.change("pipeline run heartbeat", h -> {
            for (String id : runIds) {
                h.createUpdate("UPDATE pipeline_run_contexts SET driver = :driver, heartbeat = :at WHERE run_id = :run")
                        .bind("driver", driver).bind("at", at.toEpochMilli()).bind("run", id).execute();
            }
            return null;
        });
    }

    /** The running runs whose driver's latest heartbeat is older than {@code before}, or that never had one. */
    List<String> staleRunning(Instant before) {
        return database.read("find pipeline runs without a driver", h -> h.createQuery("SELECT c.run_id FROM"
                        + " pipeline_run_contexts c JOIN pipeline_runs r ON r.id = c.run_id WHERE r.status = :running"
                        + " AND (c.heartbeat IS NULL OR c.heartbeat < :before) ORDER BY c.run_id")
                .bind("running", dev.gyre.pipelines.RunStatus.RUNNING.name()).bind("before", before.toEpochMilli())
                .mapTo(String.class).list());
    }

    /** The ids of a project's latest {@code limit} runs, newest first. */
    List<String> runIds(long projectId, int limit) {
        return database.read("list pipeline runs of a project", h -> h.createQuery("SELECT run_id FROM"
                        + " pipeline_run_contexts WHERE project_id = :project ORDER BY created_at DESC, run_id DESC")
                .bind("project", projectId).setMaxRows(limit).mapTo(String.class).list());
    }

    /** Stores or replaces a definition; the schedule's claim starts again from {@code updatedAt}. */
    void put(Definition definition) {
        database.change("store pipeline", h -> {
            h.createUpdate("DELETE FROM pipeline_definitions WHERE project_id = :project AND name = :name")
                    .bind("project", definition.projectId()).bind("name", definition.name()).execute();
            h.createUpdate("INSERT INTO pipeline_definitions (project_id, name, spec, schedule, on_alert, owner_id,"
                            + " updated_at, last_scheduled) VALUES (:project, :name, :spec, :schedule, :onAlert,"
                            + " :owner, :updated, NULL)")
                    .bind("project", definition.projectId()).bind("name", definition.name())
                    .bind("spec", definition.spec()).bind("schedule", definition.schedule())
                    .bind("onAlert", write(definition.onAlert())).bind("owner", definition.ownerId())
                    .bind("updated", definition.updatedAt().toEpochMilli()).execute();
            return null;
        });
    }

    Optional<Definition> definition(long projectId, String name) {
        return database.read("read pipeline", h -> h.createQuery(SELECT + " WHERE project_id = :project AND"
                + " name = :name").bind("project", projectId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    List<Definition> definitions(long projectId) {
        return database.read("list pipelines", h -> h.createQuery(SELECT + " WHERE project_id = :project ORDER BY"
                + " name").bind("project", projectId).map((rs, ctx) -> row(rs)).list());
    }

    /** Every stored pipeline of every project (for schedules and alerts). */
    List<Definition> all() {
        return database.read("list all pipelines", h -> h.createQuery(SELECT + " ORDER BY project_id, name")
                .map((rs, ctx) -> row(rs)).list());
    }

    boolean delete(long projectId, String name) {
        return database.change("delete pipeline", h -> h.createUpdate("DELETE FROM pipeline_definitions WHERE"
                + " project_id = :project AND name = :name").bind("project", projectId).bind("name", name)
                .execute()) > 0;
    }

    /**
     * Claims the scheduled time {@code at} of a pipeline for this replica: true for exactly one caller per time,
     * whichever replica asks first.
     */
    boolean claimSchedule(long projectId, String name, Instant at) {
        return database.change("claim pipeline schedule", (Handle h) -> h.createUpdate("UPDATE pipeline_definitions"
                        + " SET last_scheduled = :at WHERE project_id = :project AND name = :name AND (last_scheduled"
                        + " IS NULL OR last_scheduled < :at)")
                .bind("at", at.toEpochMilli()).bind("project", projectId).bind("name", name).execute()) == 1;
    }

    private static final String SELECT = "SELECT project_id, name, spec, schedule, on_alert, owner_id, updated_at,"
            + " last_scheduled FROM pipeline_definitions";

    private static Definition row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long last = rs.getLong(8);
        Instant lastScheduled = rs.wasNull() ? null : Instant.ofEpochMilli(last);
        return new Definition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), read(rs.getString(5)),
                rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)), lastScheduled);
    }

    private static String write(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write a list of deployments.", e);
        }
    }

    private static List<String> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("A stored pipeline's alert list is not readable.", e);
        }
    }
}
