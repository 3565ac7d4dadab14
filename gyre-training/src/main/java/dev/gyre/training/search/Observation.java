package dev.gyre.training.search;

/**
 * A finished trial as a sampler sees it.
 *
 * @param candidate what was tried
 * @param loss      the objective oriented so that smaller is better (the negated metric when greater is
 *                  better); for a pruned trial, its mean over the folds it was evaluated on
 */
public record Observation(Candidate candidate, double loss) {
}
