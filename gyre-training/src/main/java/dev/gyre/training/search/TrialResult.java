package dev.gyre.training.search;

import java.time.Duration;
import java.util.List;

/**
 * One trial of a search.
 *
 * @param number      the trial's number, from 0 in proposal order
 * @param candidate   the algorithm and tuned parameters
 * @param status      how it ended
 * @param foldMetrics the metric on each fold evaluated, in fold order (fewer than the folds when pruned)
 * @param mean        the mean of {@code foldMetrics}, or {@code NaN} when none was computed
 * @param reason      why it was pruned, failed or cancelled; empty when completed
 * @param duration    wall time spent on it
 */
public record TrialResult(int number, Candidate candidate, Status status, List<Double> foldMetrics, double mean,
                          String reason, Duration duration) {

    /** How a trial ended. */
    public enum Status {
        /** Evaluated on every fold. */
        COMPLETED,
        /** Stopped early by successive halving. */
        PRUNED,
        /** Training or scoring threw; {@code reason} has the message. */
        FAILED,
        /** Stopped by cancellation before its last fold. */
        CANCELLED
    }

    public TrialResult {
        foldMetrics = List.copyOf(foldMetrics);
    }
}
