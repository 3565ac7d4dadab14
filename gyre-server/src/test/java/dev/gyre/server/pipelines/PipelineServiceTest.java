package dev.gyre.server.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.monitoring.alert.RetrainingRequest;
import dev.gyre.pipelines.LocalExecutor;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.StepHandler;
import dev.gyre.pipelines.StepKind;
import dev.gyre.pipelines.StepResult;
import dev.gyre.pipelines.StepRun;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.DatabaseSettings;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.ProjectService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's pipeline service over a real metadata store (H2), with step handlers written here: runs act as
 * the user who started them in their project, only a member in the role a checkpoint names decides it, a run
 * stopped with the platform is interrupted and resumed after a restart without re-running its finished steps,
 * schedules start a run once per due time even with two replicas, and a retraining alert starts the pipelines
 * that list its deployment with the deployment's feedback as new data.
 */
class PipelineServiceTest {

    static final String SPEC = """
            pipeline: churn
            steps:
              - {id: ingest, kind: ingest, params: {source: "blob:abc", feedback_from: null}}
              - id: train
                kind: train
                params: {max_trials: 4}
                checkpoint: {when: "metrics.auc >= 0.8", on_fail: {await_approval: {role: ml-engineer}}}
              - {id: register, kind: register}
            """;

    @TempDir
    Path tmp;

    Database database;
    ProjectService projects;
    JdbcUserStore users;
    JdbcAuditLog audit;
    User owner;
    User alice;
    User bob;
    User outsider;
    long projectId;
    final List<PipelineService> services = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> executed = new ConcurrentHashMap<>();
    final List<Map<String, Object>> ingestParams = new CopyOnWriteArrayList<>();
    final List<String> actors = new CopyOnWriteArrayList<>();
    volatile double auc = 0.7;
    volatile CountDownLatch trainGate;
    volatile CountDownLatch trainEntered;

    @BeforeEach
    void setUp() {
        database = open();
        audit = new JdbcAuditLog(database);
        projects = new ProjectService(database, audit);
        users = new JdbcUserStore(database);
        owner = users.create("olga", Role.DATA_SCIENTIST, null);
        alice = users.create("alice", Role.ML_ENGINEER, null);
        bob = users.create("bob", Role.ML_ENGINEER, null);
        outsider = users.create("oscar", Role.DATA_SCIENTIST, null);
        projectId = projects.create("churn", null, owner).id();
        projects.addMember("churn", "alice", Role.ML_ENGINEER, owner);
        projects.addMember("churn", "bob", Role.DATA_SCIENTIST, owner);
    }

    @AfterEach
    void tearDown() {
        services.forEach(PipelineService::close);
        database.close();
    }

    private Database open() {
        Database db = new Database(DatabaseSettings.embedded(tmp));
        db.migrate();
        return db;
    }

    private PipelineService service(Clock clock) {
        return service(clock, true);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private PipelineService service(Clock clock, boolean exclusive) {
        Function<dev.gyre.server.pipelines.stages.StageRunContexts, dev.gyre.pipelines.StepExecutor> executors =
                contexts -> new LocalExecutor(handlers(contexts), 2);
        PipelineService service = new PipelineService(database, new JdbcRunStore(database), projects,
                users::findById, audit, deployment -> deployment.equals("churn-api") ? Optional.of(projectId)
                : Optional.empty(), executors, PipelineService.PromotionDecisions.NONE,
                new PipelineService.Settings(1, false, exclusive), "test", clock);
        services.add(service);
        return service;
    }

    private Map<StepKind, StepHandler> handlers(dev.gyre.server.pipelines.stages.StageRunContexts contexts) {
        StepHandler ingest = step -> {
            count(step.stepId());
            actors.add(contexts.of(step.runId()).actor().username() + "@" + contexts.of(step.runId()).project());
            ingestParams.add(step.params());
            return StepResult.succeeded(Map.of("dataset", "customers@1"), Map.of("rows", 100), List.of());
        };
        StepHandler train = step -> {
            count(step.stepId());
            CountDownLatch entered = trainEntered;
            if (entered != null) {
                entered.countDown();
            }
            CountDownLatch gate = trainGate;
            if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return StepResult.succeeded(Map.of("model_version", "churn/1"), Map.of("metrics", Map.of("auc", auc)),
                    List.of());
        };
        StepHandler register = step -> {
            count(step.stepId());
            return StepResult.succeeded(Map.of("model_version", "churn/1"), Map.of(), List.of());
        };
        return Map.of(StepKind.INGEST, ingest, StepKind.TRAIN, train, StepKind.REGISTER, register);
    }

    private void count(String step) {
        executed.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
    }

    private PipelineRun await(PipelineService service, String runId, RunStatus status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PipelineRun run = service.run("churn", runId, owner);
        while (run.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
            run = service.run("churn", runId, owner);
        }
        assertThat(run.status()).as("status of run %s (%s)", runId, run.reason()).isEqualTo(status);
        return run;
    }

    @Test
    void aRunActsAsItsStarterInItsProjectAndWaitsForAMemberWithTheNamedRole() throws Exception {
        PipelineService service = service(Clock.systemUTC());
        PipelineRun started = service.start("churn", SPEC, Map.of(), owner);
        assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
        PipelineRun waiting = await(service, started.id(), RunStatus.WAITING);
        assertThat(waiting.awaiting().role()).isEqualTo(Role.ML_ENGINEER);
        assertThat(actors).containsExactly("olga@churn");
        // every step's params carry the project, so the cache never reuses another project's step
        assertThat(ingestParams.get(0)).containsEntry(PipelineService.PROJECT_PARAM, "churn");
        assertThat(service.origin(started.id())).contains(new PipelineService.Origin("churn", "olga", "manual"));

        // the platform role is not enough: the project role decides
        assertThatThrownBy(() -> service.approve("churn", started.id(), null, bob))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("with the role ml-engineer").hasMessageContaining("bob is a data-scientist");
        assertThatThrownBy(() -> service.approve("churn", started.id(), null, outsider))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> service.approve("churn", started.id(), null, owner))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("Ask a ml-engineer");
        assertThat(service.run("churn", started.id(), owner).status()).isEqualTo(RunStatus.WAITING);

        service.approve("churn", started.id(), "looked at the slices", alice);
        PipelineRun done = await(service, started.id(), RunStatus.SUCCEEDED);
        assertThat(done.outputs()).containsKey("register");
        assertThat(service.events(started.id())).extracting(RunEvent::type).contains(RunEvent.Type.APPROVED);
        assertThat(audit.list(projectId, 0, 100)).extracting(r -> r.event().action())
                .contains("start_pipeline_run", "approve_pipeline_run");
        assertThatThrownBy(() -> service.approve("churn", started.id(), null, alice))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("not waiting");
    }

    @Test
    void aRejectedRunEndsAndBadStartsStoreNothing() throws Exception {
        PipelineService service = service(Clock.systemUTC());
        PipelineRun started = service.start("churn", SPEC, Map.of(), owner);
        await(service, started.id(), RunStatus.WAITING);
        PipelineRun rejected = service.reject("churn", started.id(), "AUC too low for the pilot", alice);
        assertThat(rejected.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(rejected.reason()).contains("alice").contains("AUC too low for the pilot");

        int before = service.runs("churn", 100, owner).size();
        assertThatThrownBy(() -> service.start("churn", "pipeline: x\nsteps: []\n", Map.of(), owner))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> service.start("churn", SPEC, Map.of("train", Map.of("max_trails", 9)), owner))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("max_trails");
        assertThatThrownBy(() -> service.start("churn", SPEC, Map.of(), outsider))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> service.start("nope", SPEC, Map.of(), owner))
                .isInstanceOf(GyreException.NotFound.class);
        assertThat(service.runs("churn", 100, owner)).hasSize(before);
        // a run id of another project is not found through this one
        projects.create("other", null, owner);
        assertThatThrownBy(() -> service.run("other", started.id(), owner)).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void aRunStoppedWithThePlatformIsInterruptedAndResumesWithoutRepeatingFinishedSteps() throws Exception {
        auc = 0.9;
        trainGate = new CountDownLatch(1);
        trainEntered = new CountDownLatch(1);
        PipelineService first = service(Clock.systemUTC());
        PipelineRun started = first.start("churn", SPEC, Map.of(), owner);
        assertThat(trainEntered.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();                      // the platform stops while 'train' runs
        trainGate.countDown();
        assertThat(new JdbcRunStore(database).getRun(started.id()).status()).isEqualTo(RunStatus.RUNNING);

        trainGate = null;
        PipelineService second = service(Clock.systemUTC());
        assertThat(second.markInterrupted()).extracting(PipelineRun::id).containsExactly(started.id());
        PipelineRun interrupted = second.run("churn", started.id(), owner);
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(second.steps(started.id())).extracting(StepRun::status)
                .containsExactly(StepRun.Status.SUCCEEDED, StepRun.Status.INTERRUPTED);

        second.resume("churn", started.id(), owner);
        await(second, started.id(), RunStatus.SUCCEEDED);
        assertThat(executed.get("ingest")).hasValue(1);
        assertThat(executed.get("train")).hasValue(2);
        assertThatThrownBy(() -> second.resume("churn", started.id(), owner))
                .isInstanceOf(GyreException.Conflict.class);
    }

    @Test
    void onASharedStoreOnlyRunsWhoseDriverStoppedBeatingAreMarkedInterrupted() throws Exception {
        auc = 0.9;
        trainGate = new CountDownLatch(1);
        trainEntered = new CountDownLatch(1);
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        MovableClock clock = new MovableClock(t0);
        PipelineService a = service(clock, false);
        PipelineRun run = a.start("churn", SPEC, Map.of(), owner);
        assertThat(trainEntered.await(30, TimeUnit.SECONDS)).isTrue();

        // a second replica starts while the first drives the run: it leaves the run alone
        PipelineService b = service(clock, false);
        assertThat(b.markInterrupted()).isEmpty();
        clock.now = t0.plusSeconds(25);
        a.heartbeat(clock.now);
        clock.now = t0.plusSeconds(50);
        assertThat(b.sweep(clock.now)).isEmpty();                    // the latest beat is 25 s old
        assertThat(a.sweep(clock.now)).isEmpty();                    // and a replica never marks its own runs

        // the first replica stops beating (its process died): after STALE the other one marks the run interrupted
        clock.now = t0.plusSeconds(25).plus(PipelineService.STALE).plusSeconds(1);
        assertThat(b.sweep(clock.now)).extracting(PipelineRun::id).containsExactly(run.id());
        assertThat(b.run("churn", run.id(), owner).status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(b.events(run.id())).extracting(RunEvent::type).contains(RunEvent.Type.INTERRUPTED);
        a.close();
        trainGate.countDown();

        trainGate = null;
        b.resume("churn", run.id(), owner);
        await(b, run.id(), RunStatus.SUCCEEDED);
        assertThat(executed.get("ingest")).hasValue(1);
    }

    @Test
    void aScheduleStartsOneRunPerDueTimeAcrossReplicas() throws Exception {
        auc = 0.9;
        Instant stored = Instant.parse("2026-11-02T10:01:00Z");
        PipelineService a = service(Clock.fixed(stored, java.time.ZoneOffset.UTC));
        PipelineService b = service(Clock.fixed(stored, java.time.ZoneOffset.UTC));
        a.put("churn", "nightly", SPEC, "*/15 * * * *", List.of(), owner);
        assertThatThrownBy(() -> a.put("churn", "bad", SPEC, "0 25 * * *", List.of(), owner))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("hour");

        assertThat(a.runDueSchedules(stored.plus(Duration.ofMinutes(5)))).isEmpty();      // 10:06, next is 10:15
        // 10:47: 10:15, 10:30 and 10:45 are due; one run, for the latest, on one replica only
        Instant later = stored.plus(Duration.ofMinutes(46));
        List<PipelineRun> fromA = a.runDueSchedules(later);
        List<PipelineRun> fromB = b.runDueSchedules(later);
        assertThat(fromA.size() + fromB.size()).isEqualTo(1);
        assertThat(a.runDueSchedules(later)).isEmpty();
        assertThat(a.definition("churn", "nightly", owner).lastScheduled())
                .isEqualTo(Instant.parse("2026-11-02T10:45:00Z"));
        PipelineRun run = fromA.isEmpty() ? fromB.get(0) : fromA.get(0);
        assertThat(a.origin(run.id()).orElseThrow().trigger()).isEqualTo("schedule:*/15 * * * *");
        assertThat(a.origin(run.id()).orElseThrow().startedBy()).isEqualTo("olga");
        await(a, run.id(), RunStatus.SUCCEEDED);
        assertThat(b.runDueSchedules(stored.plus(Duration.ofMinutes(60)))).hasSize(1);    // 11:00
    }

    @Test
    void aRetrainingAlertStartsThePipelinesListingTheDeploymentWithItsFeedback() throws Exception {
        auc = 0.9;
        PipelineService service = service(Clock.systemUTC());
        service.put("churn", "retrain", SPEC, null, List.of("churn-api"), owner);
        service.put("churn", "unrelated", SPEC.replace("pipeline: churn", "pipeline: other"), null,
                List.of("another-api"), owner);
        RetrainingRequest request = new RetrainingRequest("churn-api", "drift", "drift_share", 0.6, 0.5,
                Instant.now(), Instant.now());
        List<PipelineRun> runs = service.retrain(request);
        assertThat(runs).hasSize(1);
        PipelineRun run = await(service, runs.get(0).id(), RunStatus.SUCCEEDED);
        assertThat(service.origin(run.id()).orElseThrow().trigger()).isEqualTo("alert:drift");
        assertThat(run.params().get("ingest")).containsEntry(PipelineService.FEEDBACK_PARAM, "churn-api");
        assertThat(ingestParams).anySatisfy(p -> assertThat(p).containsEntry("feedback_from", "churn-api"));
        // a deployment outside any project, or listed by no pipeline, starts nothing and throws nothing
        assertThat(service.retrain(new RetrainingRequest("ghost", "drift", "drift_share", 0.6, 0.5, Instant.now(),
                Instant.now()))).isEmpty();
        service.delete("churn", "retrain", owner);
        assertThat(service.retrain(request)).isEmpty();
        assertThatThrownBy(() -> service.delete("churn", "retrain", owner)).isInstanceOf(GyreException.NotFound.class);
    }
}
