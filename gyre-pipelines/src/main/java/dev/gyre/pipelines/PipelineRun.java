package dev.gyre.pipelines;

import dev.gyre.core.auth.Role;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The durable state of one run of a pipeline: enough to continue it after a restart, an approval or a fix.
 * Immutable; the runner stores a new value after every step and decision.
 *
 * @param id          the run's id
 * @param pipeline    the pipeline's name
 * @param specHash    the SHA-256 of the spec's canonical JSON
 * @param specJson    the spec's canonical JSON, read back by {@link PipelineSpecParser} to continue the run
 * @param codeVersion the code version the steps run under (part of every step's cache key)
 * @param overrides   the parameter overrides given at start, by step id
 * @param status      where the run stands
 * @param reason      why it stands there (the failure, the checkpoint's reason, the approver), or null
 * @param iteration   the current pass, from 1; each {@code goto} adds one
 * @param nextStep    the index of the next step to run (the failed one after a failure)
 * @param params      the effective parameters of every step (spec, overrides, then {@code goto} sets)
 * @param outputs     the outputs of the steps done in the current pass, by step id
 * @param awaiting    the approval a {@link RunStatus#WAITING} run waits for, else null
 * @param createdAt   when the run started
 * @param updatedAt   when the run last changed
 */
public record PipelineRun(String id, String pipeline, String specHash, String specJson, String codeVersion,
                          Map<String, Map<String, Object>> overrides, RunStatus status, String reason,
                          int iteration, int nextStep, Map<String, Map<String, Object>> params,
                          Map<String, Map<String, String>> outputs, Approval awaiting, Instant createdAt,
                          Instant updatedAt) {

    /**
     * An approval a run waits for.
     *
     * @param stepId the step whose checkpoint did not hold
     * @param role   the role that decides
     * @param reason the checkpoint's reason, shown to the approver
     */
    public record Approval(String stepId, Role role, String reason) {
        public Approval {
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public PipelineRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(specJson, "specJson");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        overrides = copy(overrides);
        params = copy(params);
        outputs = copy(outputs);
        if (status == RunStatus.WAITING && awaiting == null) {
            throw new IllegalArgumentException("A waiting run names the approval it waits for.");
        }
    }

    private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> map) {
        Map<String, Map<String, V>> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        }
        return Collections.unmodifiableMap(out);
    }

    /** This run with another status and reason (and no pending approval unless {@code awaiting} is given). */
    public PipelineRun with(RunStatus newStatus, String newReason, Approval newAwaiting, Instant at) {
        return new PipelineRun(id, pipeline, specHash, specJson, codeVersion, overrides, newStatus, newReason,
                iteration, nextStep, params, outputs, newAwaiting, createdAt, at);
    }

    /** This run at another position, with the given parameters and outputs. */
    public PipelineRun at(int newIteration, int newNextStep, Map<String, Map<String, Object>> newParams,
                          Map<String, Map<String, String>> newOutputs, Instant at) {
        return new PipelineRun(id, pipeline, specHash, specJson, codeVersion, overrides, status, reason,
                newIteration, newNextStep, newParams, newOutputs, awaiting, createdAt, at);
    }
}
