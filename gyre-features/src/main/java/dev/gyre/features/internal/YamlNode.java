package dev.gyre.features.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One YAML value with the line it was written on, so that errors can point at it. Maps keep their keys in
 * the written order, with the line of each key.
 *
 * @param kind    what the value is
 * @param line    1-based line of the value
 * @param text    a scalar's text ({@code null} for maps, lists and null)
 * @param number  a number's value, else NaN
 * @param entries a map's entries in written order (empty otherwise)
 * @param keyLines the line of each map key
 * @param items   a list's items (empty otherwise)
 */
public record YamlNode(Kind kind, int line, String text, double number, Map<String, YamlNode> entries,
                       Map<String, Integer> keyLines, List<YamlNode> items) {

    /** The kinds of YAML value the spec uses. */
    public enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    public YamlNode {
        entries = entries == null ? Map.of() : Collections.unmodifiableMap(entries);
        keyLines = keyLines == null ? Map.of() : Collections.unmodifiableMap(keyLines);
        items = items == null ? List.of() : List.copyOf(items);
    }

    static YamlNode scalar(Kind kind, int line, String text, double number) {
        return new YamlNode(kind, line, text, number, null, null, null);
    }

    public boolean isMap() {
        return kind == Kind.MAP;
    }

    public boolean isList() {
        return kind == Kind.LIST;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** A string, number or boolean. */
    public boolean isScalar() {
        return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
    }

    /** The entry's value, or {@code null} when the map has no such key. */
    public YamlNode get(String key) {
        return entries.get(key);
    }

    /** The line of a key of this map, or of this value when the key is absent. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** A short description for error messages, e.g. {@code a list} or {@code the number 3}. */
    public String describe() {
        return switch (kind) {
            case MAP -> "a map";
            case LIST -> "a list";
            case STRING -> "the text '" + text + "'";
            case NUMBER -> "the number " + text;
            case BOOLEAN -> text;
            case NULL -> "nothing";
        };
    }
}
