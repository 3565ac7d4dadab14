package dev.gyre.pipelines;

/**
 * Runs one step wherever it runs: in this process ({@link LocalExecutor}), as a Kubernetes Job, on Spark. An
 * executor receives only the serialisable {@link StepDescription}, so the stages never know where they run.
 */
public interface StepExecutor {
    /**
     * Runs the step and waits for it. A failure of the step itself is a result with status
     * {@link StepResult.Status#FAILED}; an executor may also throw a {@link RuntimeException} when it could not
     * run the step at all (the runner then records the step as failed with the exception's message). Must be
     * safe to call from several threads.
     */
    StepResult execute(StepDescription step);
}
