package dev.gyre.pipelines;

import dev.gyre.pipelines.internal.Canonical;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One execution (or reuse) of a step within a run: its inputs, outputs, status, timings and logs, which together
 * are the step's lineage. Immutable.
 *
 * @param runId      the pipeline run
 * @param seq        1-based position among the run's step runs
 * @param stepId     the step's id
 * @param kind       the stage
 * @param iteration  the pass it ran in
 * @param key        its cache key
 * @param params     the effective parameters
 * @param inputs     content ids it read, keyed {@code <step id>.<output name>}
 * @param status     its status
 * @param outputs    content ids it made (for a cached step: those of the reused run)
 * @param results    what its checkpoint read
 * @param logs       its log lines
 * @param error      why it failed, else null
 * @param reusedFrom for a cached step, {@code <run id>#<seq>} of the step run reused; else null
 * @param startedAt  when it started
 * @param finishedAt when it ended; null while running
 */
public record StepRun(String runId, int seq, String stepId, StepKind kind, int iteration, StepKey key,
                      Map<String, Object> params, Map<String, String> inputs, Status status,
                      Map<String, String> outputs, Map<String, Object> results, List<String> logs, String error,
                      String reusedFrom, Instant startedAt, Instant finishedAt) {

    /** A step run's status. */
    public enum Status {
        /** Being executed. */
        RUNNING,
        /** Executed and succeeded. */
        SUCCEEDED,
        /** Not executed: a successful step run with the same key was reused. */
        CACHED,
        /** Executed and failed. */
        FAILED,
        /** Was running when the platform stopped. */
        INTERRUPTED
    }

    public StepRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        params = Canonical.plainMap(params, "params");
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        results = Canonical.plainMap(results, "results");
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** This step run ended with {@code status}. */
    public StepRun finished(Status newStatus, StepResult result, Instant at) {
        return new StepRun(runId, seq, stepId, kind, iteration, key, params, inputs, newStatus, result.outputs(),
                result.results(), result.logs(), result.error(), reusedFrom, startedAt, at);
    }

    /** This step run marked interrupted at {@code at}. */
    public StepRun interrupted(Instant at) {
        return new StepRun(runId, seq, stepId, kind, iteration, key, params, inputs, Status.INTERRUPTED, outputs,
                results, logs, "The platform stopped while the step was running.", reusedFrom, startedAt, at);
    }
}
