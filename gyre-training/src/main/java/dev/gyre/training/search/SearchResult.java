package dev.gyre.training.search;

import dev.gyre.training.TrainedModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a search found.
 *
 * @param metric      the metric optimised
 * @param leaderboard every trial, best first: completed trials by mean metric, then pruned ones by their
 *                    partial mean, then failed and cancelled ones; ties in trial order
 * @param best        the best completed trial, if any
 * @param bestModel   the best trial's algorithm and parameters refitted on all the training data with the
 *                    search's seed, if there is a best trial
 * @param cancelled   whether {@link SearchRunner#cancel()} stopped the search
 * @param duration    wall time of the whole search, refit included
 */
public record SearchResult(SearchMetric metric, List<TrialResult> leaderboard, Optional<TrialResult> best,
                           Optional<TrainedModel> bestModel, boolean cancelled, Duration duration) {

    public SearchResult {
        leaderboard = List.copyOf(leaderboard);
    }

    /** The trials with this status, in leaderboard order. */
    public List<TrialResult> withStatus(TrialResult.Status status) {
        return leaderboard.stream().filter(t -> t.status() == status).toList();
    }
}
