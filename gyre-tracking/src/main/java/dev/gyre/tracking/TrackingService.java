package dev.gyre.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.tracking.internal.MetricRow;
import dev.gyre.tracking.internal.PageTokens;
import dev.gyre.tracking.internal.RunNames;
import dev.gyre.tracking.internal.Validation;
import dev.gyre.tracking.search.Comparison;
import dev.gyre.tracking.search.FilterParser;
import dev.gyre.tracking.search.OrderBy;
import dev.gyre.tracking.search.SearchSchema;
import dev.gyre.tracking.search.SearchSql;
import dev.gyre.tracking.search.SqlQuery;
import dev.gyre.tracking.search.index.SearchIndex;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Experiment tracking with MLflow's entities and semantics: experiments, runs, write-once parameters,
 * last-write-wins tags, append-only metric histories with a latest value per key, dataset inputs, and
 * search. The one service behind both the native API and the MLflow-compatible REST API.
 *
 * <p>Validation and limits are MLflow's (see {@link Validation}); errors map to MLflow's codes:
 * {@link GyreException.InvalidArgument} → {@code INVALID_PARAMETER_VALUE},
 * {@link GyreException.AlreadyExists} → {@code RESOURCE_ALREADY_EXISTS},
 * {@link GyreException.NotFound} → {@code RESOURCE_DOES_NOT_EXIST}. Database failures surface as
 * {@link GyreException.NotReady} (unreachable) or {@link GyreException.Internal}. Every method that
 * writes several rows does so in one transaction; writes to one run are serialised by a lock on its row.
 * Concurrent metric-only log calls are written together in group commits ({@link MetricBatchWriter});
 * each still returns only after its own points have committed.
 *
 * <p>Run search is answered from an in-memory {@link SearchIndex} where it can be, with exactly the
 * results of the SQL search; the service tells the index about each of its writes after they commit.
 * The index only sees this service's writes: with several processes writing one database it must be
 * turned off ({@link SearchIndexSettings#disabled()}).
 * Thread-safe.
 */
public final class TrackingService {

    /** The id of the experiment MLflow clients use when they name none. */
    public static final String DEFAULT_EXPERIMENT_ID = "0";
    /** Its name. */
    public static final String DEFAULT_EXPERIMENT_NAME = "Default";
    /** Points per metric history page when the caller gives no {@code max_results}. */
    public static final int METRIC_HISTORY_DEFAULT_PAGE = 25_000;
    /** The largest metric history page. */
    public static final int METRIC_HISTORY_MAX_PAGE = 100_000;

    private static final int LOAD_CHUNK = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERIMENT_COLUMNS =
            "experiment_id, project_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";
    /** Points a group commit takes at most (a call is never split). */
    private static final int GROUP_COMMIT_POINTS = 10_000;
    /** Group commits written at the same time: one is written while the previous one's commit is flushed. */
    private static final int GROUP_COMMIT_WRITERS = 2;

    private final Database database;
    private final String artifactRootUri;
    private final Clock clock;
    private final AuditSink audit;
    private final SearchIndex index;
    private final MetricBatchWriter metricWriter;

    /**
     * A service whose run searches use the search index with its default limits.
     *
     * @param artifactRootUri the default artifact root: a new experiment without an artifact location gets
     *                        {@code <root>/<experiment_id>}, and its runs {@code <location>/<run_id>/artifacts}
     */
    public TrackingService(Database database, String artifactRootUri, Clock clock, AuditSink audit) {
        this(database, artifactRootUri, clock, audit, SearchIndexSettings.defaults());
    }

    /**
     * @param artifactRootUri the default artifact root (see above)
     * @param searchIndex     whether and how run searches use the in-memory index; only a single process
     *                        writing the database may enable it
     */
    public TrackingService(Database database, String artifactRootUri, Clock clock, AuditSink audit,
                           SearchIndexSettings searchIndex) {
        this.database = Objects.requireNonNull(database, "database");
        Objects.requireNonNull(artifactRootUri, "artifactRootUri");
        this.artifactRootUri = artifactRootUri.endsWith("/")
                ? artifactRootUri.substring(0, artifactRootUri.length() - 1) : artifactRootUri;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.index = new SearchIndex(database, Objects.requireNonNull(searchIndex, "searchIndex"));
        this.metricWriter = new MetricBatchWriter(database, index, GROUP_COMMIT_POINTS, GROUP_COMMIT_WRITERS);
    }

    /** The run search index (for tests and monitoring). */
    SearchIndex searchIndex() {
        return index;
    }

    /** The group commit writer of metric-only log calls (for tests). */
    MetricBatchWriter metricWriter() {
        return metricWriter;
    }

    // ---------------------------------------------------------------- experiments

    /**
     * Creates the default experiment ({@code "0"}, named {@code Default}) unless it exists. Idempotent;
     * meant for start-up, so MLflow clients that name no experiment find it.
     */
    public Experiment ensureDefaultExperiment() {
        return call("create the default experiment", () -> database.jdbi().inTransaction(handle -> {
            Optional<Experiment> existing = findExperiment(handle, 0L);
            if (existing.isPresent()) {
                return existing.get();
            }
            long now = clock.millis();
            try {
                handle.createUpdate("INSERT INTO experiments (" + EXPERIMENT_COLUMNS + ") VALUES (0, NULL, :name,"
                                + " :location, 'active', :now, :now)")
                        .bind("name", DEFAULT_EXPERIMENT_NAME)
                        .bind("location", artifactRootUri + "/0")
                        .bind("now", now)
                        .execute();
            } catch (JdbiException e) {
                if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                    throw new GyreException.AlreadyExists("An experiment named '" + DEFAULT_EXPERIMENT_NAME
                            + "' exists but is not the default experiment 0. Rename it, then start again.");
                }
                throw e;
            }
            return findExperiment(handle, 0L).orElseThrow();
        }));
    }

    /**
     * Creates an experiment.
     *
     * @param artifactLocation where its runs' artifacts go, or {@code null} for {@code <root>/<id>}
     * @param tags             initial tags (may be empty, not null)
     * @param projectId        the Gyre project it belongs to, or {@code null}
     * @param actor            who creates it (for the audit log), or {@code null}
     * @return the new experiment's id
     * @throws GyreException.InvalidArgument  for an empty or over-long name or a bad tag
     * @throws GyreException.AlreadyExists    when an experiment (active or deleted) has this name
     * @throws GyreException.NotFound         when the project does not exist
     */
    public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags, Long projectId,
                                   User actor) {
        Validation.experimentName(name);
        Validation.length("artifact location", artifactLocation, 2000);
        List<ExperimentTag> tagList = tags == null ? List.of() : tags;
        for (ExperimentTag tag : tagList) {
            validateExperimentTag(tag.key(), tag.value());
        }
        long now = clock.millis();
        try {
            Experiment created = database.jdbi().inTransaction(handle -> {
                long id = handle.createUpdate("INSERT INTO experiments (project_id, name, artifact_location,"
                                + " lifecycle_stage, creation_time, last_update_time)"
                                + " VALUES (:projectId, :name, :location, 'active', :now, :now)")
                        .bind("projectId", projectId)
                        .bind("name", name)
                        .bind("location", artifactLocation)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("experiment_id")
                        .mapTo(Long.class)
                        .one();
                if (artifactLocation == null || artifactLocation.isEmpty()) {
                    handle.createUpdate("UPDATE experiments SET artifact_location = :location WHERE experiment_id = :id")
                            .bind("location", artifactRootUri + "/" + id)
                            .bind("id", id)
                            .execute();
                }
                Map<String, String> unique = new LinkedHashMap<>();
                tagList.forEach(tag -> unique.put(tag.key(), tag.value()));
                insertExperimentTags(handle, id, unique);
                Experiment experiment = findExperiment(handle, id).orElseThrow();
                audit.record(new AuditEvent(projectId, actor == null ? null : actor.id(),
                        actor == null ? null : actor.username(), "experiment.create", "experiment",
                        experiment.experimentId(), null, json(experiment), clock.instant()));
                return experiment;
            });
            return created.experimentId();
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw experimentNameTaken(name);
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.FOREIGN_KEY_VIOLATION)) {
                throw new GyreException.NotFound("Project " + projectId + " does not exist. Create the project"
                        + " first, or create the experiment without a project.");
            }
            throw StoreFailures.wrap("create experiment '" + Validation.abbreviate(name) + "'", e);
        }
    }

    /**
     * The experiment with this id, active or deleted.
     *
     * @throws GyreException.InvalidArgument when the id is not a number
     * @throws GyreException.NotFound        when there is none
     */
    public Experiment getExperiment(String experimentId) {
        long id = experimentId(experimentId);
        return call("read experiment " + experimentId, () -> database.jdbi()
                .withHandle(handle -> findExperiment(handle, id))
                .orElseThrow(() -> experimentNotFound(experimentId)));
    }

    /**
     * The experiment with this name, active or deleted.
     *
     * @throws GyreException.NotFound when there is none
     */
    public Experiment getExperimentByName(String name) {
        Validation.required("experiment_name", name);
        return call("read experiment '" + Validation.abbreviate(name) + "'", () -> database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT experiment_id FROM experiments WHERE name = :name")
                        .bind("name", name).mapTo(Long.class).findOne()
                        .flatMap(id -> findExperiment(handle, id)))
                .orElseThrow(() -> new GyreException.NotFound("Could not find experiment with name '"
                        + Validation.abbreviate(name) + "'.")));
    }

    /**
     * Experiments matching a filter on {@code name}/{@code attributes.name} ({@code = != LIKE ILIKE}),
     * {@code creation_time}/{@code last_update_time} (numeric) and {@code tags.<key>}.
     *
     * @param filter     MLflow filter, or {@code null}
     * @param orderBy    e.g. {@code ["name ASC"]}; default {@code creation_time DESC, experiment_id ASC}
     * @param maxResults 1..50 000, {@code null} for 1000
     * @param pageToken  the previous page's {@code nextPageToken}, or {@code null}
     * @param viewType   {@code null} for {@link ViewType#ACTIVE_ONLY}
     */
    public ExperimentPage searchExperiments(String filter, List<String> orderBy, Integer maxResults, String pageToken,
                                            ViewType viewType) {
        int limit = Validation.maxResults(maxResults, Validation.MAX_RESULTS_DEFAULT, Validation.MAX_RESULTS_LIMIT);
        long offset = PageTokens.offset(pageToken);
        SqlQuery query = SearchSql.experiments(stages(viewType),
                FilterParser.parseFilter(filter, SearchSchema.EXPERIMENTS),
                FilterParser.parseOrderBy(orderBy, SearchSchema.EXPERIMENTS), limit + 1, offset);
        return call("search experiments", () -> database.jdbi().withHandle(handle -> {
            List<Long> ids = bindAll(handle.createQuery(query.sql()), query.parameters()).mapTo(Long.class).list();
            String next = null;
            if (ids.size() > limit) {
                ids = ids.subList(0, limit);
                next = PageTokens.offset(offset + limit);
            }
            return new ExperimentPage(loadExperiments(handle, ids), next);
        }));
    }

    /**
     * Renames an active experiment.
     *
     * @throws GyreException.InvalidArgument for a bad name or a deleted experiment
     * @throws GyreException.AlreadyExists   when another experiment has the name
     * @throws GyreException.NotFound        when the experiment does not exist
     */
    public Experiment updateExperiment(String experimentId, String newName) {
        long id = experimentId(experimentId);
        Validation.experimentName(newName);
        try {
            return database.jdbi().inTransaction(handle -> {
                Experiment before = findExperiment(handle, id).orElseThrow(() -> experimentNotFound(experimentId));
                if (before.lifecycleStage() != LifecycleStage.ACTIVE) {
                    throw new GyreException.InvalidArgument("Cannot rename a non-active experiment: experiment "
                            + experimentId + " is deleted. Restore it first.");
                }
                handle.createUpdate("UPDATE experiments SET name = :name, last_update_time = :now"
                                + " WHERE experiment_id = :id")
                        .bind("name", newName).bind("now", clock.millis()).bind("id", id).execute();
                Experiment after = findExperiment(handle, id).orElseThrow();
                auditChange(after.projectId(), "experiment.rename", "experiment", experimentId, before, after);
                return after;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw experimentNameTaken(newName);
            }
            throw StoreFailures.wrap("rename experiment " + experimentId, e);
        }
    }

    /**
     * Marks an experiment and its active runs deleted; its name stays reserved. Idempotent.
     *
     * @throws GyreException.InvalidArgument for the default experiment
     * @throws GyreException.NotFound        when it does not exist
     */
    public void deleteExperiment(String experimentId) {
        long id = experimentId(experimentId);
        if (id == 0) {
            throw new GyreException.InvalidArgument("Cannot delete the default experiment '0'. It is reserved for"
                    + " runs that name no experiment.");
        }
        setExperimentStage(experimentId, id, LifecycleStage.DELETED);
    }

    /**
     * Restores a deleted experiment and the runs that were deleted with it. Idempotent.
     *
     * @throws GyreException.NotFound when it does not exist
     */
    public void restoreExperiment(String experimentId) {
        setExperimentStage(experimentId, experimentId(experimentId), LifecycleStage.ACTIVE);
    }

    private void setExperimentStage(String experimentId, long id, LifecycleStage stage) {
        writeRuns((stage == LifecycleStage.DELETED ? "delete" : "restore") + " experiment " + experimentId,
                (handle, touched) -> {
                    Experiment before = findExperiment(handle, id).orElseThrow(() -> experimentNotFound(experimentId));
                    if (before.lifecycleStage() == stage) {
                        return null;
                    }
                    touched.experimentId = id;
                    // lock the runs in run id order, as group commits do, so the two never deadlock
                    handle.createQuery("SELECT run_uuid FROM runs WHERE experiment_id = :id ORDER BY run_uuid"
                                    + " FOR UPDATE")
                            .bind("id", id).mapTo(String.class).list();
                    long now = clock.millis();
                    handle.createUpdate("UPDATE experiments SET lifecycle_stage = :stage, last_update_time = :now"
                                    + " WHERE experiment_id = :id")
                            .bind("stage", stage.wireName()).bind("now", now).bind("id", id).execute();
                    if (stage == LifecycleStage.DELETED) {
                        handle.createUpdate("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = :now"
                                        + " WHERE experiment_id = :id AND lifecycle_stage = 'active'")
                                .bind("now", now).bind("id", id).execute();
                    } else {
                        // the runs deleted together with the experiment, not those deleted before it
                        handle.createUpdate("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL"
                                        + " WHERE experiment_id = :id AND lifecycle_stage = 'deleted'"
                                        + " AND deleted_time = :deletedAt")
                                .bind("id", id).bind("deletedAt", before.lastUpdateTime()).execute();
                    }
                    Experiment after = findExperiment(handle, id).orElseThrow();
                    auditChange(after.projectId(), stage == LifecycleStage.DELETED ? "experiment.delete"
                            : "experiment.restore", "experiment", experimentId, before, after);
                    return null;
                }, index::invalidate);
    }

    /**
     * Sets a tag on an active experiment (last write wins).
     *
     * @throws GyreException.InvalidArgument for a bad key, a value over 5000 characters, or a deleted experiment
     * @throws GyreException.NotFound        when the experiment does not exist
     */
    public void setExperimentTag(String experimentId, String key, String value) {
        long id = experimentId(experimentId);
        validateExperimentTag(key, value);
        call("set a tag on experiment " + experimentId, () -> database.jdbi().useTransaction(handle -> {
            lockActiveExperiment(handle, experimentId, id);
            handle.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = :id AND tag_key = :key")
                    .bind("id", id).bind("key", key).execute();
            insertExperimentTags(handle, id, Map.of(key, value));
        }));
    }

    /**
     * Deletes a tag of an active experiment.
     *
     * @throws GyreException.NotFound        when the experiment or the tag does not exist
     * @throws GyreException.InvalidArgument for a deleted experiment
     */
    public void deleteExperimentTag(String experimentId, String key) {
        long id = experimentId(experimentId);
        Validation.required("key", key);
        call("delete a tag of experiment " + experimentId, () -> database.jdbi().useTransaction(handle -> {
            lockActiveExperiment(handle, experimentId, id);
            int deleted = handle.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = :id AND tag_key = :key")
                    .bind("id", id).bind("key", key).execute();
            if (deleted == 0) {
                throw new GyreException.NotFound("No tag with name: " + Validation.abbreviate(key)
                        + " in experiment with id " + experimentId + ".");
            }
        }));
    }

    // ---------------------------------------------------------------- runs

    /**
     * Creates a RUNNING run in an active experiment.
     *
     * @param userId    the MLflow user id (free text), or {@code null}
     * @param startTime epoch milliseconds, or {@code null} for now
     * @param runName   the name, or {@code null} to take the {@code mlflow.runName} tag or generate one
     * @param tags      initial tags (may be empty); {@code mlflow.runName} is set to the run name
     * @throws GyreException.InvalidArgument for a deleted experiment, a bad tag, or a run name that differs
     *                                       from the {@code mlflow.runName} tag
     * @throws GyreException.NotFound        when the experiment does not exist
     */
    public Run createRun(String experimentId, String userId, Long startTime, String runName, List<RunTag> tags) {
        long expId = experimentId(experimentId);
        List<RunTag> tagList = tags == null ? List.of() : tags;
        for (RunTag tag : tagList) {
            validateRunTag(tag.key(), tag.value());
        }
        Validation.length("user id", userId, 256);
        Validation.length("run name", runName, Validation.MAX_RUN_NAME_LENGTH);
        Map<String, String> tagMap = new LinkedHashMap<>();
        tagList.forEach(tag -> tagMap.put(tag.key(), tag.value()));
        String nameTag = tagMap.get(RunTag.RUN_NAME);
        if (runName != null && !runName.isEmpty() && nameTag != null && !nameTag.equals(runName)) {
            throw new GyreException.InvalidArgument("Both 'run_name' argument and 'mlflow.runName' tag are specified,"
                    + " but with different values (run_name='" + Validation.abbreviate(runName)
                    + "', mlflow.runName='" + Validation.abbreviate(nameTag) + "'). Give one, or the same value in both.");
        }
        String name = runName != null && !runName.isEmpty() ? runName : nameTag != null ? nameTag : RunNames.random();
        Validation.length("run name", name, Validation.MAX_RUN_NAME_LENGTH);
        tagMap.put(RunTag.RUN_NAME, name);
        String runId = newRunId();
        long start = startTime != null ? startTime : clock.millis();
        Run created = writeRuns("create a run in experiment " + experimentId, (handle, touched) -> {
            Experiment experiment = lockActiveExperiment(handle, experimentId, expId);
            touched.experimentId = expId;
            String location = experiment.artifactLocation() != null ? experiment.artifactLocation()
                    : artifactRootUri + "/" + expId;
            handle.createUpdate("INSERT INTO runs (" + RunReader.RUN_COLUMNS + ") VALUES (:id, :experimentId, :name, :userId,"
                            + " 'RUNNING', :start, NULL, 'active', :uri)")
                    .bind("id", runId).bind("experimentId", expId).bind("name", name).bind("userId", userId)
                    .bind("start", start).bind("uri", location + "/" + runId + "/artifacts")
                    .execute();
            PreparedBatch batch = handle.prepareBatch("INSERT INTO tags (run_uuid, tag_key, tag_value)"
                    + " VALUES (:run, :key, :value)");
            tagMap.forEach((key, value) -> batch.bind("run", runId).bind("key", key).bind("value", value).add());
            batch.execute();
            Run run = RunReader.loadRuns(handle, database.dialect(), List.of(runId)).get(0);
            audit.record(new AuditEvent(experiment.projectId(), null, userId, "run.create", "run", runId, null,
                    json(run.info()), clock.instant()));
            return run;
        }, experiment -> {
            // reported below, with the run as created
        });
        RunInfo info = created.info();
        index.runCreated(expId, runId, info.runName(), info.userId(), info.status().name(), info.startTime(),
                info.artifactUri(), tagMap);
        return created;
    }

    /**
     * The run with its latest metrics, params, tags and inputs, active or deleted.
     *
     * @throws GyreException.InvalidArgument for a malformed run id
     * @throws GyreException.NotFound        when there is none
     */
    public Run getRun(String runId) {
        Validation.runId(runId);
        return call("read run " + runId, () -> database.jdbi().withHandle(handle -> {
            List<Run> runs = RunReader.loadRuns(handle, database.dialect(), List.of(runId));
            if (runs.isEmpty()) {
                throw runNotFound(runId);
            }
            return runs.get(0);
        }));
    }

    /**
     * Updates a run's status, end time and name; {@code null} leaves a field unchanged. A new name is also
     * written to the {@code mlflow.runName} tag.
     *
     * @throws GyreException.InvalidArgument for a deleted run or an over-long name
     * @throws GyreException.NotFound        when the run does not exist
     */
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        Validation.runId(runId);
        Validation.length("run name", runName, Validation.MAX_RUN_NAME_LENGTH);
        return writeRuns("update run " + runId, (handle, touched) -> {
            RunRow row = lockActiveRun(handle, runId);
            touched.experimentId = row.experimentId;
            RunInfo before = RunReader.loadRuns(handle, database.dialect(), List.of(runId)).get(0).info();
            handle.createUpdate("UPDATE runs SET status = COALESCE(:status, status), end_time = COALESCE(:end, end_time),"
                            + " run_name = COALESCE(:name, run_name) WHERE run_uuid = :id")
                    .bind("status", status == null ? null : status.name())
                    .bind("end", endTime)
                    .bind("name", runName == null || runName.isEmpty() ? null : runName)
                    .bind("id", runId)
                    .execute();
            if (runName != null && !runName.isEmpty()) {
                upsertTags(handle, runId, Map.of(RunTag.RUN_NAME, runName));
            }
            RunInfo after = RunReader.loadRuns(handle, database.dialect(), List.of(runId)).get(0).info();
            if (status != null && status != before.status()) {
                auditChange(row.projectId, "run.update", "run", runId, before, after);
            }
            return after;
        }, experiment -> index.runChanged(experiment, runId));
    }

    /**
     * Marks a run deleted (it keeps its data and can be restored). Idempotent.
     *
     * @throws GyreException.NotFound when it does not exist
     */
    public void deleteRun(String runId) {
        setRunStage(runId, LifecycleStage.DELETED);
    }

    /**
     * Restores a deleted run. Idempotent.
     *
     * @throws GyreException.NotFound when it does not exist
     */
    public void restoreRun(String runId) {
        setRunStage(runId, LifecycleStage.ACTIVE);
    }

    private void setRunStage(String runId, LifecycleStage stage) {
        Validation.runId(runId);
        writeRuns((stage == LifecycleStage.DELETED ? "delete" : "restore") + " run " + runId,
                (handle, touched) -> {
                    RunRow row = lockRun(handle, runId);
                    if (row.stage == stage) {
                        return null;
                    }
                    touched.experimentId = row.experimentId;
                    handle.createUpdate("UPDATE runs SET lifecycle_stage = :stage, deleted_time = :deleted"
                                    + " WHERE run_uuid = :id")
                            .bind("stage", stage.wireName())
                            .bind("deleted", stage == LifecycleStage.DELETED ? (Long) clock.millis() : null)
                            .bind("id", runId)
                            .execute();
                    audit.record(new AuditEvent(row.projectId, null, null,
                            stage == LifecycleStage.DELETED ? "run.delete" : "run.restore", "run", runId,
                            "{\"lifecycle_stage\":\"" + row.stage.wireName() + "\"}",
                            "{\"lifecycle_stage\":\"" + stage.wireName() + "\"}", clock.instant()));
                    return null;
                }, experiment -> index.runChanged(experiment, runId));
    }

    /**
     * Appends one metric point (see {@link #logBatch}).
     */
    public void logMetric(String runId, String key, double value, long timestamp, long step) {
        logBatch(runId, List.of(new Metric(key, value, timestamp, step)), List.of(), List.of());
    }

    /**
     * Logs a parameter: write-once, so logging the same value again is fine and a different value is refused.
     */
    public void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
    }

    /** Sets a run tag (last write wins); {@code mlflow.runName} also renames the run. */
    public void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), List.of(new RunTag(key, value)));
    }

    /**
     * Deletes a run tag.
     *
     * @throws GyreException.NotFound        when the run or the tag does not exist
     * @throws GyreException.InvalidArgument for a deleted run
     */
    public void deleteTag(String runId, String key) {
        Validation.runId(runId);
        Validation.required("key", key);
        writeRuns("delete a tag of run " + runId, (handle, touched) -> {
            touched.experimentId = lockActiveRun(handle, runId).experimentId;
            int deleted = handle.createUpdate("DELETE FROM tags WHERE run_uuid = :id AND tag_key = :key")
                    .bind("id", runId).bind("key", key).execute();
            if (deleted == 0) {
                throw new GyreException.NotFound("No tag with name: " + Validation.abbreviate(key) + " in run with id "
                        + runId + ".");
            }
            return null;
        }, experiment -> index.runChanged(experiment, runId));
    }

    /**
     * Logs metrics, params and tags to an active run in one transaction: all or nothing. Metric points
     * append to the history (an identical point again is collapsed) and update the latest value of their
     * key when they have a greater (step, timestamp, value); params are write-once; tags last-write-wins.
     *
     * @throws GyreException.InvalidArgument over MLflow's limits (1000 metrics, 100 params, 100 tags, 1000 in
     *                                       all; keys ≤ 250, param values ≤ 6000, tag values ≤ 8000), for a
     *                                       key that is not a clean relative path, a param whose value differs
     *                                       from the one logged, or a deleted run
     * @throws GyreException.NotFound        when the run does not exist
     */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        Validation.runId(runId);
        List<Metric> metricList = metrics == null ? List.of() : metrics;
        List<Param> paramList = params == null ? List.of() : params;
        List<RunTag> tagList = tags == null ? List.of() : tags;
        Validation.batchSize(metricList.size(), paramList.size(), tagList.size());
        for (Metric metric : metricList) {
            Validation.key("metric", metric.key());
        }
        Map<String, String> paramMap = new LinkedHashMap<>();
        for (Param param : paramList) {
            Validation.key("param", param.key());
            Validation.length("param value", param.value(), Validation.MAX_PARAM_VALUE_LENGTH);
            String previous = paramMap.putIfAbsent(param.key(), param.value());
            if (previous != null && !previous.equals(param.value())) {
                throw new GyreException.InvalidArgument("Duplicate parameter keys have been submitted: key '"
                        + Validation.abbreviate(param.key()) + "' with values '" + Validation.abbreviate(previous)
                        + "' and '" + Validation.abbreviate(param.value()) + "'. Log each parameter once.");
            }
        }
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (RunTag tag : tagList) {
            validateRunTag(tag.key(), tag.value());
            tagMap.put(tag.key(), tag.value());
        }
        if (metricList.isEmpty() && paramMap.isEmpty() && tagMap.isEmpty()) {
            call("log to run " + runId, () -> database.jdbi().useTransaction(handle -> lockActiveRun(handle, runId)));
            return;
        }
        if (paramMap.isEmpty() && tagMap.isEmpty()) {
            metricWriter.log(runId, metricList);   // the hot path: group commit
            return;
        }
        MetricStatements.Points points = MetricStatements.Points.of(metricList);
        writeRuns("log to run " + runId, (handle, touched) -> {
            touched.experimentId = lockActiveRun(handle, runId).experimentId;
            if (!paramMap.isEmpty()) {
                logParams(handle, runId, paramMap);
            }
            if (!tagMap.isEmpty()) {
                upsertTags(handle, runId, tagMap);
            }
            if (!metricList.isEmpty()) {
                MetricStatements.write(handle, database.dialect(), Map.of(runId, List.of(points)));
            }
            return null;
        }, experiment -> {
            index.paramsLogged(experiment, runId, paramMap);
            index.metricsLogged(experiment, Map.of(runId, points.latest().values()));
            if (!tagMap.isEmpty()) {
                index.runChanged(experiment, runId);
            }
        });
    }

    /**
     * Records datasets used by an active run. A dataset is identified within the run's experiment by
     * (name, digest) and stored once; using the same dataset again in the same run changes nothing.
     *
     * @throws GyreException.InvalidArgument for over-long fields or a deleted run
     * @throws GyreException.NotFound        when the run does not exist
     */
    public void logInputs(String runId, List<DatasetInput> datasets) {
        Validation.runId(runId);
        List<DatasetInput> inputs = datasets == null ? List.of() : datasets;
        for (DatasetInput input : inputs) {
            Dataset d = input.dataset();
            Validation.length("dataset name", d.name(), Validation.MAX_DATASET_NAME_LENGTH);
            Validation.length("dataset digest", d.digest(), Validation.MAX_DATASET_DIGEST_LENGTH);
            Validation.length("dataset source type", d.sourceType(), Validation.MAX_DATASET_SOURCE_TYPE_LENGTH);
            Validation.length("dataset source", d.source(), Validation.MAX_DATASET_SOURCE_LENGTH);
            Validation.length("dataset schema", d.schema(), Validation.MAX_DATASET_SCHEMA_LENGTH);
            Validation.length("dataset profile", d.profile(), Validation.MAX_DATASET_PROFILE_LENGTH);
            for (InputTag tag : input.tags()) {
                Validation.length("input tag key", tag.key(), Validation.MAX_INPUT_TAG_KEY_LENGTH);
                Validation.length("input tag value", tag.value(), Validation.MAX_INPUT_TAG_VALUE_LENGTH);
            }
        }
        call("log inputs to run " + runId, () -> database.jdbi().useTransaction(handle -> {
            RunRow run = lockActiveRun(handle, runId);
            for (DatasetInput input : inputs) {
                Dataset d = input.dataset();
                Optional<Long> existing = findDataset(handle, run.experimentId, d);
                long datasetId;
                if (existing.isPresent()) {
                    datasetId = existing.get();
                } else {
                    // ON CONFLICT: another run of the experiment may be adding the same dataset right now
                    handle.createUpdate("INSERT INTO datasets (experiment_id, name, digest, source_type,"
                                    + " source, schema_json, profile_json) VALUES (:e, :name, :digest, :type, :source,"
                                    + " :schema, :profile) ON CONFLICT DO NOTHING")
                            .bind("e", run.experimentId).bind("name", d.name()).bind("digest", d.digest())
                            .bind("type", d.sourceType()).bind("source", d.source()).bind("schema", d.schema())
                            .bind("profile", d.profile()).execute();
                    datasetId = findDataset(handle, run.experimentId, d).orElseThrow();
                }
                boolean used = handle.createQuery("SELECT COUNT(*) FROM inputs WHERE dataset_id = :d AND run_uuid = :r")
                        .bind("d", datasetId).bind("r", runId).mapTo(Long.class).one() > 0;
                if (used) {
                    continue;
                }
                long inputId = handle.createUpdate("INSERT INTO inputs (dataset_id, run_uuid) VALUES (:d, :r)")
                        .bind("d", datasetId).bind("r", runId)
                        .executeAndReturnGeneratedKeys("input_id").mapTo(Long.class).one();
                Map<String, String> tags = new LinkedHashMap<>();
                input.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                if (!tags.isEmpty()) {
                    PreparedBatch batch = handle.prepareBatch("INSERT INTO input_tags (input_id, tag_key, tag_value)"
                            + " VALUES (:i, :key, :value)");
                    tags.forEach((key, value) -> batch.bind("i", inputId).bind("key", key).bind("value", value).add());
                    batch.execute();
                }
            }
        }));
    }

    /**
     * One page of a metric's full history in (step, timestamp) order. Reads only the page asked for, so
     * it serves histories of millions of points.
     *
     * @param maxResults 1..100 000, {@code null} for 25 000
     * @param pageToken  the previous page's token, or {@code null} for the first page
     * @throws GyreException.NotFound        when the run does not exist
     * @throws GyreException.InvalidArgument for a bad key, page size or token
     */
    public MetricHistoryPage getMetricHistory(String runId, String key, Integer maxResults, String pageToken) {
        Validation.runId(runId);
        Validation.required("metric_key", key);
        int limit = Validation.maxResults(maxResults, METRIC_HISTORY_DEFAULT_PAGE, METRIC_HISTORY_MAX_PAGE);
        PageTokens.MetricPosition after = PageTokens.metricPosition(pageToken);
        return call("read the history of metric '" + Validation.abbreviate(key) + "' of run " + runId, () ->
                database.jdbi().withHandle(handle -> {
                    boolean exists = handle.createQuery("SELECT COUNT(*) FROM runs WHERE run_uuid = :id")
                            .bind("id", runId).mapTo(Long.class).one() > 0;
                    if (!exists) {
                        throw runNotFound(runId);
                    }
                    String sql = "SELECT metric_key, metric_value, timestamp_ms, step, is_nan FROM metrics"
                            + " WHERE run_uuid = :id AND metric_key = :key"
                            + (after == null ? "" : " AND step >= :step AND (step, timestamp_ms, is_nan, metric_value)"
                            + " > (:step, :ts, :nan, :value)")
                            + " ORDER BY step, timestamp_ms, is_nan, metric_value LIMIT :limit";
                    Query query = handle.createQuery(sql).bind("id", runId).bind("key", key).bind("limit", limit + 1);
                    if (after != null) {
                        query.bind("step", after.step()).bind("ts", after.timestamp()).bind("nan", after.isNan())
                                .bind("value", after.value());
                    }
                    List<MetricRow> rows = query.map((rs, ctx) -> MetricRow.read(rs)).list();
                    String next = null;
                    if (rows.size() > limit) {
                        rows = rows.subList(0, limit);
                        MetricRow last = rows.get(limit - 1);
                        next = PageTokens.metricPosition(new PageTokens.MetricPosition(last.step(),
                                last.timestamp(), last.isNan(), last.storedValue()));
                    }
                    List<Metric> metrics = new ArrayList<>(rows.size());
                    rows.forEach(row -> metrics.add(row.metric()));
                    return new MetricHistoryPage(metrics, next);
                }));
    }

    /**
     * Runs of the given experiments matching an MLflow filter, in the given order (default
     * {@code start_time DESC, run_id ASC}); runs missing an ordered metric, param or tag come last.
     *
     * @param experimentIds at least one experiment id (unknown ids simply match nothing)
     * @param filter        MLflow filter, or {@code null}
     * @param viewType      {@code null} for {@link ViewType#ACTIVE_ONLY}
     * @param maxResults    1..50 000, {@code null} for 1000
     * @param orderBy       e.g. {@code ["metrics.rmse ASC"]}, or {@code null}
     * @param pageToken     the previous page's token, or {@code null}
     * @throws GyreException.InvalidArgument for a bad filter, order, page size, token or experiment id
     */
    public RunPage searchRuns(List<String> experimentIds, String filter, ViewType viewType, Integer maxResults,
                              List<String> orderBy, String pageToken) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw new GyreException.InvalidArgument("Missing value for parameter 'experiment_ids': name at least one"
                    + " experiment to search.");
        }
        List<Long> ids = new ArrayList<>();
        for (String id : experimentIds) {
            ids.add(experimentId(id));
        }
        int limit = Validation.maxResults(maxResults, Validation.MAX_RESULTS_DEFAULT, Validation.MAX_RESULTS_LIMIT);
        long offset = PageTokens.offset(pageToken);
        List<String> stages = stages(viewType);
        List<Comparison> comparisons = FilterParser.parseFilter(filter, SearchSchema.RUNS);
        List<OrderBy> order = FilterParser.parseOrderBy(orderBy, SearchSchema.RUNS);
        Optional<List<String>> indexed = index.search(ids, stages, comparisons, order, limit + 1, offset);
        SqlQuery query = indexed.isPresent() ? null : SearchSql.runs(ids, stages, comparisons, order, limit + 1, offset);
        return call("search runs", () -> database.jdbi().withHandle(handle -> {
            List<String> runIds = query == null ? indexed.get()
                    : bindAll(handle.createQuery(query.sql()), query.parameters()).mapTo(String.class).list();
            String next = null;
            if (runIds.size() > limit) {
                runIds = runIds.subList(0, limit);
                next = PageTokens.offset(offset + limit);
            }
            return new RunPage(RunReader.loadRuns(handle, database.dialect(), runIds), next);
        }));
    }

    // ---------------------------------------------------------------- writes inside a run lock

    private void logParams(Handle handle, String runId, Map<String, String> params) {
        Map<String, String> existing = new HashMap<>();
        List<String> keys = new ArrayList<>(params.keySet());
        handle.createQuery("SELECT param_key, param_value FROM params WHERE run_uuid = :id AND param_key IN (<keys>)")
                .bind("id", runId).bindList("keys", keys)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> existing.put(e.getKey(), e.getValue()));
        PreparedBatch batch = handle.prepareBatch("INSERT INTO params (run_uuid, param_key, param_value)"
                + " VALUES (:run, :key, :value)");
        int added = 0;
        for (Map.Entry<String, String> param : params.entrySet()) {
            String old = existing.get(param.getKey());
            if (old == null) {
                batch.bind("run", runId).bind("key", param.getKey()).bind("value", param.getValue()).add();
                added++;
            } else if (!old.equals(param.getValue())) {
                throw new GyreException.InvalidArgument("Changing param values is not allowed. Param with key='"
                        + Validation.abbreviate(param.getKey()) + "' was already logged with value='"
                        + Validation.abbreviate(old) + "' for run ID='" + runId + "'. Attempted logging new value '"
                        + Validation.abbreviate(param.getValue()) + "'. Log it under another key, or in a new run.");
            }
        }
        if (added > 0) {
            batch.execute();
        }
    }

    private static void upsertTags(Handle handle, String runId, Map<String, String> tags) {
        handle.createUpdate("DELETE FROM tags WHERE run_uuid = :id AND tag_key IN (<keys>)")
                .bind("id", runId).bindList("keys", new ArrayList<>(tags.keySet())).execute();
        PreparedBatch batch = handle.prepareBatch("INSERT INTO tags (run_uuid, tag_key, tag_value)"
                + " VALUES (:run, :key, :value)");
        tags.forEach((key, value) -> batch.bind("run", runId).bind("key", key).bind("value", value).add());
        batch.execute();
        String name = tags.get(RunTag.RUN_NAME);
        if (name != null) {
            Validation.length("run name", name, Validation.MAX_RUN_NAME_LENGTH);
            handle.createUpdate("UPDATE runs SET run_name = :name WHERE run_uuid = :id")
                    .bind("name", name).bind("id", runId).execute();
        }
    }

    // ---------------------------------------------------------------- reading

    private static Optional<Experiment> findExperiment(Handle handle, long id) {
        Optional<Experiment> bare = handle.createQuery("SELECT " + EXPERIMENT_COLUMNS
                        + " FROM experiments WHERE experiment_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> experiment(rs, List.of()))
                .findOne();
        if (bare.isEmpty()) {
            return bare;
        }
        List<ExperimentTag> tags = handle.createQuery("SELECT tag_key, tag_value FROM experiment_tags"
                        + " WHERE experiment_id = :id ORDER BY tag_key")
                .bind("id", id)
                .map((rs, ctx) -> new ExperimentTag(rs.getString(1), rs.getString(2)))
                .list();
        Experiment e = bare.get();
        return Optional.of(new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(),
                e.creationTime(), e.lastUpdateTime(), tags, e.projectId()));
    }

    /** Experiments for the ids, in the order of the ids; unknown ids are left out. */
    private static List<Experiment> loadExperiments(Handle handle, List<Long> ids) {
        List<Experiment> result = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += LOAD_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + LOAD_CHUNK));
            Map<Long, Experiment> bare = new HashMap<>();
            handle.createQuery("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments WHERE experiment_id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> experiment(rs, List.of()))
                    .forEach(e -> bare.put(Long.parseLong(e.experimentId()), e));
            Map<Long, List<ExperimentTag>> tags = new HashMap<>();
            handle.createQuery("SELECT experiment_id, tag_key, tag_value FROM experiment_tags"
                            + " WHERE experiment_id IN (<ids>) ORDER BY experiment_id, tag_key")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), new ExperimentTag(rs.getString(2), rs.getString(3))))
                    .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            for (long id : chunk) {
                Experiment e = bare.get(id);
                if (e != null) {
                    result.add(new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(),
                            e.creationTime(), e.lastUpdateTime(), tags.getOrDefault(id, List.of()), e.projectId()));
                }
            }
        }
        return result;
    }

    private static Experiment experiment(ResultSet rs, List<ExperimentTag> tags) throws SQLException {
        long projectId = rs.getLong("project_id");
        Long project = rs.wasNull() ? null : projectId;
        return new Experiment(Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("artifact_location"), LifecycleStage.parse(rs.getString("lifecycle_stage")),
                rs.getLong("creation_time"), rs.getLong("last_update_time"), tags, project);
    }

    private static Optional<Long> findDataset(Handle handle, long experimentId, Dataset d) {
        return handle.createQuery("SELECT dataset_id FROM datasets WHERE experiment_id = :e AND name = :name"
                        + " AND digest = :digest")
                .bind("e", experimentId).bind("name", d.name()).bind("digest", d.digest())
                .mapTo(Long.class).findOne();
    }

    // ---------------------------------------------------------------- locks and checks

    /** A run row as the write paths need it. */
    private record RunRow(long experimentId, LifecycleStage stage, Long projectId) {
    }

    private static RunRow lockRun(Handle handle, String runId) {
        Optional<Map.Entry<Long, String>> row = handle.createQuery("SELECT experiment_id, lifecycle_stage FROM runs"
                        + " WHERE run_uuid = :id FOR UPDATE")
                .bind("id", runId)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .findOne();
        if (row.isEmpty()) {
            throw runNotFound(runId);
        }
        Long projectId = handle.createQuery("SELECT project_id FROM experiments WHERE experiment_id = :id")
                .bind("id", row.get().getKey())
                .map((rs, ctx) -> {
                    long value = rs.getLong(1);
                    return rs.wasNull() ? null : value;
                })
                .findOne().orElse(null);
        return new RunRow(row.get().getKey(), LifecycleStage.parse(row.get().getValue()), projectId);
    }

    private static RunRow lockActiveRun(Handle handle, String runId) {
        RunRow row = lockRun(handle, runId);
        if (row.stage != LifecycleStage.ACTIVE) {
            throw runNotActive(runId, row.stage);
        }
        return row;
    }

    /** The error of a write to a run that is not active. */
    static GyreException.InvalidArgument runNotActive(String runId, LifecycleStage stage) {
        return new GyreException.InvalidArgument("The run " + runId + " must be in the 'active' state. Current"
                + " state is " + stage.wireName() + ". Restore the run before writing to it.");
    }

    private static Experiment lockActiveExperiment(Handle handle, String experimentId, long id) {
        Optional<String> stage = handle.createQuery("SELECT lifecycle_stage FROM experiments WHERE experiment_id = :id"
                        + " FOR UPDATE")
                .bind("id", id).mapTo(String.class).findOne();
        if (stage.isEmpty()) {
            throw experimentNotFound(experimentId);
        }
        if (LifecycleStage.parse(stage.get()) != LifecycleStage.ACTIVE) {
            throw new GyreException.InvalidArgument("The experiment " + experimentId + " must be in the 'active'"
                    + " state. Current state is deleted. Restore the experiment first.");
        }
        return findExperiment(handle, id).orElseThrow();
    }

    private static void insertExperimentTags(Handle handle, long id, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO experiment_tags (experiment_id, tag_key, tag_value)"
                + " VALUES (:id, :key, :value)");
        tags.forEach((key, value) -> batch.bind("id", id).bind("key", key).bind("value", value).add());
        batch.execute();
    }

    private static void validateExperimentTag(String key, String value) {
        Validation.key("experiment tag", key);
        Validation.required("value", value);
        Validation.length("experiment tag value", value, Validation.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    }

    private static void validateRunTag(String key, String value) {
        Validation.key("tag", key);
        Validation.required("value", value);
        Validation.length("tag value", value, Validation.MAX_TAG_VALUE_LENGTH);
    }

    private static long experimentId(String experimentId) {
        if (experimentId == null || experimentId.isBlank()) {
            throw new GyreException.InvalidArgument("Missing value for parameter 'experiment_id'.");
        }
        try {
            long id = Long.parseLong(experimentId.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Invalid experiment id '" + Validation.abbreviate(experimentId)
                    + "': experiment ids are non-negative whole numbers such as '1'.");
        }
    }

    private static List<String> stages(ViewType viewType) {
        ViewType view = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        List<String> stages = new ArrayList<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            if (view.includes(stage)) {
                stages.add(stage.wireName());
            }
        }
        return stages;
    }

    private static GyreException.NotFound experimentNotFound(String experimentId) {
        return new GyreException.NotFound("No Experiment with id=" + experimentId + " exists.");
    }

    /** The error of a request naming a run that does not exist. */
    static GyreException.NotFound runNotFound(String runId) {
        return new GyreException.NotFound("Run with id=" + runId + " not found.");
    }

    private GyreException experimentNameTaken(String name) {
        boolean deleted = false;
        try {
            deleted = database.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT lifecycle_stage FROM experiments WHERE name = :name")
                    .bind("name", name).mapTo(String.class).findOne()).map("deleted"::equals).orElse(false);
        } catch (JdbiException ignored) {
            // the plain message below is still right
        }
        return new GyreException.AlreadyExists("Experiment(name=" + Validation.abbreviate(name) + ") already exists."
                + (deleted ? " It is deleted: restore it, or choose another name." : " Choose another name."));
    }

    private static String newRunId() {
        UUID uuid = UUID.randomUUID();
        return HexFormat.of().toHexDigits(uuid.getMostSignificantBits())
                + HexFormat.of().toHexDigits(uuid.getLeastSignificantBits());
    }

    private static Query bindAll(Query query, Map<String, Object> parameters) {
        parameters.forEach(query::bind);
        return query;
    }

    private void auditChange(Long projectId, String action, String type, String id, Object before, Object after) {
        audit.record(new AuditEvent(projectId, null, null, action, type, id, json(before), json(after),
                clock.instant()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static <T> T call(String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw StoreFailures.wrap(action, e);
        }
    }

    private static void call(String action, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            throw StoreFailures.wrap(action, e);
        }
    }

    /** The experiment whose runs a write changed, once the write knows it. */
    private static final class Touched {
        long experimentId = -1;
    }

    /**
     * Runs a write to runs in one transaction, then tells the search index: {@code committed} gets the
     * experiment the body recorded in {@link Touched}, after the commit. When the write fails in a way
     * that leaves open whether it committed, the experiment is invalidated in the index instead.
     */
    private <T> T writeRuns(String action, BiFunction<Handle, Touched, T> body, LongConsumer committed) {
        Touched touched = new Touched();
        T result;
        try {
            result = database.jdbi().inTransaction(handle -> body.apply(handle, touched));
        } catch (RuntimeException e) {
            GyreException failure = StoreFailures.wrap(action, e);
            boolean rolledBack = failure instanceof GyreException.InvalidArgument
                    || failure instanceof GyreException.NotFound || failure instanceof GyreException.AlreadyExists;
            if (!rolledBack && touched.experimentId >= 0) {
                index.invalidate(touched.experimentId);
            }
            throw failure;
        }
        if (touched.experimentId >= 0) {
            committed.accept(touched.experimentId);
        }
        return result;
    }
}
