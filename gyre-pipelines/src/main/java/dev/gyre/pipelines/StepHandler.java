package dev.gyre.pipelines;

/**
 * The entry point of one step kind in this process: reads the description, does the work, says what it made.
 * Registered by kind with a {@link LocalExecutor}; a remote executor calls the same handler in its own process
 * after {@link StepDescription#fromJson}.
 */
@FunctionalInterface
public interface StepHandler {
    /**
     * Runs the step. Throwing an exception is the same as returning a failed result with its message.
     * Should be deterministic in its inputs (params, inputs, code version): that is what makes caching sound.
     */
    StepResult run(StepDescription step) throws Exception;
}
