package dev.gyre.tracking.search.index;

import dev.gyre.core.GyreException;

/**
 * How the run search index is sized.
 *
 * @param enabled              whether searches use the index at all
 * @param maxRunsPerExperiment an experiment with more runs is not indexed (its searches use SQL)
 * @param maxCells             a bound on the memory of all indexed experiments together, counted in
 *                             cells (runs × (attributes + metric, param and tag keys)); beyond it the
 *                             least recently searched experiments are dropped (they reload when
 *                             searched again), and an experiment that alone exceeds it is not indexed
 */
public record SearchIndexSettings(boolean enabled, int maxRunsPerExperiment, long maxCells) {

    /** The default cap on runs per indexed experiment. */
    public static final int DEFAULT_MAX_RUNS_PER_EXPERIMENT = 250_000;
    /** The default memory bound: at most a few hundred MB even when every cell is a metric. */
    public static final long DEFAULT_MAX_CELLS = 20_000_000L;

    public SearchIndexSettings {
        if (maxRunsPerExperiment < 0 || maxCells < 0) {
            throw new GyreException.InvalidArgument("Search index limits must not be negative.");
        }
    }

    /** Enabled, with the default limits. */
    public static SearchIndexSettings defaults() {
        return new SearchIndexSettings(true, DEFAULT_MAX_RUNS_PER_EXPERIMENT, DEFAULT_MAX_CELLS);
    }

    /** Turned off: every search runs in SQL. */
    public static SearchIndexSettings disabled() {
        return new SearchIndexSettings(false, DEFAULT_MAX_RUNS_PER_EXPERIMENT, DEFAULT_MAX_CELLS);
    }
}
