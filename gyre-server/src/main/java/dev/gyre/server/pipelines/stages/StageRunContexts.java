package dev.gyre.server.pipelines.stages;

/** Finds the context of a run by its id (the pipeline service stores it when a run starts). */
@FunctionalInterface
public interface StageRunContexts {
    /**
     * The project and actor of run {@code runId}.
     *
     * @throws dev.gyre.core.GyreException.NotFound when the run is unknown
     */
    StageRunContext of(String runId);
}
