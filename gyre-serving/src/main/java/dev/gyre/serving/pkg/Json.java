package dev.gyre.serving.pkg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The JSON reading and writing shared by the package's documents: strict about duplicates, pretty output. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The UTF-8 bytes of a tree, with a trailing newline. */
    static byte[] bytes(JsonNode node) {
        try {
            return (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write JSON", e);
        }
    }

    /**
     * Parses an object document.
     *
     * @throws GyreException.InvalidArgument naming {@code what} when the bytes are not a JSON object
     */
    static JsonNode object(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw invalid(what, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw invalid(what, "it is not a JSON object");
        }
        return node;
    }

    /** A required text field. */
    static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(what, "the field '" + field + "' must be a text");
        }
        return value.asText();
    }

    /** An optional text field: {@code null} when absent or null. */
    static String optionalText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(what, "the field '" + field + "' must be a text or null");
        }
        return value.asText();
    }

    /** A required array field, possibly empty. */
    static JsonNode array(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw invalid(what, "the field '" + field + "' must be an array");
        }
        return value;
    }

    /** An optional array of texts: empty when absent. */
    static List<String> texts(JsonNode node, String field, String what) {
        List<String> out = new ArrayList<>();
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw invalid(what, "the field '" + field + "' must be an array of texts");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(what, "the field '" + field + "' must be an array of texts");
            }
            out.add(item.asText());
        }
        return out;
    }

    static GyreException.InvalidArgument invalid(String what, String problem) {
        return new GyreException.InvalidArgument("The model package's " + what + " cannot be read: " + problem
                + ". The package is damaged or was not written by Gyre; write it again from the registered version.");
    }
}
