package dev.gyre.training.job;

import dev.gyre.features.FittedFeatures;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.TrialResult;

/**
 * Records a training job's search: one parent record for the search and one per trial. {@link TrainingJob}
 * calls {@link #searchStarted} once, then {@link #trialStarted} and {@link #trialFinished} for each trial
 * (serialised, possibly from worker threads), then exactly one of {@link #searchFinished} or
 * {@link #searchFailed}. An exception thrown by a tracker ends the job.
 */
public interface TrialTracker {

    /**
     * The search is about to start; features are fitted and the checks passed.
     *
     * @return the id of the search's parent run (or any id the tracker chooses), reported in the outcome
     */
    String searchStarted(TrainingSpec spec, FittedFeatures features);

    /** A trial is about to train its first fold. */
    void trialStarted(int number, Candidate candidate);

    /** A trial ended, in any status. */
    void trialFinished(TrialResult result);

    /** The search ended and its best trial, if any, was refitted on all the training rows. */
    void searchFinished(SearchResult result, FittedFeatures features);

    /** The search stopped with an error after {@link #searchStarted}. */
    void searchFailed(RuntimeException error);

    /** A tracker that records nothing; its parent run id is empty. */
    static TrialTracker none() {
        return new TrialTracker() {
            @Override
            public String searchStarted(TrainingSpec spec, FittedFeatures features) {
                return "";
            }

            @Override
            public void trialStarted(int number, Candidate candidate) {
            }

            @Override
            public void trialFinished(TrialResult result) {
            }

            @Override
            public void searchFinished(SearchResult result, FittedFeatures features) {
            }

            @Override
            public void searchFailed(RuntimeException error) {
            }
        };
    }
}
