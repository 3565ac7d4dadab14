package dev.gyre.server.pipelines.stages;

/** Finds the context of a run by its id (the pipeline service stores it when the run starts). */
@FunctionalInterface
public interface StageRunContexts {
    /**
     * @throws dev.gyre.core.GyreException.NotFound when the run has no context
     */
    StageRunContext of(String runId);
}
