package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The options of one spec entry (a step or a derived column) with their lines, read with typed getters
 * whose errors name the line, the field and the expected form.
 */
public final class Options {
    private final String field;
    private final int line;
    private final Map<String, YamlNode> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    /**
     * @param field the entry's field path, e.g. {@code columns.Age[1].impute}
     * @param line  the entry's line
     */
    public Options(String field, int line) {
        this.field = field;
        this.line = line;
    }

    /** Adds the entries of a map node; a key given twice is refused. */
    public Options addAll(YamlNode map) {
        map.entries().forEach((key, value) -> add(key, value, map.lineOf(key)));
        return this;
    }

    /** Adds one option; a key given twice is refused. */
    public Options add(String key, YamlNode value, int keyLine) {
        if (values.containsKey(key)) {
            throw error(key, "the option is given twice (first on line " + lines.get(key) + "); keep one.");
        }
        values.put(key, value);
        lines.put(key, keyLine);
        return this;
    }

    /** Refuses any option outside {@code allowed}, listing them. */
    public Options allowOnly(String example, String... allowed) {
        for (String key : values.keySet()) {
            if (!List.of(allowed).contains(key)) {
                throw error(key, "unknown option; the options here are " + String.join(", ", allowed) + ", e.g. "
                        + example + ".");
            }
        }
        return this;
    }

    public boolean has(String key) {
        YamlNode node = values.get(key);
        return node != null && !node.isNull();
    }

    /** A text option, or {@code null} when absent. */
    public String text(String key, String example) {
        YamlNode node = values.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isScalar() || node.kind() == YamlNode.Kind.BOOLEAN || node.text().isBlank()) {
            throw error(key, "must be a text such as " + example + ", got " + node.describe() + ".");
        }
        return node.text();
    }

    /** A required text option. */
    public String requireText(String key, String example) {
        String text = text(key, example);
        if (text == null) {
            throw error(key, "is required, e.g. " + example + ".");
        }
        return text;
    }

    /** A whole-number option, or {@code null} when absent. */
    public Integer integer(String key, String example) {
        YamlNode node = values.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        double v = node.number();
        if (node.kind() != YamlNode.Kind.NUMBER || v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw error(key, "must be a whole number such as " + example + ", got " + node.describe() + ".");
        }
        return (int) v;
    }

    /** A number option, or {@code null} when absent. */
    public Double number(String key, String example) {
        YamlNode node = values.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.kind() != YamlNode.Kind.NUMBER || !Double.isFinite(node.number())) {
            throw error(key, "must be a finite number such as " + example + ", got " + node.describe() + ".");
        }
        return node.number();
    }

    /** A true/false option; {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        YamlNode node = values.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.kind() != YamlNode.Kind.BOOLEAN) {
            throw error(key, "must be true or false, got " + node.describe() + ".");
        }
        return Boolean.parseBoolean(node.text());
    }

    /** A list of numbers, or {@code null} when absent. */
    public List<Double> numbers(String key, String example) {
        YamlNode node = values.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isList()) {
            throw error(key, "must be a list of numbers such as " + example + ", got " + node.describe() + ".");
        }
        List<Double> out = new ArrayList<>();
        for (YamlNode item : node.items()) {
            if (item.kind() != YamlNode.Kind.NUMBER || !Double.isFinite(item.number())) {
                throw Where.error(OptionalInt.of(item.line()), path(key), "must be a list of numbers such as "
                        + example + ", got " + item.describe() + " in it.");
            }
            out.add(item.number());
        }
        return out;
    }

    /** The raw node of an option, or {@code null}. */
    public YamlNode node(String key) {
        return values.get(key);
    }

    /** An error about one option, at its line. */
    public GyreException.InvalidArgument error(String key, String message) {
        Integer at = key == null ? null : lines.get(key);
        YamlNode node = key == null ? null : values.get(key);
        int where = node != null ? node.line() : at != null ? at : line;
        return Where.error(OptionalInt.of(where), key == null ? field : path(key), message);
    }

    /** An error about the entry as a whole, at its line. */
    public GyreException.InvalidArgument error(String message) {
        return Where.error(OptionalInt.of(line), field, message);
    }

    private String path(String key) {
        return field + "." + key;
    }
}
