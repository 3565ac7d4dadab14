package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.pipelines.internal.Canonical;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an executor needs to run one step, and nothing else: serialisable to JSON so that a step can be run
 * in another process (a Kubernetes Job, a Spark driver) by an entry point that reads it back with
 * {@link #fromJson}. Immutable.
 *
 * @param runId       the pipeline run
 * @param stepId      the step's id in the spec
 * @param kind        the stage to run
 * @param params      the effective parameters (plain data)
 * @param inputs      content ids of what the step reads, keyed {@code <upstream step id>.<output name>}
 * @param codeVersion the version of the code that runs the step (part of the cache key)
 */
public record StepDescription(String runId, String stepId, StepKind kind, Map<String, Object> params,
                              Map<String, String> inputs, String codeVersion) {
    public StepDescription {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codeVersion, "codeVersion");
        params = Canonical.plainMap(params, "params");
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** The cache key of this step. */
    public StepKey key() {
        return StepKey.of(this);
    }

    /** The description as canonical JSON (keys sorted, snake_case). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("step_id", stepId);
        m.put("kind", kind.id());
        m.put("params", params);
        m.put("inputs", inputs);
        m.put("code_version", codeVersion);
        return Canonical.json(m);
    }

    /**
     * Reads a description written by {@link #toJson()}.
     *
     * @throws GyreException.InvalidArgument for JSON that is not a step description, naming the field
     */
    public static StepDescription fromJson(String json) {
        Object parsed = Canonical.parse(json);
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new GyreException.InvalidArgument("A step description is a JSON object; got " + json.strip()
                    .substring(0, Math.min(40, json.strip().length())) + ".");
        }
        for (Object key : m.keySet()) {
            if (!java.util.List.of("run_id", "step_id", "kind", "params", "inputs", "code_version").contains(key)) {
                throw new GyreException.InvalidArgument("Step description: unknown field '" + key + "'; the fields"
                        + " are run_id, step_id, kind, params, inputs, code_version.");
            }
        }
        String kindText = string(m, "kind");
        StepKind kind = StepKind.byId(kindText).orElseThrow(() -> new GyreException.InvalidArgument(
                "Step description, field 'kind': unknown kind '" + kindText + "'; the kinds are "
                        + String.join(", ", StepKind.ids()) + "."));
        Map<String, String> inputs = new LinkedHashMap<>();
        Object in = m.get("inputs");
        if (in instanceof Map<?, ?> inMap) {
            for (Map.Entry<?, ?> e : inMap.entrySet()) {
                if (!(e.getValue() instanceof String s)) {
                    throw new GyreException.InvalidArgument("Step description, field 'inputs." + e.getKey()
                            + "': must be a content id (text).");
                }
                inputs.put((String) e.getKey(), s);
            }
        } else if (in != null) {
            throw new GyreException.InvalidArgument("Step description, field 'inputs': must be an object.");
        }
        Object params = m.get("params");
        if (params != null && !(params instanceof Map)) {
            throw new GyreException.InvalidArgument("Step description, field 'params': must be an object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) params;
        return new StepDescription(string(m, "run_id"), string(m, "step_id"), kind, p, inputs,
                string(m, "code_version"));
    }

    private static String string(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new GyreException.InvalidArgument("Step description, field '" + field + "': missing or not text.");
        }
        return s;
    }
}
