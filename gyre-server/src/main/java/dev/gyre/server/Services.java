package dev.gyre.server;

import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.core.auth.User;
import dev.gyre.core.charter.PromotionPolicy;
import dev.gyre.data.label.LabelService;
import dev.gyre.data.service.DataService;
import dev.gyre.data.service.DataSteps;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.DataVersionService;
import dev.gyre.server.mlflow.MlflowArtifactsController;
import dev.gyre.store.db.Database;
import dev.gyre.tracking.Experiment;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.audit.CommentService;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.Approvers;
import dev.gyre.tracking.registry.DatasetInput;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.tracking.registry.RunFacts;
import dev.gyre.tracking.registry.RunLineage;
import dev.gyre.tracking.registry.SourceResolver;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The stage services of the platform and how they are wired to each other: the registry learns
 * about runs from tracking, and who may approve a promotion from the project and its charter.
 */
record Services(JdbcAuditLog audit, ProjectService projects, CommentService comments, TrackingService tracking,
                RegistryService registry, DataService data, DataSteps dataSteps, LabelService labels) {

    /** The most rows a data step that needs a whole table (clean, split, label) holds in memory. */
    static final long DATA_MAX_ROWS_IN_MEMORY = 20_000_000;

    /**
     * @param searchIndex how run search uses the in-memory index; only a single platform process may
     *                    enable it (see {@link dev.gyre.server.config.ServerConfig.TrackingConfig})
     * @param scratch     a folder for the data stage's temporary files
     */
    static Services create(Database database, ArtifactStore artifacts, Clock clock, SearchIndexSettings searchIndex,
                           java.nio.file.Path scratch) {
        JdbcAuditLog audit = new JdbcAuditLog(database);
        ProjectService projects = new ProjectService(database, audit);
        CommentService comments = new CommentService(database, audit, projects);
        // runs and experiments keep their artifacts behind the proxy scheme, inside Gyre's store
        TrackingService tracking = new TrackingService(database, MlflowArtifactsController.PROXY_ROOT, clock, audit,
                searchIndex);
        RunLineage lineage = runId -> runFacts(tracking, runId);
        Approvers approvers = (projectId, user) -> mayApprove(projects, projectId, user);
        RegistryService registry = new RegistryService(database, new SourceResolver(artifacts.uri(), lineage), lineage,
                approvers, clock, audit);
        DataVersionService versions = new DataVersionService(database, new BlobStore(artifacts), projects, audit, clock);
        DataService data = new DataService(versions, new BlobStore(artifacts), projects, scratch, DATA_MAX_ROWS_IN_MEMORY);
        LabelService labels = new LabelService(database, projects, audit, clock);
        return new Services(audit, projects, comments, tracking, registry, data, new DataSteps(data, labels), labels);
    }

    private static Optional<RunFacts> runFacts(TrackingService tracking, String runId) {
        Run run;
        try {
            run = tracking.getRun(runId);
        } catch (dev.gyre.core.GyreException.NotFound | dev.gyre.core.GyreException.InvalidArgument e) {
            return Optional.empty();
        }
        Experiment experiment = tracking.getExperiment(run.info().experimentId());
        String gitCommit = run.data().tags().stream().filter(t -> t.key().equals("mlflow.source.git.commit"))
                .map(RunTag::value).findFirst().orElse(null);
        Integer charterVersion = run.data().tags().stream().filter(t -> t.key().equals("gyre.charter.version"))
                .map(RunTag::value).findFirst().map(Services::parseIntOrNull).orElse(null);
        List<DatasetInput> datasets = run.inputs() == null ? List.of() : run.inputs().datasetInputs().stream()
                .map(input -> new DatasetInput(input.dataset().name(), input.dataset().digest())).toList();
        return Optional.of(new RunFacts(run.info().runId(), run.info().experimentId(), experiment.projectId(),
                run.info().userId(), gitCommit, datasets, charterVersion, run.info().artifactUri()));
    }

    /**
     * Four-eyes approvers: in a project, members whose project role the charter's promotion policy
     * names (ml-engineer and ops by default); outside projects, users whose platform role may deploy.
     */
    private static boolean mayApprove(ProjectService projects, Long projectId, User user) {
        if (user.disabled()) {
            return false;
        }
        if (projectId == null) {
            return Approvers.byPlatformRole().mayApprove(null, user);
        }
        Project project = projects.get(projectId);
        PromotionPolicy policy = projects.charter(project.name()).map(c -> c.charter().promotion())
                .orElse(PromotionPolicy.DEFAULTS);
        return projects.roleOf(projectId, user.id()).map(policy::mayApprove).orElse(false);
    }

    private static Integer parseIntOrNull(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
