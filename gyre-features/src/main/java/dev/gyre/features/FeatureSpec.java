package dev.gyre.features;

import dev.gyre.core.GyreException;
import dev.gyre.features.internal.SpecJson;
import dev.gyre.features.internal.Where;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What to do to a table's columns to make features, as written (see {@link FeatureSpecParser} for the
 * YAML form): the target kept out of the features, derived columns computed first, the steps of each
 * column, and the columns dropped. Every other column passes through (numbers) or must be encoded
 * (texts); {@link FeaturePipeline#fit} checks that against a training table.
 *
 * <p>The constructor checks everything that needs no table: unique derived names, that a derived column
 * reads only earlier ones, that one-hot and hashing steps come last, that nothing derives from or
 * transforms the target, that no column is both dropped and given steps. Two specs are equal when their
 * {@linkplain #canonicalJson() canonical forms} are; a spec parsed from YAML also remembers the line of
 * each entry, for error messages. Immutable and thread-safe.
 */
public final class FeatureSpec {
    /** Most steps in one column's chain. */
    public static final int MAX_STEPS = 50;

    private final String target;
    private final List<DerivedColumn> derive;
    private final Map<String, List<FeatureStep>> columns;
    private final List<String> drop;
    private final Map<String, Integer> lines;
    private final String canonical;

    /**
     * @param target  the target column, or {@code null}
     * @param derive  derived columns, in the order they are computed
     * @param columns each column's steps, in the written order
     * @param drop    columns left out of the features
     * @throws GyreException.InvalidArgument for an inconsistent spec (see the class comment)
     */
    public FeatureSpec(String target, List<DerivedColumn> derive, Map<String, List<FeatureStep>> columns,
                       List<String> drop) {
        this(target, derive, columns, drop, Map.of());
    }

    FeatureSpec(String target, List<DerivedColumn> derive, Map<String, List<FeatureStep>> columns, List<String> drop,
                Map<String, Integer> lines) {
        this.lines = Map.copyOf(lines);
        if (target != null && target.isBlank()) {
            throw error("target", "the target needs a column name, or leave it out.");
        }
        this.target = target;
        this.derive = List.copyOf(derive == null ? List.of() : derive);
        Map<String, List<FeatureStep>> steps = new LinkedHashMap<>();
        if (columns != null) {
            columns.forEach((name, list) -> steps.put(name, List.copyOf(list)));
        }
        this.columns = Collections.unmodifiableMap(steps);
        this.drop = List.copyOf(drop == null ? List.of() : drop);
        checkDerive();
        checkColumns();
        checkDrop();
        this.canonical = SpecJson.write(this);
    }

    private void checkDerive() {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < derive.size(); i++) {
            DerivedColumn column = derive.get(i);
            String field = "derive[" + (i + 1) + "]";
            Integer before = position.put(column.name(), i + 1);
            if (before != null) {
                throw error(field, "the derived column '" + column.name() + "' is already derived at derive[" + before
                        + "]; give each derived column its own name.");
            }
            if (column.name().equals(target)) {
                throw error(field, "'" + column.name() + "' is the target; give the derived column another name.");
            }
        }
        for (int i = 0; i < derive.size(); i++) {
            DerivedColumn column = derive.get(i);
            String field = "derive[" + (i + 1) + "]";
            for (String source : column.sources()) {
                if (source.equals(target)) {
                    throw error(field, "'" + column.name() + "' reads the target '" + target + "'; a feature made from"
                            + " the target leaks the answer into the model. Derive it from other columns.");
                }
                Integer at = position.get(source);
                if (at != null && at == i + 1) {
                    throw error(field, "'" + column.name() + "' reads itself; a derived column needs a name of its own"
                            + " (it cannot replace a table column), e.g. " + column.name() + "_2.");
                }
                if (at != null && at > i + 1) {
                    throw error(field, "'" + column.name() + "' reads '" + source + "', which is derived later (derive["
                            + at + "]); move it below what it reads.");
                }
            }
        }
    }

    private void checkColumns() {
        for (Map.Entry<String, List<FeatureStep>> entry : columns.entrySet()) {
            String name = entry.getKey();
            String field = "columns." + name;
            if (name.isBlank()) {
                throw error(field, "a column needs a name.");
            }
            if (name.equals(target)) {
                throw error(field, "'" + name + "' is the target, which is never transformed into a feature;"
                        + " remove it from columns.");
            }
            List<FeatureStep> steps = entry.getValue();
            if (steps.isEmpty() || steps.size() > MAX_STEPS) {
                throw error(field, "give 1 to " + MAX_STEPS + " steps, e.g. [standardize]; to keep a numeric"
                        + " column as it is, leave it out of columns.");
            }
            boolean indicator = false;
            for (int k = 0; k < steps.size(); k++) {
                FeatureStep step = steps.get(k);
                String stepField = field + "[" + (k + 1) + "]";
                if (step.terminal() && k < steps.size() - 1) {
                    throw error(stepField, step.name() + " writes several columns, so it must be the last step of '"
                            + name + "'; move it to the end.");
                }
                if (step instanceof FeatureStep.Impute impute && impute.indicator()) {
                    if (indicator) {
                        throw error(stepField, "'" + name + "' already has a missing indicator; keep indicator: true"
                                + " on one impute step.");
                    }
                    indicator = true;
                }
            }
        }
    }

    private void checkDrop() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < drop.size(); i++) {
            String name = drop.get(i);
            String field = "drop[" + (i + 1) + "]";
            if (name == null || name.isBlank()) {
                throw error(field, "a dropped column needs a name.");
            }
            if (!seen.add(name)) {
                throw error(field, "'" + name + "' is dropped twice; list it once.");
            }
            if (columns.containsKey(name)) {
                throw error(field, "'" + name + "' is dropped and also has steps under columns; keep one of the two.");
            }
        }
    }

    private GyreException.InvalidArgument error(String field, String message) {
        return Where.error(line(field), field, message);
    }

    /** The target column, kept out of the features. */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /** The derived columns, in the order they are computed. */
    public List<DerivedColumn> derive() {
        return derive;
    }

    /** Each column's steps, in the written order. */
    public Map<String, List<FeatureStep>> columns() {
        return columns;
    }

    /** The columns left out of the features. */
    public List<String> drop() {
        return drop;
    }

    /**
     * The 1-based line an entry was written on, when the spec was parsed from YAML. Fields are named as in
     * error messages: {@code target}, {@code derive[2]}, {@code columns.Age}, {@code columns.Age[1]},
     * {@code drop[3]}.
     */
    public OptionalInt line(String field) {
        Integer line = lines.get(field);
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /**
     * The spec as compact JSON with every default filled in, columns sorted by name and drop sorted, so
     * that specs that mean the same have the same text.
     */
    public String canonicalJson() {
        return canonical;
    }

    /** The SHA-256 of {@link #canonicalJson()} (UTF-8), in lower-case hex. */
    public String sha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new GyreException.Internal("unable to compute SHA-256", e);
        }
    }

    /** The names of the derived columns, in the order they are computed. */
    public List<String> derivedNames() {
        List<String> names = new ArrayList<>(derive.size());
        for (DerivedColumn column : derive) {
            names.add(column.name());
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSpec other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureSpec" + canonical;
    }
}
