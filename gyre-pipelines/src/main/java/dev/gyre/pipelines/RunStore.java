package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where pipeline runs, their step runs and their events are kept. An implementation must be durable for runs to
 * survive a restart (a database store), and every method must be atomic and safe to call from several threads.
 * {@link InMemoryRunStore} is the reference implementation for tests.
 */
public interface RunStore {
    /**
     * Stores a new run.
     *
     * @throws GyreException.AlreadyExists when a run with its id exists
     */
    void createRun(PipelineRun run);

    /**
     * The run {@code id}.
     *
     * @throws GyreException.NotFound when there is none
     */
    PipelineRun getRun(String id);

    /**
     * Replaces the stored run with {@code run} if the stored one has status {@code expected} (compare and set, so
     * that two approvals, or a stale runner and a resumed one, cannot both win).
     *
     * @throws GyreException.NotFound when there is no such run
     * @throws GyreException.Conflict when the stored run's status is not {@code expected}; nothing is changed
     */
    void updateRun(PipelineRun run, RunStatus expected);

    /** Every run, newest first (by creation time, then id); never null. */
    List<PipelineRun> listRuns();

    /**
     * Inserts a step run, or replaces the one with the same run id and seq.
     *
     * @throws GyreException.NotFound when its run does not exist
     */
    void saveStepRun(StepRun stepRun);

    /** The step runs of run {@code runId}, by seq; empty when there are none. */
    List<StepRun> stepRuns(String runId);

    /**
     * The most recent step run with status {@link StepRun.Status#SUCCEEDED} and this key, in any run; cached
     * step runs are never returned (they point at the one they reused).
     */
    Optional<StepRun> findSucceeded(StepKey key);

    /**
     * Appends an event.
     *
     * @throws GyreException.NotFound when its run does not exist
     */
    void appendEvent(RunEvent event);

    /** The events of run {@code runId}, in the order they were appended. */
    List<RunEvent> events(String runId);

    /**
     * Marks every {@link RunStatus#RUNNING} run {@link RunStatus#INTERRUPTED}, and their running step runs
     * interrupted, at {@code at}; called once at start-up, before any run executes. Idempotent.
     *
     * @return the runs marked, as stored after marking
     */
    List<PipelineRun> markInterrupted(Instant at);

    /**
     * Marks those of {@code runIds} that are {@link RunStatus#RUNNING} {@link RunStatus#INTERRUPTED}, with their
     * running step runs, at {@code at}: the runs a process stopped driving while others go on (several platform
     * replicas). Unknown ids and runs in another status are left alone.
     *
     * @return the runs marked, as stored after marking
     */
    List<PipelineRun> markInterrupted(Instant at, java.util.Collection<String> runIds);
}
