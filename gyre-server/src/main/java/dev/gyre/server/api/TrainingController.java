package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.table.Table;
import dev.gyre.data.service.DataService;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.features.TrainingData;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.training.job.TrackingTrialTracker;
import dev.gyre.training.job.TrainingJob;
import dev.gyre.training.job.TrainingOutcome;
import dev.gyre.training.job.TrainingSpec;
import dev.gyre.training.job.TrainingSpecParser;
import dev.gyre.training.search.SearchListener;
import dev.gyre.training.search.TrialResult;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a training spec on a project's train split, as one request: the features are fitted and the search
 * runs on the platform, the search is a parent run and every trial a child run (visible through the MLflow
 * API), and the answer is the leaderboard. The data is read for training, so a sealed test split is refused.
 */
public final class TrainingController {

    private final DataService data;
    private final TrackingService tracking;
    private final ArtifactStore artifacts;
    private final ProjectService projects;
    private final JsonBodies json;

    public TrainingController(DataService data, TrackingService tracking, ArtifactStore artifacts, ProjectService projects,
                              JsonBodies json) {
        this.data = data;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.projects = projects;
        this.json = json;
    }

    /** Body of POST …/training-runs. */
    public record Run(String spec, String data, String gitCommit) {
    }

    public void run(Context ctx, Principal principal) {
        Run body = json.read(ctx, Run.class, "{\"spec\": \"<training spec YAML>\", \"data\": \"passengers-train@1\"}");
        if (body.spec() == null || body.spec().isBlank() || body.data() == null || body.data().isBlank()) {
            throw new GyreException.InvalidArgument("Fields 'spec' (the training spec as YAML) and 'data' (the train split,"
                    + " NAME@N) are needed.");
        }
        String name = DataController.project(ctx);
        Project project = projects.get(name);
        projects.requireRole(project, principal.user(), Permission.WRITE_TRACKING);
        String charterMetric = projects.charter(name).map(c -> c.charter().successMetric().metric()).orElse(null);
        TrainingSpec spec = new TrainingSpecParser().parse(body.spec(), charterMetric);
        DataVersion version = data.version(name, body.data(), principal.user());
        Table table = data.readTable(name, body.data(), ReadPurpose.TRAINING, principal.user());
        TrainingData training = new TrainingData(table, version.splitRole() == null ? TrainingData.SplitRole.NONE
                : TrainingData.SplitRole.fromWireName(version.splitRole().wireName()));
        TrackingTrialTracker tracker = new TrackingTrialTracker(tracking, artifacts, project.id(),
                principal.user().username(), Map.of("gyre.data.train", version.ref().toString()), body.gitCommit());
        TrainingOutcome outcome = new TrainingJob().run(spec, training, tracker, new SearchListener() { });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("experiment_id", tracker.experimentId());
        answer.put("parent_run_id", outcome.parentRunId());
        answer.put("metric", outcome.search().metric().wireName());
        answer.put("best", outcome.bestTrial().map(TrainingController::trial).orElse(null));
        answer.put("leaderboard", outcome.leaderboard().stream().map(TrainingController::trial).toList());
        ctx.json(answer);
    }

    private static Map<String, Object> trial(TrialResult t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", t.number());
        out.put("algorithm", t.candidate().algorithm());
        out.put("params", t.candidate().params());
        out.put("status", t.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("mean", Double.isFinite(t.mean()) ? t.mean() : null);
        out.put("folds", List.copyOf(t.foldMetrics()));
        out.put("reason", t.reason());
        out.put("seconds", t.duration().toMillis() / 1000.0);
        return out;
    }
}
