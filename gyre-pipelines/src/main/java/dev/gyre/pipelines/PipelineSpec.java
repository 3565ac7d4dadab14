package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.pipelines.internal.Canonical;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline: ordered steps, each with its parameters and an optional checkpoint, and a bound on how many
 * times checkpoints may send the run back ({@code maxIterations}). Built by {@link PipelineSpecParser}, which
 * checks everything this record assumes. Immutable.
 *
 * @param name          the pipeline's name
 * @param maxIterations how many passes a run may make (1 = no goto may be taken)
 * @param steps         the steps in order; ids unique
 */
public record PipelineSpec(String name, int maxIterations, List<StepSpec> steps) {
    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        if (maxIterations < 1 || steps.isEmpty()) {
            throw new GyreException.InvalidArgument("A pipeline needs max_iterations >= 1 and at least one step.");
        }
    }

    /** The position of the step {@code id}, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The spec as plain data in the YAML format's keys; {@link PipelineSpecParser} reads it back. */
    public Map<String, Object> toPlain() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pipeline", name);
        root.put("max_iterations", maxIterations);
        List<Object> list = steps.stream().map(step -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", step.id());
            s.put("kind", step.kind().id());
            s.put("params", step.params());
            if (step.checkpoint() != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("when", step.checkpoint().when().text());
                c.put("on_fail", onFail(step.checkpoint().onFail()));
                s.put("checkpoint", c);
            }
            return (Object) s;
        }).toList();
        root.put("steps", list);
        return root;
    }

    private static Object onFail(OnFail onFail) {
        if (onFail instanceof OnFail.Stop) {
            return "stop";
        }
        if (onFail instanceof OnFail.Goto g) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("goto", g.target());
            m.put("set", g.set());
            return m;
        }
        return Map.of("await_approval", Map.of("role", ((OnFail.AwaitApproval) onFail).role().wireName()));
    }

    /** The canonical JSON of the spec: keys sorted, no whitespace; equal specs give equal text. */
    public String canonicalJson() {
        return Canonical.json(toPlain());
    }

    /** The SHA-256 of {@link #canonicalJson()}, as 64 lowercase hex digits. */
    public String hash() {
        return Canonical.sha256Hex(canonicalJson());
    }
}
