package dev.gyre.server.pipelines.stages;

import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.data.service.DataService;
import dev.gyre.data.service.DataSteps;
import dev.gyre.server.monitoring.FeedbackStore;
import dev.gyre.server.monitoring.PlatformMonitoring;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.server.training.TrainingStarter;
import dev.gyre.server.validation.ValidationRunner;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.RegistryService;
import java.time.Clock;
import java.util.Objects;

/**
 * What the stage handlers use of the platform: the same services the HTTP API calls, so a step checks the same
 * permissions and makes the same records as the route it stands for. Built once in the composition root.
 *
 * @param projects    projects, members and charters
 * @param data        data versions, blobs, validation
 * @param dataSteps   cleaning and splitting
 * @param registry    registered models, aliases, four-eyes promotion
 * @param tracking    runs and their metrics
 * @param training    training jobs on the platform's job pool
 * @param validation  model validation on the sealed test split
 * @param deployments the platform's deployments
 * @param monitoring  drift and alerts of the deployments
 * @param feedback    predictions with their delayed true labels
 * @param artifacts   the artifact store, where feature specs of pipeline steps are kept by content
 * @param clock       the time monitoring windows end at
 */
public record StageServices(ProjectService projects, DataService data, DataSteps dataSteps, RegistryService registry,
                            TrackingService tracking, TrainingStarter training, ValidationRunner validation,
                            DeploymentManager deployments, PlatformMonitoring monitoring, FeedbackStore feedback,
                            ArtifactStore artifacts, Clock clock) {
    public StageServices {
        Objects.requireNonNull(projects, "projects");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dataSteps, "dataSteps");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(deployments, "deployments");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(clock, "clock");
    }
}
