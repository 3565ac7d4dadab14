package dev.gyre.training.job;

import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.TrialResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrainingJob} produced.
 *
 * @param search      the search's result (leaderboard, best trial, refitted model, duration)
 * @param features    the features fitted on the training table; the model expects their matrix
 * @param parentRunId the id the tracker gave the search (the MLflow parent run's id), empty when untracked
 */
public record TrainingOutcome(SearchResult search, FittedFeatures features, String parentRunId) {

    public TrainingOutcome {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(parentRunId, "parentRunId");
    }

    /** Every trial, best first. */
    public List<TrialResult> leaderboard() {
        return search.leaderboard();
    }

    /** The best completed trial, if any. */
    public Optional<TrialResult> bestTrial() {
        return search.best();
    }

    /** The best trial refitted on all the training rows, if there is a best trial. */
    public Optional<TrainedModel> bestModel() {
        return search.bestModel();
    }
}
