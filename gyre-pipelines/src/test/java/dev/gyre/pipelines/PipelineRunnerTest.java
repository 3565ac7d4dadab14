package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs pipelines end to end with small real handlers: ingest names its data by the source, train's ROC AUC grows
 * with the number of trials (1 - 0.6 / sqrt(max_trials), so 6 trials give 0.755 and 24 give 0.878), validate
 * reports whether the model clears a threshold, promote and deploy name what they made.
 */
class PipelineRunnerTest {
    private static final String PIPELINE = """
            pipeline: titanic
            max_iterations: 3
            steps:
              - id: ingest
                kind: ingest
                params: {source: examples/titanic/titanic.csv, dataset: passengers}
              - id: train
                kind: train
                params: {spec: examples/titanic/train.yaml, max_trials: 6}
                checkpoint:
                  when: "metrics.roc_auc >= 0.85"
                  on_fail: {goto: train, set: {max_trials: 24}}
              - id: validate
                kind: validate-model
                params: {min_auc: 0.9}
                checkpoint: {when: "gates.passed == true", on_fail: {await_approval: {role: ml-engineer}}}
              - id: deploy
                kind: deploy
                params: {alias: production}
            """;

    private final InMemoryRunStore store = new InMemoryRunStore();
    private final TickingClock clock = new TickingClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final Map<StepKind, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicBoolean trainBroken = new AtomicBoolean();
    private final AtomicReference<Error> crashOnTrain = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> holdTrain = new AtomicReference<>();
    private final CountDownLatch trainHeld = new CountDownLatch(1);
    private final LocalExecutor executor = new LocalExecutor(handlers(), 2);
    private final AtomicInteger ids = new AtomicInteger();
    private final PipelineRunner runner = runner("v1");

    @AfterEach
    void close() {
        executor.close();
    }

    private PipelineRunner runner(String codeVersion) {
        return new PipelineRunner(store, executor, clock, codeVersion, () -> "run-" + ids.incrementAndGet());
    }

    private static PipelineSpec spec(String yaml) {
        return new PipelineSpecParser().parse(yaml);
    }

    private int calls(StepKind kind) {
        return calls.getOrDefault(kind, new AtomicInteger()).get();
    }

    private Map<StepKind, StepHandler> handlers() {
        Map<StepKind, StepHandler> h = new EnumMap<>(StepKind.class);
        h.put(StepKind.INGEST, step -> {
            count(step);
            String source = (String) step.params().get("source");
            return StepResult.succeeded(Map.of("dataset", step.params().get("dataset") + "@"
                    + Integer.toHexString(source.hashCode())), Map.of("rows", 891), List.of("read " + source));
        });
        h.put(StepKind.TRAIN, step -> {
            count(step);
            Error crash = crashOnTrain.getAndSet(null);
            if (crash != null) {
                throw crash;
            }
            CountDownLatch hold = holdTrain.getAndSet(null);
            if (hold != null) {
                trainHeld.countDown();
                hold.await(30, TimeUnit.SECONDS);
            }
            if (trainBroken.get()) {
                throw new IllegalStateException("the training data has no rows");
            }
            long trials = ((Number) step.params().get("max_trials")).longValue();
            double auc = Math.round((1 - 0.6 / Math.sqrt(trials)) * 1000) / 1000.0;
            String data = step.inputs().get("ingest.dataset");
            return StepResult.succeeded(Map.of("model", "model-" + trials + "-on-" + data),
                    Map.of("metrics", Map.of("roc_auc", auc)), List.of("ran " + trials + " trials"));
        });
        h.put(StepKind.VALIDATE_MODEL, step -> {
            count(step);
            double minAuc = ((Number) step.params().get("min_auc")).doubleValue();
            String model = step.inputs().get("train.model");
            long trials = Long.parseLong(model.split("-")[1]);
            double auc = Math.round((1 - 0.6 / Math.sqrt(trials)) * 1000) / 1000.0;
            return StepResult.succeeded(Map.of("report", "report-of-" + model),
                    Map.of("gates", Map.of("passed", auc >= minAuc)), List.of());
        });
        h.put(StepKind.DEPLOY, step -> {
            count(step);
            return StepResult.succeeded(Map.of("deployment", step.params().get("alias") + ":"
                    + step.inputs().get("train.model")), Map.of(), List.of());
        });
        return h;
    }

    private void count(StepDescription step) {
        calls.computeIfAbsent(step.kind(), k -> new AtomicInteger()).incrementAndGet();
    }

    private List<String> stepRuns(String runId) {
        return store.stepRuns(runId).stream().map(s -> s.stepId() + ":" + s.status().name().toLowerCase()).toList();
    }

    private List<RunEvent.Type> eventTypes(String runId) {
        return store.events(runId).stream().map(RunEvent::type).toList();
    }

    private RunEvent event(String runId, RunEvent.Type type) {
        return store.events(runId).stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    @Test
    void gateFailsThenPassesAfterGotoWithTheSetParams() {
        PipelineRun run = runner.start(spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85")));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.iteration()).isEqualTo(2);
        assertThat(stepRuns(run.id())).containsExactly("ingest:succeeded", "train:succeeded", "train:succeeded",
                "validate:succeeded", "deploy:succeeded");
        List<StepRun> trains = store.stepRuns(run.id()).stream().filter(s -> s.stepId().equals("train")).toList();
        assertThat(trains).extracting(s -> s.params().get("max_trials")).containsExactly(6L, 24L);
        assertThat(trains).extracting(StepRun::iteration).containsExactly(1, 2);
        assertThat(trains.get(0).results()).isEqualTo(Map.of("metrics", Map.of("roc_auc", 0.755)));
        assertThat(trains.get(1).inputs()).isEqualTo(Map.of("ingest.dataset", trains.get(0).inputs()
                .get("ingest.dataset")));
        assertThat(event(run.id(), RunEvent.Type.CHECKPOINT_FAILED).message())
                .isEqualTo("the checkpoint after 'train' (metrics.roc_auc >= 0.85) did not hold:"
                        + " metrics.roc_auc = 0.755 < 0.85");
        assertThat(event(run.id(), RunEvent.Type.GOTO).message()).isEqualTo("going back to 'train' for pass 2 of 3"
                + " with max_trials: 6 -> 24, because metrics.roc_auc = 0.755 < 0.85");
        assertThat(event(run.id(), RunEvent.Type.CHECKPOINT_PASSED).message())
                .endsWith("held: metrics.roc_auc = 0.878 >= 0.85");
        assertThat(run.outputs().get("deploy")).containsEntry("deployment", "production:model-24-on-"
                + trains.get(0).inputs().get("ingest.dataset"));
        assertThat(calls(StepKind.INGEST)).isEqualTo(1);
        assertThat(calls(StepKind.TRAIN)).isEqualTo(2);
        assertThat(store.getRun(run.id())).isEqualTo(run);
    }

    @Test
    void maxIterationsEndsALoopThatNeverPassesAsExhausted() {
        String yaml = PIPELINE.replace("metrics.roc_auc >= 0.85", "metrics.roc_auc >= 0.99");
        PipelineRun run = runner.start(spec(yaml));

        assertThat(run.status()).isEqualTo(RunStatus.EXHAUSTED);
        assertThat(run.iteration()).isEqualTo(3);
        // pass 3 asks for the same 24 trials as pass 2: reused, not trained again
        assertThat(stepRuns(run.id())).containsExactly("ingest:succeeded", "train:succeeded", "train:succeeded",
                "train:cached");
        assertThat(calls(StepKind.TRAIN)).isEqualTo(2);
        assertThat(calls(StepKind.VALIDATE_MODEL)).isZero();
        assertThat(run.reason()).isEqualTo("the checkpoint after 'train' (metrics.roc_auc >= 0.99) still did not hold"
                + " on pass 3 of max_iterations 3 (metrics.roc_auc = 0.878 < 0.99); going back to 'train' again is"
                + " not allowed: raise max_iterations, widen the change the goto makes, or revise the condition");
        assertThat(eventTypes(run.id())).filteredOn(t -> t == RunEvent.Type.GOTO).hasSize(2);
        assertThat(eventTypes(run.id())).endsWith(RunEvent.Type.CHECKPOINT_FAILED, RunEvent.Type.EXHAUSTED);
    }

    @Test
    void unchangedRerunReusesEveryStep() {
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        PipelineRun first = runner.start(spec);
        int trained = calls(StepKind.TRAIN);

        PipelineRun second = runner.start(spec);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stepRuns(second.id())).containsExactly("ingest:cached", "train:cached", "train:cached",
                "validate:cached", "deploy:cached");
        assertThat(calls(StepKind.TRAIN)).isEqualTo(trained);
        assertThat(calls(StepKind.INGEST)).isEqualTo(1);
        assertThat(store.stepRuns(second.id())).extracting(StepRun::reusedFrom)
                .containsExactly(first.id() + "#1", first.id() + "#2", first.id() + "#3", first.id() + "#4",
                        first.id() + "#5");
        assertThat(second.outputs()).isEqualTo(first.outputs());
        assertThat(eventTypes(second.id())).filteredOn(t -> t == RunEvent.Type.CACHE_HIT).hasSize(5);
        assertThat(second.specHash()).isEqualTo(first.specHash()).isEqualTo(spec.hash());
    }

    @Test
    void aChangedParamReRunsThatStepAndEverythingDownstream() {
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        runner.start(spec);
        int trained = calls(StepKind.TRAIN);

        PipelineRun run = runner.start(spec, Map.of("train", Map.of("max_trials", 100)));

        assertThat(stepRuns(run.id())).containsExactly("ingest:cached", "train:succeeded", "validate:succeeded",
                "deploy:succeeded");
        assertThat(calls(StepKind.TRAIN)).isEqualTo(trained + 1);
        assertThat(run.overrides()).isEqualTo(Map.of("train", Map.of("max_trials", 100L)));
    }

    @Test
    void aNewCodeVersionReRunsEveryStep() {
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        runner.start(spec);
        PipelineRun run = runner("v2").start(spec);
        assertThat(stepRuns(run.id())).doesNotContain("ingest:cached", "train:cached");
        assertThat(calls(StepKind.INGEST)).isEqualTo(2);
    }

    @Test
    void aFailingStepFailsTheRunAndResumeFinishesItWithoutRedoingEarlierSteps() {
        trainBroken.set(true);
        PipelineRun failed = runner.start(spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85")));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("step 'train' failed: the training data has no rows");
        assertThat(stepRuns(failed.id())).containsExactly("ingest:succeeded", "train:failed");
        assertThat(store.stepRuns(failed.id()).get(1).error()).isEqualTo("the training data has no rows");
        assertThat(store.stepRuns(failed.id()).get(1).finishedAt()).isAfter(store.stepRuns(failed.id()).get(1)
                .startedAt());

        trainBroken.set(false);
        PipelineRun resumed = runner.resume(failed.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stepRuns(failed.id())).containsExactly("ingest:succeeded", "train:failed", "train:succeeded",
                "train:succeeded", "validate:succeeded", "deploy:succeeded");
        assertThat(calls(StepKind.INGEST)).isEqualTo(1);
        assertThat(eventTypes(failed.id())).contains(RunEvent.Type.STEP_FAILED, RunEvent.Type.RESUMED);
        assertThat(event(failed.id(), RunEvent.Type.RESUMED).message())
                .isEqualTo("resumed the failed run at step 'train' (pass 1)");
        assertThatThrownBy(() -> runner.resume(failed.id())).isInstanceOf(GyreException.Conflict.class)
                .hasMessageContaining("is succeeded; only failed or interrupted runs can be resumed");
    }

    @Test
    void aFailedStepIsNeverReusedFromTheCache() {
        trainBroken.set(true);
        runner.start(spec(PIPELINE));
        trainBroken.set(false);
        PipelineRun run = runner.start(spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85")));
        assertThat(stepRuns(run.id())).startsWith("ingest:cached", "train:succeeded");
    }

    @Test
    void awaitApprovalWaitsDurablyAndContinuesAfterApprove() {
        PipelineRun waiting = runner.start(spec(PIPELINE));

        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(waiting.awaiting()).isEqualTo(new PipelineRun.Approval("validate", Role.ML_ENGINEER,
                "gates.passed = false != true"));
        assertThat(store.getRun(waiting.id()).status()).isEqualTo(RunStatus.WAITING);
        assertThat(calls(StepKind.DEPLOY)).isZero();
        assertThatThrownBy(() -> runner.resume(waiting.id())).isInstanceOf(GyreException.Conflict.class)
                .hasMessageContaining("waits for an approval");
        assertThatThrownBy(() -> runner.approve(waiting.id(), "dana", Role.DATA_SCIENTIST))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("decided by a member with the role ml-engineer; dana acts as data-scientist");

        // a new runner over the same store, as after a restart, sees the waiting run
        PipelineRun approved = runner("v1").approve(waiting.id(), "alice", Role.ML_ENGINEER);

        assertThat(approved.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(approved.awaiting()).isNull();
        assertThat(stepRuns(waiting.id())).endsWith("validate:succeeded", "deploy:succeeded");
        assertThat(calls(StepKind.DEPLOY)).isEqualTo(1);
        assertThat(event(waiting.id(), RunEvent.Type.APPROVED).message()).isEqualTo("alice (ml-engineer) approved"
                + " the checkpoint after 'validate' (gates.passed = false != true); continuing");
        assertThatThrownBy(() -> runner.approve(waiting.id(), "alice", Role.ML_ENGINEER))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("not waiting for an approval");
    }

    @Test
    void rejectEndsAWaitingRun() {
        PipelineRun waiting = runner.start(spec(PIPELINE));
        PipelineRun rejected = runner.reject(waiting.id(), "bob", Role.ML_ENGINEER, "AUC too low for production");

        assertThat(rejected.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(rejected.reason()).isEqualTo("rejected by bob (ml-engineer) at the checkpoint after 'validate':"
                + " AUC too low for production");
        assertThat(store.getRun(waiting.id())).isEqualTo(rejected);
        assertThat(calls(StepKind.DEPLOY)).isZero();
        assertThat(eventTypes(waiting.id())).endsWith(RunEvent.Type.WAITING, RunEvent.Type.REJECTED);
        assertThatThrownBy(() -> runner.approve(waiting.id(), "alice", Role.ML_ENGINEER))
                .isInstanceOf(GyreException.Conflict.class);
    }

    @Test
    void stopEndsTheRunFailedCheckpoint() {
        String yaml = PIPELINE.replace("on_fail: {goto: train, set: {max_trials: 24}}", "on_fail: stop");
        PipelineRun run = runner.start(spec(yaml));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED_CHECKPOINT);
        assertThat(run.reason()).isEqualTo("the checkpoint after 'train' (metrics.roc_auc >= 0.85) did not hold:"
                + " metrics.roc_auc = 0.755 < 0.85");
        assertThat(stepRuns(run.id())).containsExactly("ingest:succeeded", "train:succeeded");
        assertThatThrownBy(() -> runner.resume(run.id())).isInstanceOf(GyreException.Conflict.class);
    }

    @Test
    void aRunLeftRunningIsMarkedInterruptedAtStartUpAndResumes() {
        crashOnTrain.set(new Crash());
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        assertThatThrownBy(() -> runner.start(spec)).isInstanceOf(Crash.class);
        PipelineRun left = store.listRuns().get(0);
        assertThat(left.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stepRuns(left.id())).containsExactly("ingest:succeeded", "train:running");

        PipelineRunner restarted = runner("v1");
        List<PipelineRun> marked = restarted.markInterrupted();

        assertThat(marked).extracting(PipelineRun::id).containsExactly(left.id());
        assertThat(store.getRun(left.id()).status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(stepRuns(left.id())).containsExactly("ingest:succeeded", "train:interrupted");
        assertThat(event(left.id(), RunEvent.Type.INTERRUPTED).message()).isEqualTo("the platform stopped while the"
                + " run was running step 'train'; resume it to continue there");
        assertThat(restarted.markInterrupted()).isEmpty();

        PipelineRun resumed = restarted.resume(left.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(calls(StepKind.INGEST)).isEqualTo(1);
        assertThat(stepRuns(left.id())).containsExactly("ingest:succeeded", "train:interrupted", "train:succeeded",
                "train:succeeded", "validate:succeeded", "deploy:succeeded");
    }

    @Test
    void aStaleRunnersResultIsNotRecordedAfterTheRunWasInterruptedAndResumed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdTrain.set(release);
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<PipelineRun> stale = background.submit(() -> runner.start(spec));
            assertThat(trainHeld.await(30, TimeUnit.SECONDS)).isTrue();
            String runId = store.listRuns().get(0).id();

            PipelineRunner restarted = runner("v1");
            restarted.markInterrupted();
            PipelineRun resumed = restarted.resume(runId);
            assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
            List<String> before = stepRuns(runId);

            release.countDown();
            assertThatThrownBy(() -> stale.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(GyreException.Conflict.class)
                    .hasMessageContaining("changed while step 'train' ran");
            assertThat(stepRuns(runId)).isEqualTo(before);
            assertThat(store.getRun(runId)).isEqualTo(resumed);
        } finally {
            release.countDown();
            background.shutdownNow();
        }
    }

    @Test
    void aStopAtAnyStoreUpdateIsRecoveredByResumeWithTheSameOutcome() {
        PipelineSpec spec = spec(PIPELINE.replace("min_auc: 0.9", "min_auc: 0.85"));
        PipelineRun reference = runner.start(spec);
        int crashes = 0;
        for (int k = 1; ; k++) {
            InMemoryRunStore fresh = new InMemoryRunStore();
            AtomicInteger updates = new AtomicInteger();
            int crashAt = k;
            RunStore crashing = new DelegatingStore(fresh) {
                @Override
                public void updateRun(PipelineRun run, RunStatus expected) {
                    if (updates.incrementAndGet() == crashAt) {
                        throw new Crash();
                    }
                    super.updateRun(run, expected);
                }
            };
            PipelineRunner first = new PipelineRunner(crashing, executor, clock, "v1", () -> "run-" + crashAt);
            try {
                first.start(spec);
                break; // no update left to stop at
            } catch (Crash expected) {
                crashes++;
            }
            PipelineRunner restarted = new PipelineRunner(fresh, executor, clock, "v1");
            assertThat(restarted.markInterrupted()).hasSize(1);
            PipelineRun resumed = restarted.resume("run-" + crashAt);
            assertThat(resumed.status()).as("stopped at update %d", k).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(resumed.iteration()).as("stopped at update %d", k).isEqualTo(2);
            assertThat(resumed.outputs()).as("stopped at update %d", k).isEqualTo(reference.outputs());
        }
        assertThat(crashes).isGreaterThanOrEqualTo(6);
    }

    @Test
    void checkpointsCanReadTheStepsParams() {
        String yaml = PIPELINE.replace("metrics.roc_auc >= 0.85", "params.max_trials >= 24")
                .replace("min_auc: 0.9", "min_auc: 0.85");
        PipelineRun run = runner.start(spec(yaml));
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(event(run.id(), RunEvent.Type.CHECKPOINT_FAILED).message()).endsWith("params.max_trials = 6 < 24");
    }

    @Test
    void eventsAreTimestampedByTheClockInOrder() {
        PipelineRun run = runner.start(spec(PIPELINE));
        List<RunEvent> events = store.events(run.id());
        assertThat(events.get(0).type()).isEqualTo(RunEvent.Type.RUN_STARTED);
        assertThat(events.get(0).message()).startsWith("started pipeline 'titanic' (spec "
                + spec(PIPELINE).hash().substring(0, 12) + ", code version v1, max_iterations 3");
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).at()).isAfter(events.get(i - 1).at());
        }
        assertThat(events.get(0).at()).isAfter(Instant.parse("2026-01-05T10:00:00Z"));
    }

    @Test
    void overridesMustNameExistingStepsAndParams() {
        PipelineSpec spec = spec(PIPELINE);
        assertThatThrownBy(() -> runner.start(spec, Map.of("training", Map.of("max_trials", 3))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Override 'overrides.training': the pipeline has no step 'training'; its steps are ingest,"
                        + " train, validate, deploy.");
        assertThatThrownBy(() -> runner.start(spec, Map.of("train", Map.of("trials", 3))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("step 'train' has no parameter 'trials'; its params are spec, max_trials");
        assertThat(store.listRuns()).isEmpty();
    }

    @Test
    void aKindWithoutAHandlerFailsTheStepSayingWhichKindsRun() {
        PipelineRun run = runner.start(spec("pipeline: p\nsteps: [{kind: monitor}]"));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.reason()).startsWith("step 'monitor' failed: No handler runs steps of kind 'monitor' here");
    }

    /** A store that forwards every call, for tests to intercept some. */
    private static class DelegatingStore implements RunStore {
        private final RunStore inner;

        DelegatingStore(RunStore inner) {
            this.inner = inner;
        }

        @Override
        public void createRun(PipelineRun run) {
            inner.createRun(run);
        }

        @Override
        public PipelineRun getRun(String id) {
            return inner.getRun(id);
        }

        @Override
        public void updateRun(PipelineRun run, RunStatus expected) {
            inner.updateRun(run, expected);
        }

        @Override
        public List<PipelineRun> listRuns() {
            return inner.listRuns();
        }

        @Override
        public void saveStepRun(StepRun stepRun) {
            inner.saveStepRun(stepRun);
        }

        @Override
        public List<StepRun> stepRuns(String runId) {
            return inner.stepRuns(runId);
        }

        @Override
        public java.util.Optional<StepRun> findSucceeded(StepKey key) {
            return inner.findSucceeded(key);
        }

        @Override
        public void appendEvent(RunEvent event) {
            inner.appendEvent(event);
        }

        @Override
        public List<RunEvent> events(String runId) {
            return inner.events(runId);
        }

        @Override
        public List<PipelineRun> markInterrupted(Instant at) {
            return inner.markInterrupted(at);
        }

        @Override
        public List<PipelineRun> markInterrupted(Instant at, java.util.Collection<String> runIds) {
            return inner.markInterrupted(at, runIds);
        }
    }

    /** Stands for the process dying in the middle of a step. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }
}
