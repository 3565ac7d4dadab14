package dev.gyre.tracking;

import java.util.Objects;

/**
 * What describes a run apart from its data (MLflow's {@code RunInfo}).
 *
 * @param runId     32 lower-case hex digits
 * @param startTime epoch milliseconds
 * @param endTime   epoch milliseconds, or {@code null} while it has not ended
 */
public record RunInfo(String runId, String runName, String experimentId, String userId, RunStatus status,
                      long startTime, Long endTime, String artifactUri, LifecycleStage lifecycleStage) {
    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    }

    /** The same as {@link #runId()} (MLflow's deprecated {@code run_uuid}). */
    public String runUuid() {
        return runId;
    }
}
