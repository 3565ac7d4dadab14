package dev.gyre.training.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the 1-based line it starts on, read with Jackson's streaming YAML parser so that every
 * error can name its line. A map remembers the line of each key and, for the top level, where each value's
 * text starts and ends (so an embedded document can be handed to another parser with its lines intact).
 */
final class SpecNode {

    /** What a node holds. */
    enum Kind { MAP, LIST, SCALAR, NULL }

    final Kind kind;
    final int line;
    final Object scalar;
    final Map<String, SpecNode> entries;
    final Map<String, Integer> keyLines;
    final List<SpecNode> items;
    /** Text span of a top-level value: start line, start column, end line, end column (1-based). */
    int[] span;

    private SpecNode(Kind kind, int line, Object scalar) {
        this.kind = kind;
        this.line = line;
        this.scalar = scalar;
        this.entries = kind == Kind.MAP ? new LinkedHashMap<>() : Map.of();
        this.keyLines = kind == Kind.MAP ? new LinkedHashMap<>() : Map.of();
        this.items = kind == Kind.LIST ? new ArrayList<>() : List.of();
    }

    /** Parses a whole document; an empty one is a null node. */
    static SpecNode parse(String text) {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new SpecNode(Kind.NULL, 1, null);
            }
            return read(parser, true);
        } catch (IOException e) {
            JsonLocation where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getLocation() : null;
            String line = where == null ? "" : "Line " + where.getLineNr() + ": ";
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new GyreException.InvalidArgument(line + "the training spec is not valid YAML (" + message
                    + "); check the indentation and quoting there.", e);
        }
    }

    private static SpecNode read(JsonParser parser, boolean top) throws IOException {
        JsonToken token = parser.currentToken();
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT -> {
                SpecNode map = new SpecNode(Kind.MAP, line, null);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    if (map.entries.containsKey(key)) {
                        throw error(keyLine, key, "the key appears twice; keep one.");
                    }
                    parser.nextToken();
                    JsonLocation start = parser.currentTokenLocation();
                    SpecNode value = read(parser, false);
                    if (top) {
                        JsonLocation end = parser.currentLocation();
                        value.span = new int[] {start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr()};
                    }
                    map.entries.put(key, value);
                    map.keyLines.put(key, keyLine);
                }
                return map;
            }
            case START_ARRAY -> {
                SpecNode list = new SpecNode(Kind.LIST, line, null);
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.items.add(read(parser, false));
                }
                return list;
            }
            case VALUE_NULL -> {
                return new SpecNode(Kind.NULL, line, null);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new SpecNode(Kind.SCALAR, line, parser.getBooleanValue());
            }
            case VALUE_NUMBER_INT -> {
                return new SpecNode(Kind.SCALAR, line, parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new SpecNode(Kind.SCALAR, line, parser.getDoubleValue());
            }
            default -> {
                return new SpecNode(Kind.SCALAR, line, parser.getText());
            }
        }
    }

    boolean isMap() {
        return kind == Kind.MAP;
    }

    boolean isList() {
        return kind == Kind.LIST;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    SpecNode get(String key) {
        return entries.get(key);
    }

    int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** A short description for error messages. */
    String describe() {
        return switch (kind) {
            case MAP -> "a map";
            case LIST -> "a list";
            case NULL -> "nothing";
            case SCALAR -> scalar instanceof String ? "'" + scalar + "'" : String.valueOf(scalar);
        };
    }

    /** An error that names the line and the field. */
    static GyreException.InvalidArgument error(int line, String field, String message) {
        return new GyreException.InvalidArgument("Line " + line + (field == null ? "" : ", field '" + field + "'")
                + ": " + message);
    }
}
