package dev.gyre.server.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gyre.core.GyreException;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.StepKey;
import dev.gyre.pipelines.StepRun;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@link RunStore} of the platform, in the metadata store (tables {@code pipeline_runs},
 * {@code pipeline_step_runs}, {@code pipeline_successes}, {@code pipeline_events}): runs survive a restart, and
 * {@link #markInterrupted} at start marks the ones a stopped platform left running. Each record is kept as JSON
 * beside the columns it is found by; every method is one transaction.
 */
public final class JdbcRunStore implements RunStore {
    private final Database database;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // the library keeps whole numbers as Long and others as Double; read them back the same, so a stored
            // run equals the one written (the runner compares them to notice a change by another runner)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    public JdbcRunStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void createRun(PipelineRun run) {
        try {
            database.change("create pipeline run", h -> h.createUpdate("INSERT INTO pipeline_runs (id, pipeline,"
                            + " status, created_at, body) VALUES (:id, :pipeline, :status, :created, :body)")
                    .bind("id", run.id()).bind("pipeline", run.pipeline()).bind("status", run.status().name())
                    .bind("created", run.createdAt().toEpochMilli()).bind("body", write(run)).execute());
        } catch (RuntimeException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("A pipeline run with id '" + run.id() + "' already exists.");
            }
            throw e;
        }
    }

    @Override
    public PipelineRun getRun(String id) {
        return database.read("read pipeline run", h -> find(h, id));
    }

    private PipelineRun find(Handle h, String id) {
        return h.createQuery("SELECT body FROM pipeline_runs WHERE id = :id").bind("id", id).mapTo(String.class)
                .findOne().map(body -> read(body, PipelineRun.class))
                .orElseThrow(() -> new GyreException.NotFound("No pipeline run has the id '" + id
                        + "'; list the runs to find it."));
    }

    @Override
    public void updateRun(PipelineRun run, RunStatus expected) {
        database.change("update pipeline run", h -> {
            int changed = h.createUpdate("UPDATE pipeline_runs SET status = :status, body = :body WHERE id = :id"
                            + " AND status = :expected")
                    .bind("status", run.status().name()).bind("body", write(run)).bind("id", run.id())
                    .bind("expected", expected.name()).execute();
            if (changed == 0) {
                PipelineRun stored = find(h, run.id());
                throw new GyreException.Conflict("Pipeline run '" + run.id() + "' is " + stored.status().id()
                        + ", not " + expected.id() + "; it was changed meanwhile, read it again.");
            }
            return null;
        });
    }

    @Override
    public List<PipelineRun> listRuns() {
        return database.read("list pipeline runs", h -> h.createQuery("SELECT body FROM pipeline_runs"
                        + " ORDER BY created_at DESC, id DESC").mapTo(String.class).list()).stream()
                .map(body -> read(body, PipelineRun.class)).toList();
    }

    @Override
    public void saveStepRun(StepRun stepRun) {
        database.change("save step run", h -> {
            find(h, stepRun.runId());
            String body = write(stepRun);
            h.createUpdate("DELETE FROM pipeline_step_runs WHERE run_id = :run AND seq = :seq")
                    .bind("run", stepRun.runId()).bind("seq", stepRun.seq()).execute();
            long position = h.createQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM pipeline_successes")
                    .mapTo(Long.class).one();
            h.createUpdate("INSERT INTO pipeline_step_runs (run_id, seq, step_key, status, saved, body) VALUES (:run,"
                            + " :seq, :key, :status, :saved, :body)")
                    .bind("run", stepRun.runId()).bind("seq", stepRun.seq()).bind("key", stepRun.key().hash())
                    .bind("status", stepRun.status().name()).bind("saved", position).bind("body", body).execute();
            if (stepRun.status() == StepRun.Status.SUCCEEDED) {
                h.createUpdate("INSERT INTO pipeline_successes (position, step_key, run_id, seq, body) VALUES"
                                + " (:position, :key, :run, :seq, :body)")
                        .bind("position", position).bind("key", stepRun.key().hash()).bind("run", stepRun.runId())
                        .bind("seq", stepRun.seq()).bind("body", body).execute();
            }
            return null;
        });
    }

    @Override
    public List<StepRun> stepRuns(String runId) {
        return database.read("list step runs", h -> h.createQuery("SELECT body FROM pipeline_step_runs"
                        + " WHERE run_id = :run ORDER BY seq").bind("run", runId).mapTo(String.class).list()).stream()
                .map(body -> read(body, StepRun.class)).toList();
    }

    @Override
    public Optional<StepRun> findSucceeded(StepKey key) {
        return database.read("find cached step run", h -> h.createQuery("SELECT body FROM pipeline_successes"
                        + " WHERE step_key = :key ORDER BY position DESC LIMIT 1").bind("key", key.hash())
                .mapTo(String.class).findOne()).map(body -> read(body, StepRun.class));
    }

    @Override
    public void appendEvent(RunEvent event) {
        database.change("append pipeline event", h -> {
            find(h, event.runId());
            int position = h.createQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM pipeline_events"
                    + " WHERE run_id = :run").bind("run", event.runId()).mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO pipeline_events (run_id, position, body) VALUES (:run, :position, :body)")
                    .bind("run", event.runId()).bind("position", position).bind("body", write(event)).execute();
            return null;
        });
    }

    @Override
    public List<RunEvent> events(String runId) {
        return database.read("list pipeline events", h -> h.createQuery("SELECT body FROM pipeline_events"
                        + " WHERE run_id = :run ORDER BY position").bind("run", runId).mapTo(String.class).list())
                .stream().map(body -> read(body, RunEvent.class)).toList();
    }

    @Override
    public List<PipelineRun> markInterrupted(Instant at) {
        return database.change("mark interrupted pipeline runs", h -> mark(h, at, h.createQuery("SELECT body FROM"
                        + " pipeline_runs WHERE status = :status").bind("status", RunStatus.RUNNING.name())
                .mapTo(String.class).list()));
    }

    @Override
    public List<PipelineRun> markInterrupted(Instant at, java.util.Collection<String> runIds) {
        return database.change("mark interrupted pipeline runs", h -> {
            List<String> running = new ArrayList<>();
            for (String id : runIds) {
                h.createQuery("SELECT body FROM pipeline_runs WHERE id = :id AND status = :status").bind("id", id)
                        .bind("status", RunStatus.RUNNING.name()).mapTo(String.class).findOne().ifPresent(running::add);
            }
            return mark(h, at, running);
        });
    }

    private List<PipelineRun> mark(Handle h, Instant at, List<String> running) {
        List<PipelineRun> marked = new ArrayList<>();
        for (String body : running) {
            PipelineRun run = read(body, PipelineRun.class);
            PipelineRun interrupted = run.with(RunStatus.INTERRUPTED, "The platform stopped while the run was"
                    + " running; resume it to continue.", null, at);
            h.createUpdate("UPDATE pipeline_runs SET status = :status, body = :body WHERE id = :id")
                    .bind("status", interrupted.status().name()).bind("body", write(interrupted))
                    .bind("id", run.id()).execute();
            List<String> steps = h.createQuery("SELECT body FROM pipeline_step_runs WHERE run_id = :run"
                    + " AND status = :status").bind("run", run.id()).bind("status", StepRun.Status.RUNNING.name())
                    .mapTo(String.class).list();
            for (String stepBody : steps) {
                StepRun step = read(stepBody, StepRun.class).interrupted(at);
                h.createUpdate("UPDATE pipeline_step_runs SET status = :status, body = :body WHERE run_id = :run"
                                + " AND seq = :seq")
                        .bind("status", step.status().name()).bind("body", write(step)).bind("run", step.runId())
                        .bind("seq", step.seq()).execute();
            }
            marked.add(interrupted);
        }
        return List.copyOf(marked);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("A pipeline record could not be written as JSON: " + e.getMessage(), e);
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("A stored pipeline record could not be read (" + e.getOriginalMessage()
                    + "); the table was changed outside Gyre.", e);
        }
    }
}
