package dev.gyre.serving.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.List;

/** Writes response bodies: compact UTF-8 JSON, non-finite numbers as {@code null}. */
final class JsonOutput {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonOutput() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Adds a number, or {@code null} when it is NaN or infinite (JSON has no such numbers). */
    static void add(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }

    static void put(ObjectNode object, String key, double value) {
        if (Double.isFinite(value)) {
            object.put(key, value);
        } else {
            object.putNull(key);
        }
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode out = array();
        values.forEach(out::add);
        return out;
    }

    /** {@code {"error": message}}, the error shape of the Open Inference Protocol and KServe V1. */
    static byte[] simpleError(String message) {
        ObjectNode out = object();
        out.put("error", message == null || message.isBlank() ? "unknown error" : message);
        return bytes(out);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write the response", e);
        }
    }
}
