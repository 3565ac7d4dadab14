package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.Permission;
import dev.gyre.data.service.DataService;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.training.TrainingJobRecord;
import dev.gyre.server.training.TrainingJobs;
import dev.gyre.server.training.TrainingStarter;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.training.job.TrainingOutcome;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Training on the platform. A job runs a training spec on a project's train split: the features are fitted and
 * the search runs on the server, the search is a parent run and every trial a child run (visible through the
 * MLflow API), and the best trial's model may be registered. The data is read for training, so a sealed test
 * split is refused.
 *
 * <p>{@code POST …/training-jobs} checks everything that can be checked before training (spec, data version,
 * split, target, columns, metric, model name) and answers 4xx with nothing started, or 202 with the job, which
 * then runs on the server's bounded job pool ({@link TrainingJobs}); {@code GET} shows its progress and
 * {@code POST …/cancel} stops it. {@code POST …/training-runs} is the same job, answered when it ends.
 */
public final class TrainingController {

    /** How long a cancel waits for the job to stop before answering. */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final ProjectService projects;
    private final TrainingJobs jobs;
    private final TrainingStarter starter;
    private final JsonBodies json;

    public TrainingController(DataService data, TrackingService tracking, RegistryService registry,
                              ArtifactStore artifacts, ProjectService projects, TrainingJobs jobs, JsonBodies json) {
        this.projects = projects;
        this.jobs = jobs;
        this.starter = new TrainingStarter(data, tracking, registry, artifacts, projects, jobs);
        this.json = json;
    }

    /** Body of POST …/training-jobs and POST …/training-runs. */
    public record Run(String spec, String data, String gitCommit, String register) {
    }

    /** POST …/training-jobs: checks and starts a job; 202 with its view. */
    public void submit(Context ctx, Principal principal) {
        TrainingJobRecord job = start(ctx, principal);
        ctx.status(202).json(job.view(jobs.now()));
    }

    /** POST …/training-runs: the same job, answered with its leaderboard when it ends. */
    public void run(Context ctx, Principal principal) {
        TrainingJobRecord job = start(ctx, principal);
        try {
            job.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GyreException.NotReady("The request was interrupted while training job '" + job.id()
                    + "' ran; follow it with GET …/training-jobs/" + job.id() + ".");
        } catch (ExecutionException e) {
            throw new GyreException.Internal("Training job '" + job.id() + "' ended unexpectedly.", e.getCause());
        }
        if (job.status() == TrainingJobRecord.Status.FAILED && job.error() != null) {
            throw job.error();
        }
        if (job.status() == TrainingJobRecord.Status.CANCELLED && job.outcome() == null) {
            throw new GyreException.Conflict("Training job '" + job.id() + "' was cancelled before it started.");
        }
        TrainingOutcome outcome = job.outcome();
        Map<String, Object> view = job.view(jobs.now());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("job_id", job.id());
        answer.put("status", view.get("status"));
        answer.put("experiment_id", view.get("experiment_id"));
        answer.put("parent_run_id", outcome.parentRunId());
        answer.put("metric", outcome.search().metric().wireName());
        answer.put("best", outcome.bestTrial().map(TrainingJobRecord::trial).orElse(null));
        answer.put("leaderboard", outcome.leaderboard().stream().map(TrainingJobRecord::trial).toList());
        answer.put("registered_model", view.get("registered_model"));
        ctx.json(answer);
    }

    /** GET …/training-jobs/{id}. */
    public void get(Context ctx, Principal principal) {
        String project = readable(ctx, principal);
        ctx.json(jobs.require(project, ctx.pathParam("id")).view(jobs.now()));
    }

    /** GET …/training-jobs: the project's jobs, newest first. */
    public void list(Context ctx, Principal principal) {
        String project = readable(ctx, principal);
        long now = jobs.now();
        ctx.json(Map.of("jobs", jobs.list(project).stream().map(j -> j.view(now)).toList()));
    }

    /** POST …/training-jobs/{id}/cancel. */
    public void cancel(Context ctx, Principal principal) {
        String name = DataController.project(ctx);
        Project project = projects.get(name);
        projects.requireRole(project, principal.user(), Permission.WRITE_TRACKING);
        TrainingJobRecord job = jobs.require(name, ctx.pathParam("id"));
        ctx.json(jobs.cancel(job, CANCEL_WAIT).view(jobs.now()));
    }

    private String readable(Context ctx, Principal principal) {
        String name = DataController.project(ctx);
        projects.requireRole(projects.get(name), principal.user(), Permission.READ);
        return name;
    }

    /** Every check that can be made before training, then the job on the pool. */
    private TrainingJobRecord start(Context ctx, Principal principal) {
        Run body = json.read(ctx, Run.class, "{\"spec\": \"<training spec YAML>\", \"data\": \"passengers-train@1\","
                + " \"register\": \"titanic-survival\"}");
        return starter.start(DataController.project(ctx), new TrainingStarter.Request(body.spec(), body.data(),
                body.gitCommit(), body.register()), principal.user());
    }
}
