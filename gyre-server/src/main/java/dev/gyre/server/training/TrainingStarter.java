package dev.gyre.server.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Table;
import dev.gyre.data.service.DataService;
import dev.gyre.data.version.DataVersion;
import dev.gyre.data.version.ReadPurpose;
import dev.gyre.features.TrainingData;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a training job on the platform's job pool for a user: every check that can be made before training
 * (project role, spec, data version, split, target, columns, metric, model name), then the search on the pool, the
 * search as a parent run with a child run per trial, and the best trial's model registered when asked. Used by the
 * training API and by pipeline train steps alike, so both behave the same.
 */
public final class TrainingStarter {

    /** The digest of a data set version as a dataset input: the first hex digits of its SHA-256. */
    public static final int DIGEST_LENGTH = 12;

    private final DataService data;
    private final TrackingService tracking;
    private final RegistryService registry;
    private final ArtifactStore artifacts;
    private final ProjectService projects;
    private final TrainingJobs jobs;
    private final ObjectMapper mapper = new ObjectMapper();

    public TrainingStarter(DataService data, TrackingService tracking, RegistryService registry,
                           ArtifactStore artifacts, ProjectService projects, TrainingJobs jobs) {
        this.data = data;
        this.tracking = tracking;
        this.registry = registry;
        this.artifacts = artifacts;
        this.projects = projects;
        this.jobs = jobs;
    }

    /**
     * What to train.
     *
     * @param spec      the training spec as YAML
     * @param data      the train split, {@code NAME@N}
     * @param gitCommit the commit of the code, or {@code null}
     * @param register  the model name to register the best trial under, or {@code null}
     */
    public record Request(String spec, String data, String gitCommit, String register) {
    }

    /** The job pool the jobs run on. */
    public TrainingJobs jobs() {
        return jobs;
    }

    /**
     * Checks everything that can be checked before training and submits the job.
     *
     * @throws GyreException.InvalidArgument for a missing spec or data, or one that does not fit
     * @throws GyreException.PermissionDenied when the user may not write to the project's tracking
     * @throws GyreException.Conflict when the pool is full, or the model name belongs to another project
     */
    public TrainingJobRecord start(String name, Request body, User user) {
        if (body.spec() == null || body.spec().isBlank() || body.data() == null || body.data().isBlank()) {
            throw new GyreException.InvalidArgument("Fields 'spec' (the training spec as YAML) and 'data' (the train split,"
                    + " NAME@N) are needed.");
        }
        Project project = projects.get(name);
        projects.requireRole(project, user, Permission.WRITE_TRACKING);
        String register = checkRegister(body.register(), project);
        String charterMetric = projects.charter(name).map(c -> c.charter().successMetric().metric()).orElse(null);
        TrainingSpec spec = new TrainingSpecParser().parse(body.spec(), charterMetric);
        DataVersion version = data.version(name, body.data(), user);
        Table table = data.readTable(name, body.data(), ReadPurpose.TRAINING, user);
        TrainingData training = new TrainingData(table, version.splitRole() == null ? TrainingData.SplitRole.NONE
                : TrainingData.SplitRole.fromWireName(version.splitRole().wireName()));
        TrainingJob.Prepared prepared = TrainingJob.prepare(spec, training);
        String ref = version.ref().toString();
        DatasetInput input = input(name, version, table);
        TrainingJobRecord.Request request = new TrainingJobRecord.Request(name, project.id(), ref,
                user.username(), register);
        return jobs.submit(request, prepared, job -> {
            TrackingTrialTracker tracker = new TrackingTrialTracker(tracking, artifacts, project.id(),
                    user.username(), Map.of("gyre.data.train", ref), body.gitCommit())
                    .withInputs(List.of(input));
            TrainingOutcome outcome = job.prepared().run(job.observe(tracker, tracker::experimentId), job.listener());
            job.searchEnded(outcome);
            if (register != null && !outcome.search().cancelled() && tracker.bestTrialRunId() != null) {
                job.registered(register(register, project, tracker.bestTrialRunId(), job, user));
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
                                                  User user) {
        try {
            registry.getRegisteredModel(name);
        } catch (GyreException.NotFound absent) {
            try {
                registry.createRegisteredModel(name, null, null, project.id(), user);
            } catch (GyreException.AlreadyExists raced) {
                // another job made it meanwhile
            }
        }
        String source = "runs:/" + runId + "/model";
        ModelVersion version = registry.createModelVersion(name, source, runId, Map.of("gyre.training_job", job.id()),
                null, null, user);
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
