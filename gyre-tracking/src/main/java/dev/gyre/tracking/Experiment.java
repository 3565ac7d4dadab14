package dev.gyre.tracking;

import java.util.List;
import java.util.Objects;

/**
 * An experiment: a named group of runs.
 *
 * @param experimentId     the id, shown as a string as MLflow does ({@code "0"} is the default experiment)
 * @param artifactLocation the root URI of its runs' artifacts
 * @param creationTime     epoch milliseconds
 * @param lastUpdateTime   epoch milliseconds of the last rename, delete or restore
 * @param projectId        the Gyre project it belongs to, or {@code null} (plain MLflow clients)
 */
public record Experiment(String experimentId, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         long creationTime, long lastUpdateTime, List<ExperimentTag> tags, Long projectId) {
    public Experiment {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        tags = List.copyOf(tags);
    }
}
