package dev.gyre.pipelines.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link Node}s through Jackson's streaming parser, keeping the line of every
 * value and key so that spec errors can point at them. Duplicate keys are refused with both lines. Thread-safe.
 */
public final class Yaml {
    private static final int MAX_DEPTH = 64;
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private Yaml() {
    }

    /** The kinds of value a spec is made of. */
    public enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    /**
     * One YAML value with its line.
     *
     * @param kind     what the value is
     * @param line     1-based line of the value
     * @param value    the plain value: text, {@link Long}/{@link Double}, {@link Boolean} or null for scalars;
     *                 null for maps and lists
     * @param entries  a map's entries in written order (empty otherwise)
     * @param keyLines the line of each map key
     * @param items    a list's items (empty otherwise)
     */
    public record Node(Kind kind, int line, Object value, Map<String, Node> entries, Map<String, Integer> keyLines,
                       List<Node> items) {
        public Node {
            entries = entries == null ? Map.of() : Collections.unmodifiableMap(entries);
            keyLines = keyLines == null ? Map.of() : Collections.unmodifiableMap(keyLines);
            items = items == null ? List.of() : List.copyOf(items);
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

        /** The entry's value, or null when the map has no such key. */
        public Node get(String key) {
            return entries.get(key);
        }

        /** The line of a key of this map, or of this value when the key is absent. */
        public int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }

        /** This value as plain data: maps (in written order), lists, text, numbers, booleans, null. */
        public Object toPlain() {
            return switch (kind) {
                case MAP -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    entries.forEach((k, v) -> map.put(k, v.toPlain()));
                    yield Collections.unmodifiableMap(map);
                }
                case LIST -> {
                    List<Object> list = new ArrayList<>();
                    items.forEach(v -> list.add(v.toPlain()));
                    yield Collections.unmodifiableList(list);
                }
                default -> value;
            };
        }

        /** A short description for messages, e.g. {@code a list} or {@code the number 3}. */
        public String describe() {
            return switch (kind) {
                case MAP -> "a map";
                case LIST -> "a list";
                case STRING -> "the text '" + value + "'";
                case NUMBER -> "the number " + value;
                case BOOLEAN -> String.valueOf(value);
                case NULL -> "nothing";
            };
        }
    }

    /**
     * Parses {@code text}; an empty document gives a {@link Kind#NULL} node.
     *
     * @param what names the document in messages, e.g. {@code Pipeline spec}
     * @throws GyreException.InvalidArgument for YAML that does not parse, naming the line
     */
    public static Node read(String text, String what) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return new Node(Kind.NULL, 1, null, null, null, null);
            }
            Node root = value(parser, 0, what);
            if (parser.nextToken() != null) {
                throw new GyreException.InvalidArgument("Line " + line(parser) + ": a " + what.toLowerCase()
                        + " is one YAML document; remove the second one (after '---').");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new GyreException.InvalidArgument((at == null ? what : "Line " + at.getLineNr())
                    + ": the text is not valid YAML (" + why + "); check the indentation and the quotes there.", e);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument(what + ": unable to read the YAML text.", e);
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static Node value(JsonParser parser, int depth, String what) throws IOException {
        int line = line(parser);
        if (depth > MAX_DEPTH) {
            throw new GyreException.InvalidArgument("Line " + line + ": the " + what.toLowerCase()
                    + " nests deeper than " + MAX_DEPTH + " levels; flatten it.");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    Node item = value(parser, depth + 1, what);
                    if (entries.containsKey(key)) {
                        throw new GyreException.InvalidArgument("Line " + keyLine + ": the key '" + key
                                + "' appears twice (first on line " + keyLines.get(key) + "); keep one.");
                    }
                    entries.put(key, item);
                    keyLines.put(key, keyLine);
                }
                return new Node(Kind.MAP, line, null, entries, keyLines, null);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, depth + 1, what));
                }
                return new Node(Kind.LIST, line, null, null, null, items);
            }
            case VALUE_STRING:
                return new Node(Kind.STRING, line, parser.getText(), null, null, null);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Node(Kind.NUMBER, line, Canonical.plain(parser.getNumberValue(), "value"), null, null, null);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(Kind.BOOLEAN, line, token == JsonToken.VALUE_TRUE, null, null, null);
            case VALUE_NULL:
                return new Node(Kind.NULL, line, null, null, null, null);
            default:
                throw new GyreException.InvalidArgument("Line " + line + ": unsupported YAML value (" + token
                        + "); use maps, lists, text, numbers and true/false.");
        }
    }
}
