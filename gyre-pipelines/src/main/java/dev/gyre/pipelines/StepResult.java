package dev.gyre.pipelines;

import dev.gyre.pipelines.internal.Canonical;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What running a step gave. Immutable.
 *
 * @param status  whether it succeeded
 * @param outputs content ids of what it made, by name (e.g. {@code dataset -> passengers@3f2a…}); the next
 *                steps' inputs, and so part of their cache keys
 * @param results what its checkpoint reads (plain data), e.g. {@code {metrics: {roc_auc: 0.86}}}
 * @param logs    log lines, in order
 * @param error   why it failed; null when it succeeded
 */
public record StepResult(Status status, Map<String, String> outputs, Map<String, Object> results, List<String> logs,
                         String error) {

    /** A step's outcome. */
    public enum Status { SUCCEEDED, FAILED }

    public StepResult {
        Objects.requireNonNull(status, "status");
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        results = Canonical.plainMap(results, "results");
        logs = logs == null ? List.of() : List.copyOf(logs);
        if (status == Status.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("A failed step result needs an error saying why.");
        }
    }

    /** A success. */
    public static StepResult succeeded(Map<String, String> outputs, Map<String, ?> results, List<String> logs) {
        return new StepResult(Status.SUCCEEDED, outputs, Canonical.plainMap(results, "results"), logs, null);
    }

    /** A failure with its reason. */
    public static StepResult failed(String error, List<String> logs) {
        return new StepResult(Status.FAILED, Map.of(), Map.of(), logs, error);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
