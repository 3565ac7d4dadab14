package dev.gyre.pipelines;

/** Where a pipeline run stands. */
public enum RunStatus {
    /** Steps are being executed. */
    RUNNING,
    /** A checkpoint awaits a human approval; the run continues on approve, ends on reject. */
    WAITING,
    /** Every step ran (or was reused) and every checkpoint held or was approved. Final. */
    SUCCEEDED,
    /** A step failed; {@link PipelineRunner#resume} continues from it. */
    FAILED,
    /** A checkpoint with {@code on_fail: stop} did not hold. Final. */
    FAILED_CHECKPOINT,
    /** A checkpoint would send the run back once more than {@code max_iterations} allows. Final. */
    EXHAUSTED,
    /** The approver rejected the checkpoint. Final. */
    REJECTED,
    /** The platform stopped while the run was running; {@link PipelineRunner#resume} continues it. */
    INTERRUPTED;

    /** Whether the run can never change again. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED_CHECKPOINT || this == EXHAUSTED || this == REJECTED;
    }

    /** Whether {@link PipelineRunner#resume} accepts a run in this status. */
    public boolean isResumable() {
        return this == FAILED || this == INTERRUPTED;
    }

    /** The name used in JSON and messages, e.g. {@code failed_checkpoint}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
