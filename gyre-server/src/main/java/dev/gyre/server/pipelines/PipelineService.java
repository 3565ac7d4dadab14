package dev.gyre.server.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.monitoring.alert.RetrainingRequest;
import dev.gyre.pipelines.CronSchedule;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.PipelineRunner;
import dev.gyre.pipelines.PipelineSpec;
import dev.gyre.pipelines.PipelineSpecParser;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.StepExecutor;
import dev.gyre.pipelines.StepKind;
import dev.gyre.pipelines.StepRun;
import dev.gyre.pipelines.StepSpec;
import dev.gyre.server.pipelines.stages.StageRunContext;
import dev.gyre.server.pipelines.stages.StageRunContexts;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle pipelines on the platform: runs started by a user, a cron schedule or a monitoring alert, driven on a
 * bounded pool of run threads whose steps go to a {@link StepExecutor} (the local one runs the stage handlers on the
 * platform's own threads; another executor runs the same descriptions elsewhere), kept in the metadata store
 * ({@link JdbcRunStore}), decided at checkpoints, approved or rejected by project members, resumed after a failure
 * or a restart.
 *
 * <p>Every run acts as a user in a project ({@link StageRunContexts}): the user who started it, or for a triggered
 * run the user who stored the pipeline. Each step's params carry the project's name, so a cached step is reused
 * only within its project.
 */
public final class PipelineService implements StageRunContexts, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineService.class);

    /** The param every step gets: the project the run belongs to (part of the step's cache key). */
    public static final String PROJECT_PARAM = "project";
    /** The ingest param a retraining trigger sets to the deployment whose feedback is added to the data. */
    public static final String FEEDBACK_PARAM = "feedback_from";
    /** The ingest param a retraining trigger sets to the alert's time: the feedback given up to then is used. */
    public static final String FEEDBACK_UNTIL_PARAM = "feedback_until";
    /** How often stored pipelines' schedules are checked. */
    static final Duration SCHEDULE_CHECK = Duration.ofSeconds(20);
    /** How long a stop waits for run threads to reach their next write. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** How many runs may wait for a run thread before a new start is refused. */
    static final int QUEUE = 64;

    /** How often this process records that it still drives its runs, and looks for runs nobody drives. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How old a driver's latest heartbeat may be before another process takes its runs for stopped. */
    static final Duration STALE = HEARTBEAT.multipliedBy(3);

    /**
     * How the service runs.
     *
     * @param runThreads how many runs are driven at once (each runs one step at a time)
     * @param background whether this process starts scheduled runs and watches other processes' runs (not in a
     *                   step worker)
     * @param exclusive  whether this process alone uses the metadata store (the embedded database): then every run
     *                   left running at start is another's no more; otherwise a run is taken for stopped when its
     *                   driver's heartbeat is older than {@link #STALE}
     */
    public record Settings(int runThreads, boolean background, boolean exclusive) {
        public Settings {
            if (runThreads < 1) {
                throw new IllegalArgumentException("runThreads must be at least 1");
            }
        }
    }

    /**
     * The registry's four-eyes promotions, decided together with a waiting checkpoint: a run that waits after a
     * promote step whose request is pending gets the request approved (or rejected) by the member who approves (or
     * rejects) the run, as that member, so the registry's checks (a second person, an approving role) apply.
     */
    public interface PromotionDecisions {
        /** Decides nothing: runs wait and continue without touching the registry. */
        PromotionDecisions NONE = new PromotionDecisions() {
            @Override
            public void approve(long requestId, User approver, String reason) {
            }

            @Override
            public void reject(long requestId, User approver, String reason) {
            }
        };

        void approve(long requestId, User approver, String reason);

        void reject(long requestId, User approver, String reason);
    }

    private final PipelineCatalog catalog;
    private final PromotionDecisions promotions;
    private final StoppingRunStore store;
    private final ProjectService projects;
    private final LongFunction<Optional<User>> users;
    private final JdbcAuditLog audit;
    private final Function<String, Optional<Long>> deploymentProjects;
    private final StepExecutor executor;
    private final PipelineRunner runner;
    private final ThreadPoolExecutor drivers;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final PipelineSpecParser parser = new PipelineSpecParser();
    private final ThreadLocal<String> nextRunId = new ThreadLocal<>();
    /** This process, as the driver of its runs. */
    private final String replica = UUID.randomUUID().toString();
    /** The runs this process drives or has queued for a run thread. */
    private final java.util.Set<String> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final boolean exclusive;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param store              where runs are kept
     * @param users              finds a user by id
     * @param deploymentProjects the project id of a deployment's model, for retraining alerts
     * @param executors          makes the step executor from the run contexts this service keeps
     * @param promotions         decides a pending promotion together with the checkpoint waiting after it
     * @param codeVersion        the platform's version, part of every step's cache key
     */
    public PipelineService(dev.gyre.store.db.Database database, RunStore store, ProjectService projects,
                           LongFunction<Optional<User>> users, JdbcAuditLog audit,
                           Function<String, Optional<Long>> deploymentProjects,
                           Function<StageRunContexts, StepExecutor> executors, PromotionDecisions promotions,
                           Settings settings, String codeVersion, Clock clock) {
        this.promotions = Objects.requireNonNull(promotions, "promotions");
        this.catalog = new PipelineCatalog(database);
        this.store = new StoppingRunStore(Objects.requireNonNull(store, "store"));
        this.projects = Objects.requireNonNull(projects, "projects");
        this.users = Objects.requireNonNull(users, "users");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.deploymentProjects = Objects.requireNonNull(deploymentProjects, "deploymentProjects");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = executors.apply(this);
        this.runner = new PipelineRunner(this.store, executor, clock, codeVersion, () -> {
            String id = nextRunId.get();
            return id != null ? id : UUID.randomUUID().toString();
        });
        this.drivers = new ThreadPoolExecutor(settings.runThreads(), settings.runThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), daemon("gyre-pipeline-run"));
        this.exclusive = settings.exclusive();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("gyre-pipeline-schedule"));
        if (settings.background()) {
            scheduler.scheduleWithFixedDelay(this::checkSchedules, SCHEDULE_CHECK.toMillis(),
                    SCHEDULE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            if (!exclusive) {
                scheduler.scheduleWithFixedDelay(this::watch, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Marks the runs a stopped platform left running as interrupted (each resumable). Call once at start-up, before
     * any run starts.
     */
    public List<PipelineRun> markInterrupted() {
        List<PipelineRun> marked = exclusive ? runner.markInterrupted() : sweep(clock.instant());
        marked.forEach(run -> LOG.info("Pipeline run {} ({}) was running when the platform stopped; it is marked"
                + " interrupted: resume it to continue", run.id(), run.pipeline()));
        return marked;
    }

    /**
     * Marks interrupted the running runs whose driver stopped beating (a platform process that died while others
     * go on), leaving this process's own runs alone.
     */
    List<PipelineRun> sweep(Instant now) {
        List<String> stale = new ArrayList<>(catalog.staleRunning(now.minus(STALE)));
        stale.removeAll(owned);
        return stale.isEmpty() ? List.of() : runner.markInterrupted(stale);
    }

    /** Records that this process still drives its runs. */
    void heartbeat(Instant now) {
        if (!owned.isEmpty()) {
            catalog.heartbeat(List.copyOf(owned), replica, now);
        }
    }

    private void watch() {
        try {
            Instant now = clock.instant();
            heartbeat(now);
            sweep(now).forEach(run -> LOG.warn("Pipeline run {} ({}) lost the platform process driving it; it is"
                    + " marked interrupted: resume it to continue", run.id(), run.pipeline()));
        } catch (RuntimeException e) {
            LOG.warn("Watching pipeline runs failed (tried again in {} s): {}", HEARTBEAT.toSeconds(), e.toString());
        }
    }

    @Override
    public StageRunContext of(String runId) {
        PipelineCatalog.Context context = catalog.context(runId).orElseThrow(() -> new GyreException.NotFound(
                "Pipeline run '" + runId + "' has no project context; start runs through the platform's pipeline API."));
        Project project = projects.get(context.projectId());
        User user = users.apply(context.userId()).orElseThrow(() -> new GyreException.NotFound("The user pipeline run '"
                + runId + "' acts as no longer exists; start the pipeline again as an existing user."));
        if (user.disabled()) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "', whom pipeline run '" + runId
                    + "' acts as, is disabled; enable the user or start the pipeline again as another.");
        }
        return new StageRunContext(project.name(), user);
    }

    /**
     * Executes one step here, on this process's executor, as its run's context says: the work of
     * {@code gyre step run --step-json}, the entry point executors that run steps elsewhere start. Nothing is
     * recorded in the run; the executor that started the worker records the result.
     */
    public dev.gyre.pipelines.StepResult executeHere(dev.gyre.pipelines.StepDescription description) {
        of(description.runId());
        return executor.execute(description);
    }

    // ---- runs ----------------------------------------------------------------------------------------------

    /**
     * Starts a run of {@code specText} in {@code project} as {@code user}; the run is driven on a run thread and
     * this answers with it at once (status running).
     *
     * @throws GyreException.InvalidArgument for a spec or an override that is wrong, naming the fix; nothing is stored
     */
    public PipelineRun start(String projectName, String specText, Map<String, Map<String, Object>> overrides,
                             User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        PipelineSpec spec = parser.parse(requireText(specText));
        return launch(project, spec, overrides, user, "manual");
    }

    /** A run of {@code project}, with {@link #view} detail. */
    public PipelineRun run(String projectName, String runId, User user) {
        Project project = readable(projectName, user);
        return runIn(project, runId);
    }

    /** The project's latest {@code limit} runs, newest first. */
    public List<PipelineRun> runs(String projectName, int limit, User user) {
        Project project = readable(projectName, user);
        List<PipelineRun> out = new ArrayList<>();
        for (String id : catalog.runIds(project.id(), limit)) {
            try {
                out.add(store.getRun(id));
            } catch (GyreException.NotFound gone) {
                // a context whose run was never stored (its start failed)
            }
        }
        return out;
    }

    /** The step runs and events of a run, for its view. */
    public List<StepRun> steps(String runId) {
        return store.stepRuns(runId);
    }

    public List<RunEvent> events(String runId) {
        return store.events(runId);
    }

    /**
     * Where a run came from.
     *
     * @param startedBy the user it acts as, or null when that user is gone
     * @param trigger   {@code manual}, {@code schedule:<cron>} or {@code alert:<rule>}
     */
    public record Origin(String project, String startedBy, String trigger) {
    }

    /** Where a run came from, if it has a context. */
    public Optional<Origin> origin(String runId) {
        return catalog.context(runId).map(c -> new Origin(projects.get(c.projectId()).name(),
                users.apply(c.userId()).map(User::username).orElse(null), c.trigger()));
    }

    /**
     * Approves the checkpoint a run waits for; the caller must be a member of the project in the role the
     * checkpoint names. The run goes on on a run thread.
     */
    public PipelineRun approve(String projectName, String runId, String comment, User user) {
        Project project = readable(projectName, user);
        PipelineRun run = runIn(project, runId);
        Role role = decider(project, run, user, "approve");
        Long promotion = pendingPromotion(run);
        if (promotion != null) {
            promotions.approve(promotion, user, "approved with pipeline run " + runId
                    + (comment == null ? "" : ": " + comment));
        }
        PipelineRun next = runner.approveLater(runId, user.username(), role);
        record(project, user, "approve_pipeline_run", runId, comment == null ? Map.of("step", run.awaiting().stepId())
                : Map.of("step", run.awaiting().stepId(), "comment", comment));
        drive(next.id());
        return next;
    }

    /** Rejects the checkpoint a run waits for; the run ends rejected. */
    public PipelineRun reject(String projectName, String runId, String comment, User user) {
        Project project = readable(projectName, user);
        PipelineRun run = runIn(project, runId);
        Role role = decider(project, run, user, "reject");
        Long promotion = pendingPromotion(run);
        if (promotion != null) {
            promotions.reject(promotion, user, "rejected with pipeline run " + runId
                    + (comment == null ? "" : ": " + comment));
        }
        PipelineRun next = runner.reject(runId, user.username(), role, comment);
        record(project, user, "reject_pipeline_run", runId, comment == null ? Map.of("step", run.awaiting().stepId())
                : Map.of("step", run.awaiting().stepId(), "comment", comment));
        return next;
    }

    /** Resumes a failed or interrupted run at the step where it stopped, on a run thread. */
    public PipelineRun resume(String projectName, String runId, User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        runIn(project, runId);
        PipelineRun next = runner.resumeLater(runId);
        record(project, user, "resume_pipeline_run", runId, Map.of());
        drive(next.id());
        return next;
    }

    // ---- stored pipelines and triggers ---------------------------------------------------------------------

    /**
     * Stores a pipeline of the project with its triggers; its triggered runs act as {@code user}.
     *
     * @param schedule a cron expression (five fields, UTC), or null
     * @param onAlert  deployments whose retraining alerts start it
     */
    public PipelineCatalog.Definition put(String projectName, String name, String specText, String schedule,
                                          List<String> onAlert, User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        checkName(name);
        PipelineSpec spec = parser.parse(requireText(specText));
        String cron = schedule == null || schedule.isBlank() ? null : CronSchedule.parse(schedule).expression();
        List<String> alerts = onAlert == null ? List.of() : onAlert.stream().map(String::trim).distinct().toList();
        for (String deployment : alerts) {
            if (deployment.isEmpty() || deployment.length() > 128) {
                throw new GyreException.InvalidArgument("Field 'on_alert' lists deployment names (1 to 128"
                        + " characters); '" + deployment + "' is not one.");
            }
        }
        PipelineCatalog.Definition definition = new PipelineCatalog.Definition(project.id(), name,
                spec.canonicalJson(), cron, alerts, user.id(), clock.instant(), null);
        catalog.put(definition);
        record(project, user, "put_pipeline", name, Map.of("spec_hash", spec.hash(), "schedule",
                cron == null ? "" : cron, "on_alert", alerts));
        return catalog.definition(project.id(), name).orElseThrow();
    }

    public List<PipelineCatalog.Definition> definitions(String projectName, User user) {
        return catalog.definitions(readable(projectName, user).id());
    }

    public PipelineCatalog.Definition definition(String projectName, String name, User user) {
        Project project = readable(projectName, user);
        return catalog.definition(project.id(), name).orElseThrow(() -> missingDefinition(project, name));
    }

    public void delete(String projectName, String name, User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        if (!catalog.delete(project.id(), name)) {
            throw missingDefinition(project, name);
        }
        record(project, user, "delete_pipeline", name, Map.of());
    }

    /** Starts a run of a stored pipeline as {@code user}. */
    public PipelineRun startStored(String projectName, String name, Map<String, Map<String, Object>> overrides,
                                   User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        PipelineCatalog.Definition definition = catalog.definition(project.id(), name)
                .orElseThrow(() -> missingDefinition(project, name));
        return launch(project, parser.parse(definition.spec()), overrides, user, "manual");
    }

    /**
     * The retraining hook of monitoring: starts every stored pipeline of the deployment's project that lists the
     * deployment in {@code on_alert}, acting as the user who stored it, with {@code feedback_from} set to the
     * deployment on each ingest step that has that param. Never throws: a failure is logged.
     *
     * @return the runs started
     */
    public List<PipelineRun> retrain(RetrainingRequest request) {
        List<PipelineRun> started = new ArrayList<>();
        try {
            Optional<Long> projectId = deploymentProjects.apply(request.deployment());
            if (projectId.isEmpty()) {
                LOG.warn("Alert '{}' on deployment {} asks for retraining, but the deployment's model belongs to no"
                        + " project; store a pipeline with on_alert in its project to retrain it", request.rule(),
                        request.deployment());
                return started;
            }
            Project project = projects.get(projectId.get());
            List<PipelineCatalog.Definition> matching = catalog.definitions(project.id()).stream()
                    .filter(d -> d.onAlert().contains(request.deployment()) || d.onAlert().contains("*")).toList();
            if (matching.isEmpty()) {
                LOG.warn("Alert '{}' on deployment {} asks for retraining, but no pipeline of project {} lists it in"
                        + " on_alert", request.rule(), request.deployment(), project.name());
            }
            for (PipelineCatalog.Definition definition : matching) {
                PipelineSpec spec = parser.parse(definition.spec());
                Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
                for (StepSpec step : spec.steps()) {
                    if (step.kind() == StepKind.INGEST && step.params().containsKey(FEEDBACK_PARAM)) {
                        Map<String, Object> set = new LinkedHashMap<>();
                        set.put(FEEDBACK_PARAM, request.deployment());
                        if (step.params().containsKey(FEEDBACK_UNTIL_PARAM)) {
                            // the feedback up to this alert: a later alert's run does not reuse this run's data
                            set.put(FEEDBACK_UNTIL_PARAM, request.requestedAt().toString());
                        }
                        overrides.put(step.id(), set);
                    }
                }
                started.add(triggered(project, definition, spec, overrides, "alert:" + request.rule()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Retraining for alert '{}' on deployment {} did not start: {}", request.rule(),
                    request.deployment(), e.getMessage());
        }
        return started;
    }

    /** Starts the runs whose scheduled time has come (each time once, on whichever replica claims it first). */
    List<PipelineRun> runDueSchedules(Instant now) {
        List<PipelineRun> started = new ArrayList<>();
        for (PipelineCatalog.Definition definition : catalog.all()) {
            if (definition.schedule() == null) {
                continue;
            }
            try {
                CronSchedule cron = CronSchedule.parse(definition.schedule());
                Instant from = definition.lastScheduled() != null ? definition.lastScheduled() : definition.updatedAt();
                Instant due = null;
                // the latest due time: a platform that was down runs a missed schedule once, not once per miss
                for (Instant next = cron.next(from); !next.isAfter(now); next = cron.next(next)) {
                    due = next;
                }
                if (due == null || !catalog.claimSchedule(definition.projectId(), definition.name(), due)) {
                    continue;
                }
                Project project = projects.get(definition.projectId());
                started.add(triggered(project, definition, parser.parse(definition.spec()), Map.of(),
                        "schedule:" + definition.schedule()));
            } catch (RuntimeException e) {
                LOG.warn("The scheduled run of pipeline {} did not start: {}", definition.name(), e.getMessage());
            }
        }
        return started;
    }

    private void checkSchedules() {
        try {
            runDueSchedules(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Checking pipeline schedules failed (tried again in {} s): {}", SCHEDULE_CHECK.toSeconds(),
                    e.toString());
        }
    }

    private PipelineRun triggered(Project project, PipelineCatalog.Definition definition, PipelineSpec spec,
                                  Map<String, Map<String, Object>> overrides, String trigger) {
        User owner = users.apply(definition.ownerId()).filter(u -> !u.disabled()).orElseThrow(() ->
                new GyreException.PermissionDenied("Pipeline " + definition.name() + " was stored by a user who is"
                        + " gone or disabled; store it again as an active member to let its triggers run it."));
        PipelineRun run = launch(project, spec, overrides, owner, trigger);
        LOG.info("Pipeline {} of project {} started by {} (run {})", definition.name(), project.name(), trigger,
                run.id());
        return run;
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private PipelineRun launch(Project project, PipelineSpec spec, Map<String, Map<String, Object>> overrides,
                               User user, String trigger) {
        PipelineSpec scoped = scoped(spec, project.name());
        String id = UUID.randomUUID().toString();
        catalog.saveContext(new PipelineCatalog.Context(id, project.id(), user.id(), trigger, clock.instant()));
        // this process drives it from now on: other processes leave it alone while the heartbeats go on
        owned.add(id);
        catalog.heartbeat(List.of(id), replica, clock.instant());
        PipelineRun run;
        nextRunId.set(id);
        try {
            run = runner.create(scoped, overrides);
        } catch (RuntimeException e) {
            owned.remove(id);
            throw e;
        } finally {
            nextRunId.remove();
        }
        record(project, user, "start_pipeline_run", id, Map.of("pipeline", spec.name(), "spec_hash", scoped.hash(),
                "trigger", trigger));
        drive(id);
        return run;
    }

    private void drive(String runId) {
        owned.add(runId);
        try {
            catalog.heartbeat(List.of(runId), replica, clock.instant());
            drivers.execute(() -> {
                try {
                    PipelineRun run = runner.continueRun(runId);
                    LOG.info("Pipeline run {} ({}) is {}{}", runId, run.pipeline(), run.status().id(),
                            run.reason() == null ? "" : ": " + run.reason());
                } catch (RuntimeException e) {
                    LOG.warn("Pipeline run {} stopped unexpectedly (it is resumable after a restart): {}", runId,
                            e.toString());
                } finally {
                    owned.remove(runId);
                }
            });
        } catch (RejectedExecutionException e) {
            owned.remove(runId);
            String reason = "the platform is stopping or already has " + QUEUE + " runs waiting for a run thread";
            try {
                PipelineRun run = store.getRun(runId);
                store.updateRun(run.with(RunStatus.INTERRUPTED, reason + "; resume it later", null, clock.instant()),
                        RunStatus.RUNNING);
            } catch (RuntimeException ignored) {
                // marked interrupted at the next start instead
            }
            throw new GyreException.NotReady("Pipeline run '" + runId + "' is stored but not running: " + reason
                    + ". Resume it when runs have finished.");
        }
    }

    /** The spec with the project's name in every step's params. */
    private static PipelineSpec scoped(PipelineSpec spec, String project) {
        List<StepSpec> steps = new ArrayList<>();
        for (StepSpec step : spec.steps()) {
            Map<String, Object> params = new LinkedHashMap<>(step.params());
            params.put(PROJECT_PARAM, project);
            steps.add(new StepSpec(step.id(), step.kind(), params, step.checkpoint()));
        }
        return new PipelineSpec(spec.name(), spec.maxIterations(), steps);
    }

    private Project readable(String projectName, User user) {
        Project project = projects.get(projectName);
        projects.requireRole(project, user, Permission.READ);
        return project;
    }

    private PipelineRun runIn(Project project, String runId) {
        Optional<PipelineCatalog.Context> context = catalog.context(runId);
        if (context.isEmpty() || context.get().projectId() != project.id()) {
            throw new GyreException.NotFound("Project '" + project.name() + "' has no pipeline run '" + runId
                    + "'; list its runs with GET /api/v1/projects/" + project.name() + "/pipeline-runs.");
        }
        return store.getRun(runId);
    }

    /** The id of the pending promotion the waiting step requested, if it is a promote step that did. */
    private Long pendingPromotion(PipelineRun run) {
        List<StepRun> steps = store.stepRuns(run.id());
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepRun step = steps.get(i);
            if (!step.stepId().equals(run.awaiting().stepId())) {
                continue;
            }
            if (step.kind() != StepKind.PROMOTE || step.results() == null
                    || !(step.results().get("promotion") instanceof Map<?, ?> promotion)) {
                return null;
            }
            return "pending".equals(promotion.get("status")) && promotion.get("id") instanceof Number id
                    ? id.longValue() : null;
        }
        return null;
    }

    /** The role the waiting checkpoint names, if {@code user} holds it in the project. */
    private Role decider(Project project, PipelineRun run, User user, String verb) {
        if (run.status() != RunStatus.WAITING) {
            throw new GyreException.Conflict("Pipeline run '" + run.id() + "' is " + run.status().id()
                    + ", not waiting for an approval; there is nothing to " + verb + ".");
        }
        Role awaited = run.awaiting().role();
        Optional<Role> role = projects.roleOf(project.id(), user.id());
        if (role.isEmpty() || role.get() != awaited) {
            throw new GyreException.PermissionDenied("The checkpoint after '" + run.awaiting().stepId() + "' of run '"
                    + run.id() + "' is decided by a member of project '" + project.name() + "' with the role "
                    + awaited.wireName() + "; " + user.username() + " is " + role.map(r -> "a " + r.wireName())
                    .orElse("not a member") + " there. Ask a " + awaited.wireName() + " of the project to " + verb
                    + " it.");
        }
        return awaited;
    }

    private void record(Project project, User user, String action, String entity, Map<String, ?> details) {
        try {
            audit.record(new AuditEvent(project.id(), user.id(), user.username(), action,
                    action.endsWith("_pipeline") ? "pipeline" : "pipeline_run", entity, null,
                    json.writeValueAsString(details), clock.instant()));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write an audit record.", e);
        }
    }

    private static GyreException.NotFound missingDefinition(Project project, String name) {
        return new GyreException.NotFound("Project '" + project.name() + "' has no stored pipeline '" + name
                + "'; store one with PUT /api/v1/projects/" + project.name() + "/pipelines/" + name + ".");
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new GyreException.InvalidArgument("A pipeline name is 1 to 128 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit; '" + name + "' is not.");
        }
    }

    private static String requireText(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new GyreException.InvalidArgument("Field 'spec' is needed: the pipeline spec as YAML or JSON text"
                    + " (`gyre pipeline run spec.yaml` sends it with its files resolved).");
        }
        return spec;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops the schedule and the run threads. Runs still going are left running in the store, so the next start
     * marks them interrupted (resumable).
     */
    @Override
    public void close() {
        store.stop();
        // no interrupts: a run thread may be inside the metadata store, whose embedded database must not have its
        // file channel closed under it; the stopped store refuses the run's next write, which ends the run thread
        scheduler.shutdown();
        drivers.shutdown();
        try {
            drivers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (executor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the step executor failed: {}", e.toString());
            }
        }
    }
}
