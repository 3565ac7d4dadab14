package dev.gyre.features.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads one YAML document into {@link YamlNode}s through Jackson's streaming parser, keeping each value's
 * line. Duplicate keys are refused with both lines. Thread-safe.
 */
public final class YamlReader {
    private static final int MAX_DEPTH = 64;
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {
    }

    /**
     * Parses {@code text}; an empty document gives a {@link YamlNode.Kind#NULL} node.
     *
     * @throws GyreException.InvalidArgument for YAML that does not parse, naming the line
     */
    public static YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return YamlNode.scalar(YamlNode.Kind.NULL, 1, null, Double.NaN);
            }
            YamlNode root = value(parser, 0);
            if (parser.nextToken() != null) {
                throw Where.error(OptionalInt.of(line(parser)), null,
                        "a feature spec is one YAML document; remove the second one (after '---').");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new GyreException.InvalidArgument((at == null ? "Feature spec" : "Line " + at.getLineNr())
                    + ": the text is not valid YAML (" + why + "); check the indentation and the quotes there.", e);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Feature spec: unable to read the YAML text.", e);
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static YamlNode value(JsonParser parser, int depth) throws IOException {
        int line = line(parser);
        if (depth > MAX_DEPTH) {
            throw Where.error(OptionalInt.of(line), null, "the spec nests deeper than " + MAX_DEPTH + " levels.");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    YamlNode item = value(parser, depth + 1);
                    if (entries.containsKey(key)) {
                        throw Where.error(OptionalInt.of(keyLine), key, "the key appears twice (first on line "
                                + keyLines.get(key) + "); keep one.");
                    }
                    entries.put(key, item);
                    keyLines.put(key, keyLine);
                }
                int mapLine = keyLines.isEmpty() ? line : keyLines.values().iterator().next();
                return new YamlNode(YamlNode.Kind.MAP, mapLine, null, Double.NaN, entries, keyLines, null);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, depth + 1));
                }
                return new YamlNode(YamlNode.Kind.LIST, line, null, Double.NaN, null, null, items);
            }
            case VALUE_STRING:
                return YamlNode.scalar(YamlNode.Kind.STRING, line, parser.getText(), Double.NaN);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return YamlNode.scalar(YamlNode.Kind.NUMBER, line, parser.getText(),
                        parser.getNumberValue().doubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return YamlNode.scalar(YamlNode.Kind.BOOLEAN, line, parser.getText(), Double.NaN);
            case VALUE_NULL:
                return YamlNode.scalar(YamlNode.Kind.NULL, line, null, Double.NaN);
            default:
                throw Where.error(OptionalInt.of(line), null, "unsupported YAML value (" + token
                        + "); use maps, lists, text, numbers and true/false.");
        }
    }
}
