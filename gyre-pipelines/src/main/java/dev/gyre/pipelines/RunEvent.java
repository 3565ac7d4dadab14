package dev.gyre.pipelines;

import java.time.Instant;
import java.util.Objects;

/**
 * One decision or state change of a run, with its reason, in the order it happened.
 *
 * @param runId   the pipeline run
 * @param at      when (from the runner's clock)
 * @param type    what happened
 * @param stepId  the step concerned, or null
 * @param message what happened and why, quoting values, e.g. {@code checkpoint after 'train' did not hold:
 *                metrics.roc_auc = 0.812 < 0.85}
 */
public record RunEvent(String runId, Instant at, Type type, String stepId, String message) {

    /** Kinds of event. */
    public enum Type {
        RUN_STARTED, STEP_STARTED, STEP_SUCCEEDED, STEP_FAILED, CACHE_HIT, CHECKPOINT_PASSED, CHECKPOINT_FAILED,
        GOTO, STOPPED, EXHAUSTED, WAITING, APPROVED, REJECTED, INTERRUPTED, RESUMED, RUN_SUCCEEDED
    }

    public RunEvent {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }
}
