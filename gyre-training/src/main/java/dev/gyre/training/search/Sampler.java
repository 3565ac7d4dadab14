package dev.gyre.training.search;

import java.util.List;
import java.util.Random;

/**
 * Proposes the next point of a search space. A sampler belongs to one search run (it may keep state, such as
 * its position in a grid); {@link Factory} makes a fresh one per run. All randomness comes from the
 * {@code random} argument, so the same history and generator state give the same proposal.
 */
public interface Sampler {

    /**
     * The next candidate.
     *
     * @param history the finished trials so far (completed and pruned; failed trials are left out), in trial
     *                order
     * @param random  the only source of randomness
     * @return a candidate, or {@code null} when the sampler has nothing left to propose
     */
    Candidate next(List<Observation> history, Random random);

    /** Makes a sampler for a space. */
    @FunctionalInterface
    interface Factory {
        Sampler create(SearchSpace space);
    }
}
