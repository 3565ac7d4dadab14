package dev.gyre.tracking.registry;

import java.util.List;

/**
 * Where a model version came from, captured when it was registered.
 *
 * @param runId          the run that produced it, or {@code null} when registered without a run
 * @param datasets       the datasets that run consumed (never {@code null}, possibly empty)
 * @param charterVersion the project charter version the run was made under, or {@code null}
 * @param gitCommit      the source commit of the run ({@code mlflow.source.git.commit}), or {@code null}
 * @param createdBy      id of the user who registered the version, or {@code null} if that user was deleted
 */
public record Lineage(String runId, List<DatasetInput> datasets, Integer charterVersion, String gitCommit,
                      Long createdBy) {
    public Lineage {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }
}
