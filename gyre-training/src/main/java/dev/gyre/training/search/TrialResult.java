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
 * @param threads     the most threads the trial's trainers were allowed: the candidate's own {@code threads}
 *                    when it sets one (0 counting as every core), else the search's share of the cores,
 *                    {@code max(1, cores / parallelism)}; 1 for algorithms without a {@code threads}
 *                    parameter (XGBoost below 10 000 rows also trains on one). Like {@code duration} it
 *                    describes the machine, not the result: the trained models neither depend on it nor
 *                    carry it in their parameters, so a seeded search gives the same metrics, leaderboard and
 *                    refitted model on any number of cores
 */
public record TrialResult(int number, Candidate candidate, Status status, List<Double> foldMetrics, double mean,
                          String reason, Duration duration, int threads) {

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
