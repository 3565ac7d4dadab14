package dev.gyre.training.search;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Hears a search's progress, e.g. to log each trial as a tracked run and draw a progress bar. Calls come from
 * the search's worker threads but never at the same time (they are serialised), and each trial is started
 * and finished exactly once. A listener may call {@link SearchRunner#cancel()}. An exception thrown by a
 * listener is not caught: it ends the search.
 */
public interface SearchListener {

    /** A trial is about to train its first fold. */
    default void trialStarted(int number, Candidate candidate) {
    }

    /** A trial ended (in any status). */
    default void trialFinished(TrialResult result, Progress progress) {
    }

    /** The search ended; called once, after the best trial was refitted. */
    default void searchFinished(SearchResult result) {
    }

    /**
     * Where the search stands after a trial finished.
     *
     * @param finished  trials finished so far
     * @param maxTrials the trial budget, or 0 when there is none
     * @param best      the best mean metric of a completed trial so far, if any
     * @param elapsed   time since the search started
     * @param eta       the estimated time left: the mean time per finished trial times the trials left, or the
     *                  time budget left when that is sooner; empty when neither budget bounds it
     */
    record Progress(int finished, int maxTrials, OptionalDouble best, Duration elapsed, Optional<Duration> eta) {
    }
}
