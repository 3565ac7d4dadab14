package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.server.http.JsonBodies;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one MLflow request, read the way MLflow's server reads them: from the query
 * string for GET, from the JSON body otherwise. Fields MLflow clients send that Gyre does not use
 * (such as {@code run_uuid} next to {@code run_id}) are ignored, as MLflow ignores them.
 */
final class MlflowRequest {

    private final ObjectNode params;

    private MlflowRequest(ObjectNode params) {
        this.params = params;
    }

    static MlflowRequest of(Context ctx, JsonBodies bodies) {
        if (ctx.method().name().equals("GET")) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
                List<String> values = entry.getValue();
                if (values.size() == 1) {
                    node.put(entry.getKey(), values.get(0));
                } else {
                    ArrayNode array = node.putArray(entry.getKey());
                    values.forEach(array::add);
                }
            }
            return new MlflowRequest(node);
        }
        ObjectNode body = bodies.readObject(ctx);
        // some clients put DELETE parameters in the query string: take them where the body lacks them
        for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
            if (!body.has(entry.getKey()) && !entry.getValue().isEmpty()) {
                body.put(entry.getKey(), entry.getValue().get(entry.getValue().size() - 1));
            }
        }
        return new MlflowRequest(body);
    }

    /** A required string parameter; missing or empty is MLflow's INVALID_PARAMETER_VALUE. */
    String required(String name) {
        String value = optional(name);
        if (value == null || value.isEmpty()) {
            throw missing(name);
        }
        return value;
    }

    /** A string parameter or {@code null}. Numbers and booleans are accepted in their text form. */
    String optional(String name) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray() && node.size() > 0) {
            node = node.get(node.size() - 1);
        }
        if (!node.isValueNode()) {
            throw new GyreException.InvalidArgument("Invalid value for parameter '" + name + "': expected a single value.");
        }
        return node.asText();
    }

    Long optionalLong(String name) {
        String raw = optional(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Invalid value '" + raw + "' for parameter '" + name
                    + "': expected a whole number.");
        }
    }

    Integer optionalInt(String name) {
        Long value = optionalLong(name);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new GyreException.InvalidArgument("Invalid value " + value + " for parameter '" + name + "': out of range.");
        }
        return value.intValue();
    }

    int requiredVersion(String name) {
        String raw = required(name);
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Invalid value '" + raw + "' for parameter '" + name
                    + "': model versions are whole numbers such as '1'.");
        }
    }

    boolean optionalBoolean(String name, boolean fallback) {
        String raw = optional(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new GyreException.InvalidArgument("Invalid value '" + raw + "' for parameter '" + name + "': expected true or false.");
    }

    /** The raw JSON of a parameter, or {@code null}. */
    JsonNode optionalNode(String name) {
        JsonNode node = params.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** A list of strings: a JSON array, a repeated query parameter, or a single value. */
    List<String> stringList(String name) {
        JsonNode node = params.get(name);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isValueNode()) {
                    throw new GyreException.InvalidArgument("Invalid value for parameter '" + name + "': expected a list of strings.");
                }
                values.add(item.asText());
            }
        } else if (node.isValueNode()) {
            values.add(node.asText());
        } else {
            throw new GyreException.InvalidArgument("Invalid value for parameter '" + name + "': expected a list of strings.");
        }
        return values;
    }

    /** MLflow's {@code [{"key": k, "value": v}, …]}, in order; later keys win. */
    Map<String, String> keyValues(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode item : objects(name)) {
            values.put(text(item, "key", name), item.hasNonNull("value") ? item.get("value").asText() : "");
        }
        return values;
    }

    /** The objects of an array parameter (empty when absent). */
    List<JsonNode> objects(String name) {
        JsonNode node = params.get(name);
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            throw new GyreException.InvalidArgument("Invalid value for parameter '" + name + "': expected a list.");
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw new GyreException.InvalidArgument("Invalid value for parameter '" + name + "': expected a list of objects.");
            }
            items.add(item);
        }
        return items;
    }

    static String text(JsonNode item, String field, String parameter) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            throw new GyreException.InvalidArgument("Missing value for required parameter '" + parameter + "." + field + "'.");
        }
        return value.asText();
    }

    static GyreException missing(String name) {
        return new GyreException.InvalidArgument("Missing value for required parameter '" + name
                + "'. See the API docs for more information about request parameters.");
    }
}
