package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A training job on the platform as last seen: a training spec searched over a train split, its trials
 * tracked as child runs of one parent run.
 *
 * @param jobId           the job's id
 * @param project         the project it runs in
 * @param status          {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param cancelRequested whether someone asked to cancel it (it stops after the trials running now)
 * @param data            the data version it trains on, {@code NAME@N}
 * @param experimentId    the experiment its runs are in, once known
 * @param parentRunId     the run of the whole search, once started
 * @param metric          the metric the trials are ranked by, e.g. {@code roc_auc}
 * @param trialsFinished  trials that ended so far, whatever their outcome
 * @param maxTrials       the search's trial budget, {@code 0} when it has none
 * @param trialsFailed    trials that failed
 * @param trialsPruned    trials stopped early because they could not win
 * @param best            the best trial so far, {@code null} before the first completed one
 * @param elapsedSeconds  how long the job has run (or ran)
 * @param etaSeconds      how long it will likely still take, {@code null} when unknown
 * @param leaderboard     the trials ranked best first, once the job has finished
 * @param register        the registered model asked for, {@code null} if none
 * @param registeredModel the model version registered from the best trial, {@code null} if none was asked for or made
 * @param error           why the job failed, {@code null} otherwise
 * @param createdBy       who submitted it
 * @param createdAt       when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingJob(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("project") String project,
        @JsonProperty("status") String status,
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("data") String data,
        @JsonProperty("experiment_id") String experimentId,
        @JsonProperty("parent_run_id") String parentRunId,
        @JsonProperty("metric") String metric,
        @JsonProperty("trials_finished") int trialsFinished,
        @JsonProperty("max_trials") int maxTrials,
        @JsonProperty("trials_failed") int trialsFailed,
        @JsonProperty("trials_pruned") int trialsPruned,
        @JsonProperty("best") TrainingTrial best,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("eta_seconds") Double etaSeconds,
        @JsonProperty("leaderboard") List<TrainingTrial> leaderboard,
        @JsonProperty("register") String register,
        @JsonProperty("registered_model") RegisteredVersion registeredModel,
        @JsonProperty("error") TrainingError error,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt) {

    public TrainingJob {
        leaderboard = leaderboard == null ? List.of() : List.copyOf(leaderboard);
    }

    /** Whether the job has ended: succeeded, failed or was cancelled. */
    @JsonIgnore
    public boolean isFinished() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    /** Whether the job ended well. */
    @JsonIgnore
    public boolean isSucceeded() {
        return "succeeded".equals(status);
    }
}
