package dev.gyre.pipelines;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.pipelines.internal.Yaml;
import dev.gyre.pipelines.internal.Yaml.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a {@link PipelineSpec} from YAML (or JSON, such as {@link PipelineSpec#canonicalJson()}):
 *
 * <pre>
 * pipeline: titanic                 # required: the pipeline's name
 * max_iterations: 3                 # passes a run may make; default 1; at least 2 when a checkpoint has a goto
 * steps:                            # required, in order
 *   - id: ingest                    # unique; default: the kind
 *     kind: ingest                  # ingest, validate-data, clean, split, features, train, validate-model,
 *                                   # register, promote, deploy, monitor
 *     params: {source: examples/titanic/titanic.csv, dataset: passengers}
 *   - id: train
 *     kind: train
 *     params: {spec: examples/titanic/train.yaml, max_trials: 6}
 *     checkpoint:
 *       when: "metrics.roc_auc >= 0.85"          # a {@link Condition} over the step's results
 *       on_fail: {goto: train, set: {max_trials: 24}}   # or: stop (the default), or
 *                                                 # {await_approval: {role: ml-engineer}}
 * </pre>
 *
 * <p>Strict: an unknown key, an unknown kind, a duplicate id, a {@code goto} to a step after the checkpoint's
 * step (or to no step), a {@code set} key the target step's params do not have, {@code max_iterations} below 1
 * and an empty step list are refused. Every error is a {@link GyreException.InvalidArgument} naming the line,
 * the field (steps counted from 1) and the fix, e.g. {@code Line 12, field 'steps[2].checkpoint.on_fail.goto':
 * 'deploy' is not at or before step 'train'; go back to one of ingest, train.} Thread-safe.
 */
public final class PipelineSpecParser {
    /** Longest spec accepted, in characters. */
    public static final int MAX_LENGTH = 1024 * 1024;
    /** Most steps accepted in one pipeline. */
    public static final int MAX_STEPS = 1000;

    private static final List<String> KEYS = List.of("pipeline", "max_iterations", "steps");
    private static final List<String> STEP_KEYS = List.of("id", "kind", "params", "checkpoint");
    private static final List<String> CHECKPOINT_KEYS = List.of("when", "on_fail");
    private static final List<String> ON_FAIL_FORMS = List.of("stop", "goto", "await_approval");
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";

    /**
     * Parses and checks a spec.
     *
     * @throws GyreException.InvalidArgument for invalid YAML or an invalid entry (see the class comment)
     * @throws GyreException.TooLarge        for a text longer than {@link #MAX_LENGTH}
     */
    public PipelineSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge("The pipeline spec is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        Node root = Yaml.read(text, "Pipeline spec");
        if (!root.isMap()) {
            throw error(root.line(), null, "a pipeline spec is a map with the keys " + String.join(", ", KEYS)
                    + "; got " + root.describe() + ".");
        }
        checkKeys(root, null, KEYS, "a pipeline spec");
        String name = text(root, "pipeline", "pipeline", "the pipeline's name, e.g. pipeline: titanic", true);
        int maxIterations = maxIterations(root);
        Node stepsNode = root.get("steps");
        if (stepsNode == null || stepsNode.isNull() || (stepsNode.isList() && stepsNode.items().isEmpty())) {
            throw error(root.lineOf("steps"), "steps", "the pipeline has no steps; list at least one, e.g."
                    + " steps: [{id: ingest, kind: ingest, params: {source: data.csv}}].");
        }
        if (!stepsNode.isList()) {
            throw error(stepsNode.line(), "steps", "must be a list of steps (lines starting with '- '); got "
                    + stepsNode.describe() + ".");
        }
        if (stepsNode.items().size() > MAX_STEPS) {
            throw error(stepsNode.line(), "steps", stepsNode.items().size() + " steps; at most " + MAX_STEPS
                    + " are accepted.");
        }
        List<StepSpec> steps = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (Node item : stepsNode.items()) {
            String field = "steps[" + (steps.size() + 1) + "]";
            StepSpec step = step(item, field, steps, maxIterations);
            Integer first = ids.putIfAbsent(step.id(), steps.size() + 1);
            if (first != null) {
                throw error(item.lineOf("id"), field + ".id", "the id '" + step.id() + "' is already used by steps["
                        + first + "]; give each step its own id, e.g. " + step.id() + "-" + (steps.size() + 1) + ".");
            }
            steps.add(step);
        }
        return new PipelineSpec(name, maxIterations, steps);
    }

    private static int maxIterations(Node root) {
        Node node = root.get("max_iterations");
        if (node == null || node.isNull()) {
            return 1;
        }
        if (node.kind() != Yaml.Kind.NUMBER || !(node.value() instanceof Long value)) {
            throw error(node.line(), "max_iterations", "must be a whole number of passes, e.g. max_iterations: 3;"
                    + " got " + node.describe() + ".");
        }
        if (value < 1 || value > 10_000) {
            throw error(node.line(), "max_iterations", "is " + value + "; it counts the passes a run may make, from 1"
                    + " (no checkpoint may send the run back) to 10000.");
        }
        return value.intValue();
    }

    private static StepSpec step(Node item, String field, List<StepSpec> earlier, int maxIterations) {
        if (!item.isMap()) {
            throw error(item.line(), field, "a step is a map with the keys " + String.join(", ", STEP_KEYS)
                    + ", e.g. {id: train, kind: train, params: {max_trials: 6}}; got " + item.describe() + ".");
        }
        checkKeys(item, field, STEP_KEYS, "a step");
        Node kindNode = item.get("kind");
        if (kindNode == null || kindNode.isNull()) {
            throw error(item.line(), field + ".kind", "missing; name the stage the step runs, one of "
                    + String.join(", ", StepKind.ids()) + ".");
        }
        String kindText = text(item, "kind", field + ".kind", "one of " + String.join(", ", StepKind.ids()), true);
        StepKind kind = StepKind.byId(kindText).orElseThrow(() -> error(kindNode.line(), field + ".kind",
                "unknown kind '" + kindText + "'; the kinds are " + String.join(", ", StepKind.ids()) + "."));
        String id = item.get("id") == null ? kind.id()
                : text(item, "id", field + ".id", "the step's id, e.g. id: train", true);
        if (!id.matches(ID_PATTERN)) {
            throw error(item.lineOf("id"), field + ".id", "'" + id + "' is not a valid id; use letters, digits, '_',"
                    + " '-' and '.', starting with a letter or digit, at most 128 characters.");
        }
        Node paramsNode = item.get("params");
        Map<String, Object> params = Map.of();
        if (paramsNode != null && !paramsNode.isNull()) {
            if (!paramsNode.isMap()) {
                throw error(paramsNode.line(), field + ".params", "must map parameter names to values, e.g."
                        + " {max_trials: 6}; got " + paramsNode.describe() + ".");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) paramsNode.toPlain();
            params = plain;
        }
        Node checkpointNode = item.get("checkpoint");
        Checkpoint checkpoint = null;
        if (checkpointNode != null && !checkpointNode.isNull()) {
            List<StepSpec> upTo = new ArrayList<>(earlier);
            upTo.add(new StepSpec(id, kind, params, null));
            checkpoint = checkpoint(checkpointNode, field + ".checkpoint", upTo, maxIterations);
        }
        return new StepSpec(id, kind, params, checkpoint);
    }

    private static Checkpoint checkpoint(Node node, String field, List<StepSpec> upTo, int maxIterations) {
        if (!node.isMap()) {
            throw error(node.line(), field, "a checkpoint is a map with the keys when and on_fail, e.g. {when:"
                    + " \"metrics.roc_auc >= 0.85\", on_fail: stop}; got " + node.describe() + ".");
        }
        checkKeys(node, field, CHECKPOINT_KEYS, "a checkpoint");
        if (node.get("when") == null || node.get("when").isNull()) {
            throw error(node.line(), field + ".when", "missing; write the condition the step's results must meet,"
                    + " e.g. when: \"metrics.roc_auc >= 0.85\".");
        }
        String whenText = text(node, "when", field + ".when", "a condition in quotes, e.g."
                + " \"metrics.roc_auc >= 0.85\"", true);
        Condition when;
        try {
            when = Condition.parse(whenText);
        } catch (GyreException.InvalidArgument e) {
            throw error(node.lineOf("when"), field + ".when", e.getMessage());
        }
        Node onFailNode = node.get("on_fail");
        OnFail onFail = onFailNode == null || onFailNode.isNull() ? new OnFail.Stop()
                : onFail(onFailNode, field + ".on_fail", upTo, maxIterations);
        return new Checkpoint(when, onFail);
    }

    private static OnFail onFail(Node node, String field, List<StepSpec> upTo, int maxIterations) {
        String forms = "stop, {goto: <step id>, set: {<param>: <value>}} or {await_approval: {role: <role>}}";
        if (node.kind() == Yaml.Kind.STRING && "stop".equals(node.value())) {
            return new OnFail.Stop();
        }
        if (!node.isMap() || node.entries().isEmpty()) {
            throw error(node.line(), field, "must be " + forms + "; got " + node.describe() + ".");
        }
        List<String> used = node.entries().keySet().stream().filter(ON_FAIL_FORMS::contains).toList();
        if (used.size() != 1) {
            throw error(node.line(), field, (used.isEmpty() ? "names no action" : "names " + used.size()
                    + " actions (" + String.join(", ", used) + ")") + "; write exactly one of " + forms + ".");
        }
        String form = used.get(0);
        List<String> allowed = form.equals("goto") ? List.of("goto", "set") : List.of(form);
        checkKeys(node, field, allowed, "on_fail with " + form);
        if (form.equals("stop")) {
            Node value = node.get("stop");
            if (!(value.kind() == Yaml.Kind.BOOLEAN && Boolean.TRUE.equals(value.value())) && !value.isNull()) {
                throw error(value.line(), field + ".stop", "write on_fail: stop (or {stop: true}); got "
                        + value.describe() + ".");
            }
            return new OnFail.Stop();
        }
        if (form.equals("await_approval")) {
            Node value = node.get("await_approval");
            if (!value.isMap()) {
                throw error(value.line(), field + ".await_approval", "must name the role that decides, e.g."
                        + " {await_approval: {role: ml-engineer}}; got " + value.describe() + ".");
            }
            checkKeys(value, field + ".await_approval", List.of("role"), "await_approval");
            if (value.get("role") == null) {
                throw error(value.line(), field + ".await_approval.role", "missing; name the role whose members may"
                        + " approve, e.g. role: ml-engineer.");
            }
            String role = text(value, "role", field + ".await_approval.role", "a role name, e.g. ml-engineer", true);
            try {
                return new OnFail.AwaitApproval(Role.parse(role));
            } catch (GyreException.InvalidArgument e) {
                throw error(value.lineOf("role"), field + ".await_approval.role", "unknown role '" + role
                        + "'; the roles are " + Role.names() + ".");
            }
        }
        String gotoField = field + ".goto";
        String target = text(node, "goto", gotoField, "the id of the step to run again", true);
        StepSpec self = upTo.get(upTo.size() - 1);
        StepSpec targetStep = upTo.stream().filter(s -> s.id().equals(target)).findFirst().orElseThrow(() ->
                error(node.lineOf("goto"), gotoField, "'" + target + "' is not at or before step '" + self.id()
                        + "'; a checkpoint can only send the run back, to one of "
                        + String.join(", ", upTo.stream().map(StepSpec::id).toList()) + "."));
        if (maxIterations < 2) {
            throw error(node.lineOf("goto"), gotoField, "with max_iterations 1 the run can never go back; set"
                    + " max_iterations to the number of passes allowed, e.g. max_iterations: 3.");
        }
        Node setNode = node.get("set");
        Map<String, Object> set = Map.of();
        if (setNode != null && !setNode.isNull()) {
            if (!setNode.isMap()) {
                throw error(setNode.line(), field + ".set", "must map parameters of step '" + target + "' to new"
                        + " values, e.g. {max_trials: 24}; got " + setNode.describe() + ".");
            }
            for (String key : setNode.entries().keySet()) {
                if (!targetStep.params().containsKey(key)) {
                    throw error(setNode.lineOf(key), field + ".set." + key, "step '" + target + "' has no parameter '"
                            + key + "'; " + (targetStep.params().isEmpty() ? "it has no params, so give it a default"
                            + " value under its params first." : "its params are "
                            + String.join(", ", targetStep.params().keySet()) + " (add '" + key
                            + "' to its params with a default value to change it here)."));
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) setNode.toPlain();
            set = plain;
        }
        return new OnFail.Goto(target, set);
    }

    private static void checkKeys(Node map, String field, List<String> keys, String what) {
        for (String key : map.entries().keySet()) {
            if (!keys.contains(key)) {
                String path = field == null ? key : field + "." + key;
                throw error(map.lineOf(key), path, "unknown key; the keys of " + what + " are "
                        + String.join(", ", keys) + ".");
            }
        }
    }

    private static String text(Node map, String key, String field, String what, boolean required) {
        Node node = map.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw error(map.lineOf(key), field, "missing; write " + what + ".");
            }
            return null;
        }
        if (node.kind() != Yaml.Kind.STRING || ((String) node.value()).isBlank()) {
            throw error(node.line(), field, "must be " + what + "; got " + node.describe() + ".");
        }
        return (String) node.value();
    }

    private static GyreException.InvalidArgument error(int line, String field, String message) {
        String where = field == null ? "" : ", field '" + field + "'";
        return new GyreException.InvalidArgument("Line " + line + where + ": " + message);
    }
}
