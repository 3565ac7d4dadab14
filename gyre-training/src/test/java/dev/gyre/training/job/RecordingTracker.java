package dev.gyre.training.job;

import dev.gyre.features.FittedFeatures;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.TrialResult;
import java.util.List;

/** A tracker for tests that writes down what it heard. */
final class RecordingTracker implements TrialTracker {
    private final List<String> heard;

    RecordingTracker(List<String> heard) {
        this.heard = heard;
    }

    @Override
    public String searchStarted(TrainingSpec spec, FittedFeatures features) {
        heard.add("started");
        return "parent";
    }

    @Override
    public void trialStarted(int number, Candidate candidate) {
        heard.add("trial " + number);
    }

    @Override
    public void trialFinished(TrialResult result) {
        heard.add("finished " + result.number());
    }

    @Override
    public void searchFinished(SearchResult result, FittedFeatures features) {
        heard.add("done");
    }

    @Override
    public void searchFailed(RuntimeException error) {
        heard.add("failed");
    }
}
