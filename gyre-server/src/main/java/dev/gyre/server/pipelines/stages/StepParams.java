package dev.gyre.server.pipelines.stages;

import dev.gyre.core.GyreException;
import dev.gyre.pipelines.StepDescription;
import java.util.Map;
import java.util.Optional;

/** Reading a step's params and upstream outputs, with errors that name the step, the param and the fix. */
final class StepParams {

    private final StepDescription step;

    StepParams(StepDescription step) {
        this.step = step;
    }

    /** A text param, or {@code null} when absent or null. */
    String text(String name) {
        Object v = step.params().get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.isBlank() ? null : s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw invalid(name, "must be text, got " + v);
    }

    /** A text param that must be given. */
    String required(String name, String example) {
        String v = text(name);
        if (v == null) {
            throw invalid(name, "is missing; give it, e.g. " + name + ": " + example);
        }
        return v;
    }

    /** A number param, or {@code null}. */
    Double number(String name) {
        Object v = step.params().get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw invalid(name, "must be a number, got " + v);
    }

    /** A whole-number param, or {@code null}. */
    Integer integer(String name) {
        Double v = number(name);
        if (v == null) {
            return null;
        }
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw invalid(name, "must be a whole number, got " + v);
        }
        return v.intValue();
    }

    /** The raw param. */
    Object raw(String name) {
        return step.params().get(name);
    }

    /**
     * The upstream output named {@code output}: the param {@code param} when given, else the last input whose key
     * ends with {@code .output}.
     */
    String upstream(String output, String param) {
        String named = param == null ? null : text(param);
        if (named != null) {
            return named;
        }
        return lastInput(output).orElseThrow(() -> new GyreException.InvalidArgument("Step '" + step.stepId()
                + "' (" + step.kind().id() + ") needs a '" + output + "' from an earlier step, and none made one"
                + (param == null ? "" : " and param '" + param + "' names none") + "; put a step that makes it before '"
                + step.stepId() + "'" + (param == null ? "" : ", or set '" + param + "'") + "."));
    }

    /** The last input whose key ends with {@code .output}. */
    Optional<String> lastInput(String output) {
        String found = null;
        for (Map.Entry<String, String> e : step.inputs().entrySet()) {
            if (e.getKey().endsWith("." + output)) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    GyreException.InvalidArgument invalid(String param, String what) {
        return new GyreException.InvalidArgument("Step '" + step.stepId() + "' (" + step.kind().id() + "), param '"
                + param + "' " + what + ".");
    }
}
