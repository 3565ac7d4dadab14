package dev.gyre.server.training;

import dev.gyre.core.ErrorCode;
import dev.gyre.core.GyreException;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.job.TrainingJob;
import dev.gyre.training.job.TrainingOutcome;
import dev.gyre.training.job.TrainingSpec;
import dev.gyre.training.job.TrialTracker;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.SearchListener;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.TrialResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One training job as the server keeps it in memory: who asked for what, where it stands (status, trials so far,
 * the best trial, elapsed time and estimate), and how it ended (leaderboard, registered model, error). Its runs,
 * metrics and models are in the tracking store; this record is not persisted. Thread-safe: the job's thread
 * writes, request threads read a consistent {@link #view()}.
 */
public final class TrainingJobRecord {

    /** Where a job stands. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        /** The JSON name. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the job ended. */
        public boolean terminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * What the job was asked to do.
     *
     * @param project   the project's name
     * @param projectId the project's id
     * @param data      the train split's reference, {@code NAME@N}
     * @param createdBy the user name of the caller
     * @param register  the registered model to add a version to when the search succeeds, or {@code null}
     */
    public record Request(String project, long projectId, String data, String createdBy, String register) {
        public Request {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(createdBy, "createdBy");
        }
    }

    /** The registered model version a job made. */
    public record Registered(String name, int version, String source, String runId) {
    }

    private final String id;
    private final Request request;
    private final Instant createdAt;
    private final String metric;
    private final int maxTrials;
    private final TrainingJob.Prepared prepared;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private Status status = Status.QUEUED;
    private boolean cancelRequested;
    private String experimentId;
    private String parentRunId;
    private int trialsFinished;
    private int trialsFailed;
    private int trialsPruned;
    private TrialResult best;
    private long startedNanos;
    private long endedNanos;
    private Duration eta;
    private TrainingOutcome outcome;
    private Registered registered;
    private RuntimeException error;

    TrainingJobRecord(String id, Request request, Instant createdAt, TrainingJob.Prepared prepared) {
        this.id = Objects.requireNonNull(id, "id");
        this.request = Objects.requireNonNull(request, "request");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.prepared = Objects.requireNonNull(prepared, "prepared");
        TrainingSpec spec = prepared.spec();
        this.metric = spec.metricOrDefault();
        this.maxTrials = spec.settings().maxTrials();
    }

    /** The job's id. */
    public String id() {
        return id;
    }

    /** What it was asked to do. */
    public Request request() {
        return request;
    }

    /** The checked job it runs. */
    public TrainingJob.Prepared prepared() {
        return prepared;
    }

    /** Where it stands. */
    public synchronized Status status() {
        return status;
    }

    /** How the search ended, once it did; {@code null} before or when it threw. */
    public synchronized TrainingOutcome outcome() {
        return outcome;
    }

    /** What made the job fail, or {@code null}. */
    public synchronized RuntimeException error() {
        return error;
    }

    /** The search's experiment, once it started. */
    public synchronized String experimentId() {
        return experimentId;
    }

    /** Completes when the job ended, in whatever status. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** The tracker, seen by this record: the experiment and the parent run become visible as soon as they exist. */
    public TrialTracker observe(TrialTracker tracker, java.util.function.Supplier<String> experiment) {
        return new TrialTracker() {
            @Override
            public String searchStarted(TrainingSpec spec, FittedFeatures features) {
                String runId = tracker.searchStarted(spec, features);
                synchronized (TrainingJobRecord.this) {
                    parentRunId = runId;
                    experimentId = experiment.get();
                }
                return runId;
            }

            @Override
            public void trialStarted(int number, Candidate candidate) {
                tracker.trialStarted(number, candidate);
            }

            @Override
            public void trialFinished(TrialResult result) {
                tracker.trialFinished(result);
            }

            @Override
            public void searchFinished(SearchResult result, FittedFeatures features) {
                tracker.searchFinished(result, features);
            }

            @Override
            public void searchFailed(RuntimeException failure) {
                tracker.searchFailed(failure);
            }
        };
    }

    /** Hears the search's trials and keeps the progress of the view. */
    public SearchListener listener() {
        return new SearchListener() {
            @Override
            public void trialFinished(TrialResult result, Progress progress) {
                synchronized (TrainingJobRecord.this) {
                    trialsFinished = progress.finished();
                    if (result.status() == TrialResult.Status.FAILED) {
                        trialsFailed++;
                    } else if (result.status() == TrialResult.Status.PRUNED) {
                        trialsPruned++;
                    }
                    if (result.status() == TrialResult.Status.COMPLETED && progress.best().isPresent()
                            && result.mean() == progress.best().getAsDouble()
                            && (best == null || best.mean() != result.mean())) {
                        best = result;
                    }
                    eta = progress.eta().orElse(null);
                }
            }
        };
    }

    /** The search ended (the job may still register its model). */
    public synchronized void searchEnded(TrainingOutcome searched) {
        this.outcome = searched;
        this.best = searched.bestTrial().orElse(null);
        this.trialsFinished = searched.leaderboard().size();
        this.trialsFailed = searched.search().withStatus(TrialResult.Status.FAILED).size();
        this.trialsPruned = searched.search().withStatus(TrialResult.Status.PRUNED).size();
        if (parentRunId == null && !searched.parentRunId().isEmpty()) {
            parentRunId = searched.parentRunId();
        }
    }

    /** The model version the job registered. */
    public synchronized void registered(Registered version) {
        this.registered = version;
    }

    /** The model version the job registered, or {@code null} when it registered none (yet). */
    public synchronized Registered registeredVersion() {
        return registered;
    }

    /** Whether a cancel was asked for. */
    public synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** Moves a queued job to running; false when it was cancelled while it waited. */
    synchronized boolean start(long nanos) {
        if (status != Status.QUEUED) {
            return false;
        }
        status = Status.RUNNING;
        startedNanos = nanos;
        return true;
    }

    /**
     * Asks the job to stop: a queued job is cancelled at once, a running one stops after its running trials.
     *
     * @return whether the job had not ended yet
     */
    synchronized boolean cancel(long nanos) {
        if (status.terminal()) {
            return false;
        }
        cancelRequested = true;
        prepared.cancel();
        if (status == Status.QUEUED) {
            status = Status.CANCELLED;
            startedNanos = nanos;
            endedNanos = nanos;
            done.complete(null);
        }
        return true;
    }

    /** The job's work ended, with the error it threw or {@code null}. */
    void finish(RuntimeException failure, long nanos) {
        synchronized (this) {
            if (status.terminal()) {
                return;
            }
            endedNanos = nanos;
            eta = null;
            if (failure != null) {
                error = failure;
                status = Status.FAILED;
            } else if (outcome != null && outcome.search().cancelled()) {
                status = Status.CANCELLED;
            } else if (outcome == null || outcome.bestTrial().isEmpty()) {
                status = Status.FAILED;
                error = new GyreException.InvalidArgument("No trial completed; see the trials' failure reasons"
                        + " (the tag gyre.trial.reason of each trial's run).");
            } else {
                status = Status.SUCCEEDED;
            }
            done.complete(null);
        }
    }

    /** The job as the API shows it. */
    public synchronized Map<String, Object> view(long nanos) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", id);
        out.put("project", request.project());
        out.put("status", status.wireName());
        out.put("cancel_requested", cancelRequested);
        out.put("data", request.data());
        out.put("experiment_id", experimentId);
        out.put("parent_run_id", parentRunId);
        out.put("metric", metric);
        out.put("trials_finished", trialsFinished);
        out.put("max_trials", maxTrials);
        out.put("trials_failed", trialsFailed);
        out.put("trials_pruned", trialsPruned);
        out.put("best", best == null ? null : trial(best));
        long elapsed = status == Status.QUEUED ? 0 : (status.terminal() ? endedNanos : nanos) - startedNanos;
        out.put("elapsed_seconds", Math.max(0, elapsed) / 1e9);
        out.put("eta_seconds", status.terminal() ? Double.valueOf(0) : eta == null ? null : eta.toMillis() / 1000.0);
        out.put("leaderboard", status.terminal() && outcome != null
                ? outcome.leaderboard().stream().map(TrainingJobRecord::trial).toList() : null);
        out.put("register", request.register());
        out.put("registered_model", registered == null ? null : registeredView(registered));
        out.put("error", error == null ? null : error(error));
        out.put("created_by", request.createdBy());
        out.put("created_at", createdAt.toString());
        return out;
    }

    /** A trial as the training API shows it. */
    public static Map<String, Object> trial(TrialResult t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", t.number());
        out.put("algorithm", t.candidate().algorithm());
        out.put("params", t.candidate().params());
        out.put("status", t.status().name().toLowerCase(Locale.ROOT));
        out.put("mean", Double.isFinite(t.mean()) ? t.mean() : null);
        out.put("folds", List.copyOf(t.foldMetrics()));
        out.put("reason", t.reason());
        out.put("seconds", t.duration().toMillis() / 1000.0);
        return out;
    }

    private static Map<String, Object> registeredView(Registered r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", r.name());
        out.put("version", r.version());
        out.put("source", r.source());
        out.put("run_id", r.runId());
        return out;
    }

    private static Map<String, Object> error(RuntimeException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (e instanceof GyreException gyre) {
            out.put("error_code", gyre.code().name());
            out.put("message", gyre.getMessage());
        } else {
            out.put("error_code", ErrorCode.INTERNAL_ERROR.name());
            out.put("message", "The training job failed unexpectedly (" + e.getClass().getSimpleName() + "); the"
                    + " server log has the details.");
        }
        return out;
    }
}
