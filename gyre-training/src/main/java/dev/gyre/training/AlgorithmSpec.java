package dev.gyre.training;

import dev.gyre.core.GyreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an algorithm is called, what it can learn and which parameters it takes.
 *
 * @param name        the registered name, in {@code snake_case}
 * @param description one line for users
 * @param tasks       the learning tasks it supports
 * @param params      its parameters, in documentation order
 */
public record AlgorithmSpec(String name, String description, Set<LearningTask> tasks, List<ParamSpec> params) {

    public AlgorithmSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tasks = Set.copyOf(tasks);
        params = List.copyOf(params);
        if (params.stream().map(ParamSpec::name).distinct().count() != params.size()) {
            throw new IllegalArgumentException("repeated parameter name in " + name);
        }
    }

    /** The parameter of this name, or {@code null}. */
    public ParamSpec param(String paramName) {
        for (ParamSpec p : params) {
            if (p.name().equals(paramName)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Checks the given parameters and fills in the defaults of the others.
     *
     * @param given parameters by name; {@code null} means none
     * @return every parameter by name, in sorted order, normalised as {@link ParamSpec#coerce(String, Object)}
     * @throws GyreException.InvalidArgument naming an unknown parameter and the known ones, or a bad value and
     *                                       its allowed range
     */
    public Map<String, Object> resolve(Map<String, ?> given) {
        Map<String, Object> resolved = new TreeMap<>();
        for (ParamSpec p : params) {
            resolved.put(p.name(), p.defaultValue());
        }
        if (given != null) {
            for (Map.Entry<String, ?> e : new TreeMap<String, Object>(given).entrySet()) {
                ParamSpec p = param(e.getKey());
                if (p == null) {
                    throw new GyreException.InvalidArgument(unknownMessage(e.getKey()));
                }
                if (e.getValue() == null) {
                    throw new GyreException.InvalidArgument("parameter '" + e.getKey() + "' of " + name
                            + " has no value; give one in " + p.range() + " or leave it out for the default "
                            + p.defaultValue());
                }
                resolved.put(p.name(), p.coerce(name, e.getValue()));
            }
        }
        return resolved;
    }

    /** Each parameter's default, in documentation order. */
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        params.forEach(p -> d.put(p.name(), p.defaultValue()));
        return d;
    }

    private String unknownMessage(String unknown) {
        String known = params.stream().map(ParamSpec::name).collect(Collectors.joining(", "));
        String hint = params.stream().map(ParamSpec::name)
                .filter(k -> k.contains(unknown) || unknown.contains(k) || distance(k, unknown) <= 2)
                .findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
        return "unknown parameter '" + unknown + "' for " + name + hint + "; known: "
                + (known.isEmpty() ? "none" : known);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
