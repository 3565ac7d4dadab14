package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gyre's own body of {@code POST /api/v1/deployments/{name}/predict}.
 *
 * <p>Request: {@code {"records": [{column: value, ...}, ...], "request_id"?: "...", "parameters"?: {...}}}. Records
 * are objects; unknown top-level keys are refused so that typos do not go unnoticed.
 *
 * <p>Response: {@code {"predictions": [...], "model_version": "...", "request_id": "..."}} where each prediction is
 * {@code {"predicted_class": "yes", "probabilities": {"no": 0.2, "yes": 0.8}}} for a classifier (probabilities in
 * class order, omitted when the model has none) or {@code {"prediction": 12.5}} for regression. Errors use the
 * server's shape: {@code {"error_code": "...", "message": "...", "request_id"?: "..."}}.
 *
 * <p>Thread-safe.
 */
public final class NativeCodec {

    static final String PROTOCOL = "predict";
    private static final String EXAMPLE = "{\"records\": [{\"age\": 38, \"sex\": \"female\"}]}";
    private static final Set<String> KEYS = new TreeSet<>(List.of("records", "request_id", "parameters"));

    private final JsonInput json;
    private final Records records;

    /** A codec with {@link CodecLimits#defaults()}. */
    public NativeCodec() {
        this(CodecLimits.defaults());
    }

    /** A codec enforcing the given limits. */
    public NativeCodec(CodecLimits limits) {
        this.json = new JsonInput(Objects.requireNonNull(limits, "limits"));
        this.records = new Records(limits);
    }

    /**
     * Decodes a predict request body.
     *
     * @throws GyreException.InvalidArgument for any body that is not a valid request
     */
    public InferenceRequest decode(byte[] body) {
        JsonNode root = JsonInput.requireObject(json.parse(body, PROTOCOL), PROTOCOL, EXAMPLE);
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                unknown.add(JsonInput.clip(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid("Unknown field(s) " + unknown + "; known fields: " + String.join(", ", KEYS) + ".");
        }
        JsonNode items = root.get("records");
        if (items == null || !items.isArray()) {
            throw invalid("records must be an array of objects such as " + EXAMPLE + ", not " + describe(items)
                    + ".");
        }
        records.checkRecordCount(items.size(), "records");
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw invalid("records[" + i + "] must be an object of column name to value, not " + describe(item)
                        + ".");
            }
            out.add(records.fromObject(item, "records[" + i + "]"));
        }
        Optional<String> id = Optional.empty();
        JsonNode idNode = root.get("request_id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual() || idNode.textValue().isBlank()) {
                throw invalid("request_id must be a non-blank string, not " + describe(idNode) + ".");
            }
            id = Optional.of(idNode.textValue());
        }
        return new InferenceRequest(out, id, records.parameters(root.get("parameters"), "parameters", true));
    }

    /**
     * Encodes a predict response.
     *
     * @param modelVersion the version that answered (required)
     * @param requestId    the request id (given or generated), omitted when null
     */
    public byte[] encode(InferenceResponse response, String modelVersion, String requestId) {
        return JsonOutput.bytes(encodeNode(response, modelVersion, requestId));
    }

    /**
     * The predict response as a JSON tree, for a server that adds fields to each prediction (the outlier check)
     * before writing it once; {@link #encode} writes it as it is.
     */
    public ObjectNode encodeNode(InferenceResponse response, String modelVersion, String requestId) {
        Objects.requireNonNull(response, "response");
        ObjectNode out = JsonOutput.object();
        ArrayNode predictions = out.putArray("predictions");
        for (InferenceResponse.Prediction p : response.predictions()) {
            ObjectNode item = predictions.addObject();
            if (p instanceof InferenceResponse.Classified c) {
                item.put("predicted_class", c.label());
                if (!response.classes().isEmpty()) {
                    ObjectNode probs = item.putObject("probabilities");
                    for (int j = 0; j < response.classes().size(); j++) {
                        JsonOutput.put(probs, response.classes().get(j), c.probabilities().get(j));
                    }
                }
            } else {
                JsonOutput.put(item, "prediction", ((InferenceResponse.Value) p).value());
            }
        }
        out.put("model_version", Objects.requireNonNull(modelVersion, "modelVersion"));
        if (requestId != null) {
            out.put("request_id", requestId);
        }
        return out;
    }

    /** Encodes an error: {@code {"error_code", "message", "request_id"?}}. */
    public byte[] encodeError(GyreException error, String requestId) {
        ObjectNode out = JsonOutput.object();
        out.put("error_code", error.code().name());
        out.put("message", error.getMessage());
        if (requestId != null) {
            out.put("request_id", requestId);
        }
        return JsonOutput.bytes(out);
    }
}
