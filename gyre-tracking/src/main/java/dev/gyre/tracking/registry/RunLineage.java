package dev.gyre.tracking.registry;

import java.util.Optional;

/**
 * Looks runs up for the registry: to fill a version's lineage and to resolve {@code runs:/} sources.
 * Implemented by the tracking service; implementations are thread-safe.
 */
@FunctionalInterface
public interface RunLineage {

    /**
     * The facts of the run with this id.
     *
     * @return empty when there is no such run (deleted runs may still be answered)
     */
    Optional<RunFacts> lookup(String runId);
}
