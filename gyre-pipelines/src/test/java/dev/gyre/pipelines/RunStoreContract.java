package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunStore} must do; each store's test extends it with its own store.
 */
public abstract class RunStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    protected RunStore store;

    /** A new, empty store. */
    protected abstract RunStore newStore();

    @org.junit.jupiter.api.BeforeEach
    void openStore() {
        store = newStore();
    }

    protected static PipelineRun run(String id, RunStatus status, Instant at) {
        return new PipelineRun(id, "p", "0".repeat(64), "{}", "v1", Map.of(), status, null, 1, 0, Map.of(), Map.of(),
                null, at, at);
    }

    protected static StepRun stepRun(String runId, int seq, StepKey key, StepRun.Status status) {
        return new StepRun(runId, seq, "train", StepKind.TRAIN, 1, key, Map.of(), Map.of(), status,
                Map.of("model", runId + "-" + seq), Map.of(), List.of(), null, null, T0, null);
    }

    @Test
    protected void updatesOnlyFromTheExpectedStatus() {
        store.createRun(run("a", RunStatus.FAILED, T0));
        store.updateRun(run("a", RunStatus.RUNNING, T0.plusSeconds(1)), RunStatus.FAILED);
        assertThatThrownBy(() -> store.updateRun(run("a", RunStatus.SUCCEEDED, T0.plusSeconds(2)), RunStatus.FAILED))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("is running, not failed");
        assertThat(store.getRun("a").status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    protected void refusesDuplicateAndUnknownRuns() {
        store.createRun(run("a", RunStatus.RUNNING, T0));
        assertThatThrownBy(() -> store.createRun(run("a", RunStatus.RUNNING, T0)))
                .isInstanceOf(GyreException.AlreadyExists.class);
        assertThatThrownBy(() -> store.getRun("b")).isInstanceOf(GyreException.NotFound.class);
        assertThatThrownBy(() -> store.saveStepRun(stepRun("b", 1, StepKey.of(StepKind.TRAIN, Map.of(), Map.of(),
                "v1"), StepRun.Status.SUCCEEDED))).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    protected void findsTheLatestSucceededStepRunOfAKeyNeverACachedOrFailedOne() {
        StepKey key = StepKey.of(StepKind.TRAIN, Map.of("n", 1), Map.of(), "v1");
        StepKey other = StepKey.of(StepKind.TRAIN, Map.of("n", 2), Map.of(), "v1");
        store.createRun(run("a", RunStatus.RUNNING, T0));
        store.createRun(run("b", RunStatus.RUNNING, T0.plusSeconds(1)));
        assertThat(store.findSucceeded(key)).isEmpty();
        store.saveStepRun(stepRun("a", 1, key, StepRun.Status.FAILED));
        store.saveStepRun(stepRun("a", 2, key, StepRun.Status.RUNNING));
        assertThat(store.findSucceeded(key)).isEmpty();
        store.saveStepRun(stepRun("a", 2, key, StepRun.Status.SUCCEEDED));
        store.saveStepRun(stepRun("b", 1, key, StepRun.Status.SUCCEEDED));
        store.saveStepRun(stepRun("b", 2, key, StepRun.Status.CACHED));
        assertThat(store.findSucceeded(key).orElseThrow().runId()).isEqualTo("b");
        assertThat(store.findSucceeded(key).orElseThrow().seq()).isEqualTo(1);
        assertThat(store.findSucceeded(other)).isEmpty();
        assertThat(store.stepRuns("a")).extracting(StepRun::status)
                .containsExactly(StepRun.Status.FAILED, StepRun.Status.SUCCEEDED);
    }

    @Test
    protected void marksOnlyRunningRunsAndTheirRunningStepsInterrupted() {
        StepKey key = StepKey.of(StepKind.TRAIN, Map.of(), Map.of(), "v1");
        store.createRun(run("a", RunStatus.RUNNING, T0));
        store.createRun(run("b", RunStatus.SUCCEEDED, T0));
        store.saveStepRun(stepRun("a", 1, key, StepRun.Status.SUCCEEDED));
        store.saveStepRun(stepRun("a", 2, key, StepRun.Status.RUNNING));

        List<PipelineRun> marked = store.markInterrupted(T0.plusSeconds(60));

        assertThat(marked).extracting(PipelineRun::id).containsExactly("a");
        assertThat(store.getRun("a").status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(store.getRun("a").updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.getRun("b").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.stepRuns("a")).extracting(StepRun::status)
                .containsExactly(StepRun.Status.SUCCEEDED, StepRun.Status.INTERRUPTED);
        assertThat(store.stepRuns("a").get(1).finishedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.markInterrupted(T0.plusSeconds(61))).isEmpty();
    }

    @Test
    protected void marksOnlyTheNamedRunningRunsInterrupted() {
        StepKey key = StepKey.of(StepKind.TRAIN, Map.of(), Map.of(), "v1");
        store.createRun(run("a", RunStatus.RUNNING, T0));
        store.createRun(run("b", RunStatus.RUNNING, T0));
        store.createRun(run("c", RunStatus.SUCCEEDED, T0));
        store.saveStepRun(stepRun("b", 1, key, StepRun.Status.RUNNING));

        List<PipelineRun> marked = store.markInterrupted(T0.plusSeconds(60), List.of("b", "c", "nope"));

        assertThat(marked).extracting(PipelineRun::id).containsExactly("b");
        assertThat(store.getRun("a").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.getRun("b").status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(store.getRun("c").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.stepRuns("b")).extracting(StepRun::status).containsExactly(StepRun.Status.INTERRUPTED);
        assertThat(store.markInterrupted(T0.plusSeconds(61), List.of("b"))).isEmpty();
    }

    @Test
    protected void listsRunsNewestFirst() {
        store.createRun(run("a", RunStatus.SUCCEEDED, T0));
        store.createRun(run("c", RunStatus.SUCCEEDED, T0.plusSeconds(5)));
        store.createRun(run("b", RunStatus.SUCCEEDED, T0.plusSeconds(5)));
        assertThat(store.listRuns()).extracting(PipelineRun::id).containsExactly("c", "b", "a");
    }
}
