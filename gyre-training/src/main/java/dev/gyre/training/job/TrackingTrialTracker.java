package dev.gyre.training.job;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.features.FittedFeatures;
import dev.gyre.tracking.DatasetInput;
import dev.gyre.tracking.Experiment;
import dev.gyre.tracking.LifecycleStage;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.Param;
import dev.gyre.tracking.RunStatus;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.TrialResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a search as MLflow runs through {@link TrackingService}, with artifacts in an {@link ArtifactStore}.
 *
 * <p><b>The search</b> is a parent run in the spec's experiment (created in the caller's project when there is
 * none by that name). Params: the search settings ({@code sampler}, {@code max_trials}, {@code max_minutes},
 * {@code parallelism}, {@code halving_eta}, {@code seed}) and {@code metric}, {@code validation}, {@code task},
 * {@code target}, {@code algorithms}. Tags: {@code gyre.spec.sha256} ({@link TrainingSpec#sha256()}),
 * {@code gyre.features.sha256} ({@link FittedFeatures#specHash()}), {@code gyre.seed}, {@code gyre.java.version},
 * {@code gyre.os}, {@code mlflow.source.git.commit} when given, and the caller's tags (dataset version refs
 * such as {@code gyre.data.train=passengers-train@1}). The caller's {@link #withInputs dataset inputs} are
 * logged on it (MLflow {@code log-inputs}), so the registry's lineage of a model registered from the search
 * names the data versions. When it ends: the metric {@code <metric>} of the best trial, the tag
 * {@code gyre.best_trial_run_id}, the artifacts {@code model/model.gyrm} ({@link TrainedModel#serialize()}),
 * {@code model/features.json} ({@link FittedFeatures#toJson()}) and, when the library recorded one,
 * {@code model/provenance.json} ({@link TrainedModel#provenance()}), and status FINISHED (KILLED when
 * cancelled, also before any trial completed; FAILED when no trial completed or the search threw, with the
 * tag {@code gyre.failure}). The
 * same {@code model/} artifacts are written under the best trial's run, so {@code runs:/<best trial>/model}
 * is what gets registered.
 *
 * <p><b>Each trial</b> is a child run (tags {@code mlflow.parentRunId}, {@code gyre.trial} = its number,
 * {@code gyre.features.sha256}, {@code gyre.seed}, {@code mlflow.source.git.commit} when given; the same dataset
 * inputs as the search) created when it starts. Params: {@code algorithm} and the tuned parameters. Metrics: {@code <metric>_fold<k>} at
 * step k for each fold evaluated (k from 1), {@code <metric>} (the mean) when it completed, and
 * {@code training_seconds}. Status FINISHED when completed, KILLED when pruned or cancelled and FAILED when it
 * threw, each with the tags {@code gyre.trial.status} and {@code gyre.trial.reason}.
 *
 * <p>Artifacts go under the parent run's artifact URI, which must lie inside the store (its URI followed by
 * {@code /}, or {@code mlflow-artifacts:/}), as it does when the tracking service's artifact root is the
 * store's URI.
 *
 * <p>Not for concurrent searches: use one tracker per job.
 */
public final class TrackingTrialTracker implements TrialTracker {

    private final TrackingService tracking;
    private final ArtifactStore artifacts;
    private final Long projectId;
    private final String userId;
    private final Map<String, String> tags;
    private final String gitCommit;
    private final Clock clock;
    private final Map<Integer, String> trialRuns = new ConcurrentHashMap<>();
    private volatile String experimentId;
    private volatile String parentRunId;
    private volatile String metric;
    private volatile String featuresHash;
    private volatile String seed;
    private volatile String bestTrialRunId;
    private volatile List<DatasetInput> inputs = List.of();

    /**
     * @param tracking  the tracking service
     * @param artifacts the store the runs' artifact URIs point into
     * @param projectId the project a missing experiment is created in, or {@code null}
     * @param userId    the MLflow user id of the runs, or {@code null}
     * @param tags      extra tags of the parent run, e.g. {@code gyre.data.train -> passengers-train@1}
     * @param gitCommit the source commit ({@code mlflow.source.git.commit}), or {@code null}
     */
    public TrackingTrialTracker(TrackingService tracking, ArtifactStore artifacts, Long projectId, String userId,
                                Map<String, String> tags, String gitCommit) {
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.projectId = projectId;
        this.userId = userId;
        this.tags = Map.copyOf(tags == null ? Map.of() : tags);
        this.gitCommit = gitCommit;
        this.clock = Clock.systemUTC();
    }

    /**
     * The datasets the search reads (e.g. the train split with its digest), logged as MLflow dataset inputs
     * on the search's run and on every trial's run. Call before the search starts.
     *
     * @return this tracker
     */
    public TrackingTrialTracker withInputs(List<DatasetInput> datasets) {
        this.inputs = List.copyOf(datasets);
        return this;
    }

    /** The best trial's run id once the search finished with a best trial, or {@code null}. */
    public String bestTrialRunId() {
        return bestTrialRunId;
    }

    /** The experiment's id, once the search started. */
    public String experimentId() {
        return experimentId;
    }

    @Override
    public String searchStarted(TrainingSpec spec, FittedFeatures features) {
        experimentId = experiment(spec.experiment());
        metric = spec.metricOrDefault();
        featuresHash = features.specHash();
        seed = Long.toString(spec.settings().seed());
        Map<String, String> runTags = new LinkedHashMap<>(tags);
        runTags.put("gyre.spec.sha256", spec.sha256());
        runTags.put("gyre.features.sha256", features.specHash());
        runTags.put("gyre.seed", Long.toString(spec.settings().seed()));
        runTags.put("gyre.java.version", System.getProperty("java.version"));
        runTags.put("gyre.os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        if (gitCommit != null && !gitCommit.isBlank()) {
            runTags.put("mlflow.source.git.commit", gitCommit);
        }
        parentRunId = tracking.createRun(experimentId, userId, clock.millis(), null, toTags(runTags)).info().runId();
        Map<String, String> params = new LinkedHashMap<>(spec.settings().asParams());
        params.put("metric", metric);
        params.put("validation", spec.validation().toString());
        params.put("task", spec.task().wireName());
        params.put("target", spec.target());
        params.put("algorithms", String.join(",", spec.algorithmNames()));
        tracking.logBatch(parentRunId, List.of(), toParams(params), List.of());
        if (!inputs.isEmpty()) {
            tracking.logInputs(parentRunId, inputs);
        }
        return parentRunId;
    }

    @Override
    public void trialStarted(int number, Candidate candidate) {
        List<RunTag> runTags = new ArrayList<>(List.of(new RunTag("mlflow.parentRunId", parentRunId),
                new RunTag("gyre.trial", Integer.toString(number)), new RunTag("gyre.features.sha256", featuresHash),
                new RunTag("gyre.seed", seed)));
        if (gitCommit != null && !gitCommit.isBlank()) {
            // on the trial too: a registered version takes its lineage (git commit included) from the trial's run
            runTags.add(new RunTag("mlflow.source.git.commit", gitCommit));
        }
        String runId = tracking.createRun(experimentId, userId, clock.millis(), "trial-" + number, runTags)
                .info().runId();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", candidate.algorithm());
        candidate.params().forEach((k, v) -> params.put(k, String.valueOf(v)));
        tracking.logBatch(runId, List.of(), toParams(params), List.of());
        if (!inputs.isEmpty()) {
            tracking.logInputs(runId, inputs);
        }
        trialRuns.put(number, runId);
    }

    @Override
    public void trialFinished(TrialResult result) {
        String runId = trialRuns.get(result.number());
        if (runId == null) {
            return;
        }
        long now = clock.millis();
        List<Metric> metrics = new ArrayList<>();
        for (int k = 0; k < result.foldMetrics().size(); k++) {
            metrics.add(new Metric(metric + "_fold" + (k + 1), result.foldMetrics().get(k), now, k + 1));
        }
        if (result.status() == TrialResult.Status.COMPLETED) {
            metrics.add(new Metric(metric, result.mean(), now, 0));
        }
        metrics.add(new Metric("training_seconds", result.duration().toNanos() / 1e9, now, 0));
        List<RunTag> runTags = new ArrayList<>();
        runTags.add(new RunTag("gyre.trial.status", result.status().name().toLowerCase(java.util.Locale.ROOT)));
        if (!result.reason().isEmpty()) {
            runTags.add(new RunTag("gyre.trial.reason", abbreviate(result.reason())));
        }
        tracking.logBatch(runId, metrics, List.of(), runTags);
        RunStatus status = switch (result.status()) {
            case COMPLETED -> RunStatus.FINISHED;
            case FAILED -> RunStatus.FAILED;
            case PRUNED, CANCELLED -> RunStatus.KILLED;
        };
        tracking.updateRun(runId, status, now, null);
    }

    @Override
    public void searchFinished(SearchResult result, FittedFeatures features) {
        long now = clock.millis();
        if (result.best().isEmpty() || result.bestModel().isEmpty()) {
            if (result.cancelled()) {
                tracking.logBatch(parentRunId, List.of(), List.of(), List.of(new RunTag("gyre.cancelled",
                        "cancelled before any trial completed")));
                tracking.updateRun(parentRunId, RunStatus.KILLED, now, null);
                return;
            }
            tracking.logBatch(parentRunId, List.of(), List.of(), List.of(new RunTag("gyre.failure",
                    "no trial completed; see the trials' gyre.trial.reason tags")));
            tracking.updateRun(parentRunId, RunStatus.FAILED, now, null);
            return;
        }
        TrialResult best = result.best().get();
        TrainedModel model = result.bestModel().get();
        writeModel(artifactRoot(parentRunId), model, features);
        List<RunTag> runTags = new ArrayList<>();
        String bestRun = trialRuns.get(best.number());
        if (bestRun != null) {
            writeModel(artifactRoot(bestRun), model, features);
            runTags.add(new RunTag("gyre.best_trial_run_id", bestRun));
            bestTrialRunId = bestRun;
        }
        runTags.add(new RunTag("gyre.best_trial", Integer.toString(best.number())));
        tracking.logBatch(parentRunId, List.of(new Metric(metric, best.mean(), now, 0),
                        new Metric("search_seconds", result.duration().toNanos() / 1e9, now, 0)),
                List.of(new Param("best_algorithm", best.candidate().algorithm())), runTags);
        tracking.updateRun(parentRunId, result.cancelled() ? RunStatus.KILLED : RunStatus.FINISHED, now, null);
    }

    @Override
    public void searchFailed(RuntimeException error) {
        if (parentRunId == null) {
            return;
        }
        long now = clock.millis();
        for (String runId : trialRuns.values()) {
            if (!tracking.getRun(runId).info().status().isTerminated()) {
                tracking.updateRun(runId, RunStatus.FAILED, now, null);
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        tracking.logBatch(parentRunId, List.of(), List.of(), List.of(new RunTag("gyre.failure", abbreviate(message))));
        tracking.updateRun(parentRunId, RunStatus.FAILED, now, null);
    }

    private String experiment(String name) {
        try {
            Experiment existing = tracking.getExperimentByName(name);
            if (existing.lifecycleStage() == LifecycleStage.DELETED) {
                throw new GyreException.InvalidArgument("The experiment '" + name + "' is deleted; restore it or"
                        + " name another experiment in the training spec.");
            }
            return existing.experimentId();
        } catch (GyreException.NotFound e) {
            try {
                return tracking.createExperiment(name, null, List.of(), projectId, null);
            } catch (GyreException.AlreadyExists raced) {
                return tracking.getExperimentByName(name).experimentId();
            }
        }
    }

    private void writeModel(ArtifactPath root, TrainedModel model, FittedFeatures features) {
        ArtifactPath dir = root.resolve("model");
        artifacts.put(dir.resolve("model.gyrm"), new ByteArrayInputStream(model.serialize()));
        artifacts.put(dir.resolve("features.json"),
                new ByteArrayInputStream(features.toJson().getBytes(StandardCharsets.UTF_8)));
        model.provenance().ifPresent(json -> artifacts.put(dir.resolve("provenance.json"),
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    /** A run's artifact directory inside the store. */
    private ArtifactPath artifactRoot(String runId) {
        String uri = tracking.getRun(runId).info().artifactUri();
        String store = artifacts.uri();
        while (store.endsWith("/")) {
            store = store.substring(0, store.length() - 1);
        }
        String relative;
        if (uri != null && uri.startsWith(store + "/")) {
            relative = uri.substring(store.length() + 1);
        } else if (uri != null && uri.startsWith("mlflow-artifacts:/")) {
            relative = uri.substring("mlflow-artifacts:/".length());
        } else {
            throw new GyreException.InvalidArgument("The run's artifact URI '" + uri + "' is not inside the"
                    + " artifact store " + store + "; give the tracking service the store's URI as its artifact root.");
        }
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        return ArtifactPath.of(relative);
    }

    private static List<RunTag> toTags(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new RunTag(e.getKey(), e.getValue())).toList();
    }

    private static List<Param> toParams(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new Param(e.getKey(), e.getValue())).toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "…";
    }
}
