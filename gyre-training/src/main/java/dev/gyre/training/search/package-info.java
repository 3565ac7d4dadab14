/**
 * Hyperparameter search over the algorithms of {@link dev.gyre.training.Algorithms}, independent of tracking
 * and of features.
 *
 * <p>A {@link dev.gyre.training.search.SearchSpace} gives, per algorithm, a
 * {@link dev.gyre.training.search.Domain} for each tuned parameter, checked against the algorithm's
 * parameter schema. A {@link dev.gyre.training.search.Sampler} proposes
 * {@link dev.gyre.training.search.Candidate}s: {@link dev.gyre.training.search.GridSampler},
 * {@link dev.gyre.training.search.RandomSampler} or {@link dev.gyre.training.search.TpeSampler}.
 * {@link dev.gyre.training.search.SearchRunner} runs a {@link dev.gyre.training.search.Search}: it scores
 * each candidate by {@link dev.gyre.training.search.Validation} (k-fold or holdout) with a
 * {@link dev.gyre.training.search.SearchMetric}, prunes poor trials by successive halving over folds,
 * reports progress to a {@link dev.gyre.training.search.SearchListener}, and returns a
 * {@link dev.gyre.training.search.SearchResult}: the leaderboard and the best candidate refitted on all the
 * data. A seeded search is reproducible for a given parallelism (see {@code SearchRunner}).
 */
package dev.gyre.training.search;
