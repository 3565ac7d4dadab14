package dev.gyre.validation.explain;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.features.FittedFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named groups of feature-matrix columns that are permuted together, e.g. every one-hot column of
 * {@code Sex}. Every column belongs to exactly one group; groups keep the order of their first column.
 *
 * @param names   the group names
 * @param columns per group, its column indices in ascending order
 */
public record FeatureGroups(List<String> names, List<int[]> columns) {

    public FeatureGroups {
        names = List.copyOf(names);
        List<int[]> copy = new ArrayList<>();
        for (int[] c : columns) {
            copy.add(c.clone());
        }
        columns = List.copyOf(copy);
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException("one name per group");
        }
    }

    /** How many groups there are. */
    public int size() {
        return names.size();
    }

    /** Each column on its own, named by its feature name. */
    public static FeatureGroups single(List<String> featureNames) {
        List<int[]> columns = new ArrayList<>();
        for (int j = 0; j < featureNames.size(); j++) {
            columns.add(new int[] {j});
        }
        return new FeatureGroups(featureNames, columns);
    }

    /**
     * Columns grouped by the input column they come from, by the output-naming rules of
     * {@link FittedFeatures}: a feature belongs to the longest input or derived column name {@code c} such
     * that it is {@code c}, {@code c=<value>} (one-hot), {@code c#<i>} (hashing) or {@code c_missing} (an
     * impute indicator). A feature that matches no column falls back to {@link #byNamePrefix}'s rule.
     *
     * @param featureNames the model's features, which must be the fitted features' output
     */
    public static FeatureGroups byInputColumn(FittedFeatures features, List<String> featureNames) {
        Set<String> sources = new TreeSet<>();
        for (Field f : features.inputs()) {
            sources.add(f.name());
        }
        sources.addAll(features.spec().derivedNames());
        return group(featureNames, name -> {
            String best = null;
            for (String c : sources) {
                boolean match = name.equals(c) || name.startsWith(c + "=") || name.startsWith(c + "#")
                        || name.equals(c + "_missing");
                if (match && (best == null || c.length() > best.length())) {
                    best = c;
                }
            }
            return best != null ? best : prefix(name);
        });
    }

    /**
     * Columns grouped by name alone: the part before the first {@code =} or {@code #}, and
     * {@code <name>_missing} joins {@code <name>} when such a group exists. Use it when the fitted features
     * are not at hand; a raw column whose own name contains {@code =} or {@code #} is then split wrongly.
     */
    public static FeatureGroups byNamePrefix(List<String> featureNames) {
        Set<String> plain = new TreeSet<>();
        for (String name : featureNames) {
            plain.add(prefix(name));
        }
        return group(featureNames, name -> {
            String p = prefix(name);
            if (p.endsWith("_missing")) {
                String stem = p.substring(0, p.length() - "_missing".length());
                if (plain.contains(stem)) {
                    return stem;
                }
            }
            return p;
        });
    }

    /**
     * Explicit groups by feature name; features named in no group stay on their own.
     *
     * @throws GyreException.InvalidArgument for an unknown feature or one named in two groups
     */
    public static FeatureGroups of(List<String> featureNames, Map<String, List<String>> groups) {
        Map<String, String> owner = new LinkedHashMap<>();
        groups.forEach((group, members) -> {
            for (String m : members) {
                if (!featureNames.contains(m)) {
                    throw new GyreException.InvalidArgument("group '" + group + "' names feature '" + m
                            + "', which the model does not have");
                }
                if (owner.put(m, group) != null) {
                    throw new GyreException.InvalidArgument("feature '" + m + "' is in two groups");
                }
            }
        });
        return group(featureNames, name -> owner.getOrDefault(name, name));
    }

    private static String prefix(String name) {
        int cut = name.length();
        int eq = name.indexOf('=');
        int hash = name.indexOf('#');
        if (eq > 0) {
            cut = Math.min(cut, eq);
        }
        if (hash > 0) {
            cut = Math.min(cut, hash);
        }
        return name.substring(0, cut);
    }

    private static FeatureGroups group(List<String> featureNames, java.util.function.UnaryOperator<String> key) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int j = 0; j < featureNames.size(); j++) {
            groups.computeIfAbsent(key.apply(featureNames.get(j)), k -> new ArrayList<>()).add(j);
        }
        List<int[]> columns = new ArrayList<>();
        for (List<Integer> members : groups.values()) {
            columns.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return new FeatureGroups(new ArrayList<>(groups.keySet()), columns);
    }
}
