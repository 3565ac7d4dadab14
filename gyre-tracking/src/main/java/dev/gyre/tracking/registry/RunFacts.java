package dev.gyre.tracking.registry;

import java.util.List;
import java.util.Objects;

/**
 * What the registry needs to know about a run.
 *
 * @param runId          the run's id
 * @param experimentId   its experiment's id
 * @param projectId      its project's id, or {@code null}
 * @param userId         the user name that ran it, or {@code null}
 * @param gitCommit      the value of its {@code mlflow.source.git.commit} tag, or {@code null}
 * @param datasets       its dataset inputs (name and digest); never {@code null}
 * @param charterVersion the charter version it was made under, or {@code null}
 * @param artifactUri    its artifact root URI (for example {@code mlflow-artifacts:/1/abc/artifacts})
 */
public record RunFacts(String runId, String experimentId, Long projectId, String userId, String gitCommit,
                       List<DatasetInput> datasets, Integer charterVersion, String artifactUri) {
    public RunFacts {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(artifactUri, "artifactUri");
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }
}
