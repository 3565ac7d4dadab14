package dev.gyre.serving.protocol;

import static dev.gyre.serving.protocol.JsonInput.describe;
import static dev.gyre.serving.protocol.JsonInput.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KServe V1 REST bodies of {@code POST /v1/models/{name}:predict} and {@code :explain}.
 *
 * <p>Requests carry exactly one of
 * <ul>
 *   <li>{@code "instances"}: an array of records, all objects (column to value) or all arrays (values in the
 *       model's column order); a one-column model also takes bare values;
 *   <li>{@code "inputs"}: the same array forms, or the columnar form: an object of column to array of values.
 * </ul>
 * Other top-level keys (such as {@code signature_name}) are ignored. V1 carries no request id or parameters.
 *
 * <p>Responses: {@code {"predictions": [...]}} holding the class label or the value per record. A classifier with
 * probabilities adds {@code "classes": [...]} and {@code "probabilities": [[...], ...]} (one row per record, in
 * class order) beside {@code predictions}. The {@code :explain} answer adds {@code "explanations"}: one
 * {@code {"target"?, "baseline", "contributions": {feature: value}}} per record (see {@link Explanation}).
 * Errors: {@code {"error": "..."}}.
 *
 * <p>Thread-safe.
 */
public final class KServeV1Codec {

    static final String PROTOCOL = "KServe V1";
    private static final String EXAMPLE = "{\"instances\": [{\"age\": 38, \"sex\": \"female\"}]}";

    private final JsonInput json;
    private final Records records;

    /** A codec with {@link CodecLimits#defaults()}. */
    public KServeV1Codec() {
        this(CodecLimits.defaults());
    }

    /** A codec enforcing the given limits. */
    public KServeV1Codec(CodecLimits limits) {
        this.json = new JsonInput(Objects.requireNonNull(limits, "limits"));
        this.records = new Records(limits);
    }

    /**
     * Decodes a predict or explain request body.
     *
     * @param body        the raw body
     * @param columnOrder the model's input columns in order, used for positional rows; may be empty
     * @throws dev.gyre.core.GyreException.InvalidArgument for any body that is not a valid request
     */
    public InferenceRequest decode(byte[] body, List<String> columnOrder) {
        JsonNode root = JsonInput.requireObject(json.parse(body, PROTOCOL), PROTOCOL, EXAMPLE);
        JsonNode instances = root.get("instances");
        JsonNode inputs = root.get("inputs");
        if ((instances == null) == (inputs == null)) {
            throw invalid("A " + PROTOCOL + " request needs exactly one of \"instances\" or \"inputs\"; it has "
                    + (instances == null ? "neither" : "both") + ". Example: " + EXAMPLE);
        }
        if (instances != null) {
            return InferenceRequest.of(records.fromRows(instances, columnOrder, "instances"));
        }
        if (inputs.isObject()) {
            return InferenceRequest.of(records.fromColumns(inputs, "inputs"));
        }
        if (!inputs.isArray()) {
            throw invalid("inputs must be an array of records or an object of column to values, not "
                    + describe(inputs) + ".");
        }
        return InferenceRequest.of(records.fromRows(inputs, columnOrder, "inputs"));
    }

    /** Encodes a predict response. */
    public byte[] encode(InferenceResponse response) {
        return JsonOutput.bytes(predictions(response));
    }

    /**
     * Encodes an explain response: the predict response plus one explanation per record.
     *
     * @throws IllegalArgumentException when there is not one explanation per prediction
     */
    public byte[] encodeExplain(InferenceResponse response, List<Explanation> explanations) {
        if (explanations.size() != response.size()) {
            throw new IllegalArgumentException(explanations.size() + " explanations for " + response.size()
                    + " predictions");
        }
        ObjectNode out = predictions(response);
        ArrayNode list = out.putArray("explanations");
        for (Explanation e : explanations) {
            ObjectNode item = list.addObject();
            e.target().ifPresent(t -> item.put("target", t));
            JsonOutput.put(item, "baseline", e.baseline());
            ObjectNode contributions = item.putObject("contributions");
            for (Map.Entry<String, Double> c : e.contributions().entrySet()) {
                JsonOutput.put(contributions, c.getKey(), c.getValue() == null ? Double.NaN : c.getValue());
            }
        }
        return JsonOutput.bytes(out);
    }

    private static ObjectNode predictions(InferenceResponse response) {
        Objects.requireNonNull(response, "response");
        ObjectNode out = JsonOutput.object();
        ArrayNode predictions = out.putArray("predictions");
        if (!response.isClassification()) {
            for (InferenceResponse.Prediction p : response.predictions()) {
                JsonOutput.add(predictions, ((InferenceResponse.Value) p).value());
            }
            return out;
        }
        ArrayNode probabilities = JsonOutput.array();
        for (InferenceResponse.Prediction p : response.predictions()) {
            InferenceResponse.Classified c = (InferenceResponse.Classified) p;
            predictions.add(c.label());
            ArrayNode row = probabilities.addArray();
            c.probabilities().forEach(v -> JsonOutput.add(row, v));
        }
        if (!response.classes().isEmpty()) {
            out.set("classes", JsonOutput.strings(response.classes()));
            out.set("probabilities", probabilities);
        }
        return out;
    }

    /** Encodes an error body: {@code {"error": message}}. */
    public byte[] encodeError(String message) {
        return JsonOutput.simpleError(message);
    }
}
