package dev.gyre.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Table;
import dev.gyre.data.service.DataService;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.features.TrainingData;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.training.TrainingJobRecord;
import dev.gyre.server.training.TrainingJobs;
import dev.gyre.tracking.Dataset;
import dev.gyre.tracking.DatasetInput;
import dev.gyre.tracking.InputTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.training.job.TrackingTrialTracker;
import dev.gyre.training.job.TrainingJob;
import dev.gyre.training.job.TrainingOutcome;
import dev.gyre.training.job.TrainingSpec;
import dev.gyre.training.job.TrainingSpecParser;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** The digest of a data set version as a dataset input: the first hex digits of its SHA-256. */
    static final int DIGEST_LENGTH = 12;

    private final DataService data;
    private final TrackingService tracking;
    private final RegistryService registry;
    private final ArtifactStore artifacts;
    private final ProjectService projects;
    private final TrainingJobs jobs;
    private final JsonBodies json;
    private final ObjectMapper mapper = new ObjectMapper();

    public TrainingController(DataService data, TrackingService tracking, RegistryService registry,
                              ArtifactStore artifacts, ProjectService projects, TrainingJobs jobs, JsonBodies json) {
        this.data = data;
        this.tracking = tracking;
        this.registry = registry;
        this.artifacts = artifacts;
        this.projects = projects;
        this.jobs = jobs;
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
        if (body.spec() == null || body.spec().isBlank() || body.data() == null || body.data().isBlank()) {
            throw new GyreException.InvalidArgument("Fields 'spec' (the training spec as YAML) and 'data' (the train split,"
                    + " NAME@N) are needed.");
        }
        String name = DataController.project(ctx);
        Project project = projects.get(name);
        projects.requireRole(project, principal.user(), Permission.WRITE_TRACKING);
        String register = checkRegister(body.register(), project);
        String charterMetric = projects.charter(name).map(c -> c.charter().successMetric().metric()).orElse(null);
        TrainingSpec spec = new TrainingSpecParser().parse(body.spec(), charterMetric);
        DataVersion version = data.version(name, body.data(), principal.user());
        Table table = data.readTable(name, body.data(), ReadPurpose.TRAINING, principal.user());
        TrainingData training = new TrainingData(table, version.splitRole() == null ? TrainingData.SplitRole.NONE
                : TrainingData.SplitRole.fromWireName(version.splitRole().wireName()));
        TrainingJob.Prepared prepared = TrainingJob.prepare(spec, training);
        String ref = version.ref().toString();
        DatasetInput input = input(name, version, table);
        TrainingJobRecord.Request request = new TrainingJobRecord.Request(name, project.id(), ref,
                principal.user().username(), register);
        return jobs.submit(request, prepared, job -> {
            TrackingTrialTracker tracker = new TrackingTrialTracker(tracking, artifacts, project.id(),
                    principal.user().username(), Map.of("gyre.data.train", ref), body.gitCommit())
                    .withInputs(List.of(input));
            TrainingOutcome outcome = job.prepared().run(job.observe(tracker, tracker::experimentId), job.listener());
            job.searchEnded(outcome);
            if (register != null && !outcome.search().cancelled() && tracker.bestTrialRunId() != null) {
                job.registered(register(register, project, tracker.bestTrialRunId(), job, principal));
            }
        });
    }

    /** The model name to register, checked: valid, and if it exists, a model of this project. */
    private String checkRegister(String register, Project project) {
        if (register == null) {
            return null;
        }
        if (register.isBlank() || register.length() > RegistryService.MAX_MODEL_NAME_LENGTH
                || register.codePoints().anyMatch(Character::isISOControl)) {
            throw new GyreException.InvalidArgument("Field 'register' must be a registered model name of 1 to "
                    + RegistryService.MAX_MODEL_NAME_LENGTH + " characters without control characters.");
        }
        try {
            RegisteredModel existing = registry.getRegisteredModel(register);
            if (!Objects.equals(existing.projectId(), project.id())) {
                throw new GyreException.Conflict("Registered model '" + register + "' exists outside project '"
                        + project.name() + "'; name a model of this project, or a new one.");
            }
        } catch (GyreException.NotFound absent) {
            // created when the search succeeds
        }
        return register;
    }

    private TrainingJobRecord.Registered register(String name, Project project, String runId, TrainingJobRecord job,
                                                  Principal principal) {
        try {
            registry.getRegisteredModel(name);
        } catch (GyreException.NotFound absent) {
            try {
                registry.createRegisteredModel(name, null, null, project.id(), principal.user());
            } catch (GyreException.AlreadyExists raced) {
                // another job made it meanwhile
            }
        }
        String source = "runs:/" + runId + "/model";
        ModelVersion version = registry.createModelVersion(name, source, runId, Map.of("gyre.training_job", job.id()),
                null, null, principal.user());
        return new TrainingJobRecord.Registered(name, version.version(), source, runId);
    }

    /**
     * The train split as an MLflow dataset input: its data set's name, the first {@value #DIGEST_LENGTH} hex
     * digits of its SHA-256 as digest, source type {@code gyre}, source {@code <project>/<name>@<n>}, its columns
     * as schema and its row count as profile, used for training.
     */
    private DatasetInput input(String project, DataVersion version, Table table) {
        List<Map<String, String>> columns = table.schema().fields().stream()
                .map((Field f) -> Map.of("name", f.name(), "type", f.type().wireName())).toList();
        String schema;
        String profile;
        try {
            schema = mapper.writeValueAsString(Map.of("columns", columns));
            profile = mapper.writeValueAsString(Map.of("num_rows", table.rowCount()));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to describe the data set's schema.", e);
        }
        String digest = version.sha256().substring(0, Math.min(DIGEST_LENGTH, version.sha256().length()));
        Dataset dataset = new Dataset(version.dataSetName(), digest, "gyre", project + "/" + version.ref(), schema, profile);
        return new DatasetInput(List.of(new InputTag(InputTag.CONTEXT, "training")), dataset);
    }
}
