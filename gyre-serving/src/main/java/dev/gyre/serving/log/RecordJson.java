package dev.gyre.serving.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Encodes a {@link PredictionRecord} as one JSON line and decodes it back; the format is in the README. */
final class RecordJson {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    /** The UTF-8 bytes of the record's JSON object followed by a single {@code '\n'}. */
    static byte[] encodeLine(PredictionRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", FORMAT_VERSION);
        o.put("request_id", r.requestId());
        o.put("deployment", r.deployment());
        o.put("model", r.modelName());
        o.put("model_version", r.modelVersion());
        o.put("ts", r.timestampMs());
        ObjectNode in = o.putObject("inputs");
        r.inputs().forEach((name, value) -> {
            if (value == null) {
                in.putNull(name);
            } else if (value instanceof String s) {
                in.put(name, s);
            } else if (value instanceof Boolean b) {
                in.put(name, b);
            } else if (value instanceof Long l) {
                in.put(name, l);
            } else {
                in.put(name, (Double) value);
            }
        });
        ObjectNode out = o.putObject("output");
        if (r.output().predictedClass() != null) {
            out.put("class", r.output().predictedClass());
        }
        if (!r.output().probabilities().isEmpty()) {
            ObjectNode p = out.putObject("probabilities");
            r.output().probabilities().forEach(p::put);
        }
        if (r.output().value() != null) {
            out.put("value", r.output().value());
        }
        o.put("latency_us", r.latencyMicros());
        if (r.outlierScore() != null) {
            o.put("outlier_score", r.outlierScore());
        }
        if (r.outlier() != null) {
            o.put("outlier", r.outlier());
        }
        if (r.shadow()) {
            o.put("shadow", true);
        }
        try {
            String json = MAPPER.writeValueAsString(o);
            return (json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("record not encodable", e);
        }
    }

    /** Decodes one line (without its newline); throws {@link IllegalArgumentException} when malformed. */
    static PredictionRecord decode(String line) {
        JsonNode o;
        try {
            o = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON line", e);
        }
        if (o == null || !o.isObject() || o.path("v").asInt() != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a version " + FORMAT_VERSION + " prediction record");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("inputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            inputs.put(e.getKey(), scalar(e.getValue()));
        }
        JsonNode out = o.path("output");
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = out.path("probabilities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            probabilities.put(e.getKey(), e.getValue().asDouble());
        }
        PredictionRecord.Output output = new PredictionRecord.Output(text(out, "class"), probabilities,
                out.hasNonNull("value") ? out.get("value").asDouble() : null);
        return new PredictionRecord(o.path("request_id").asText(null), o.path("deployment").asText(null),
                o.path("model").asText(null), o.path("model_version").asText(null), o.path("ts").asLong(-1),
                inputs, output, o.path("latency_us").asLong(-1),
                o.hasNonNull("outlier_score") ? o.get("outlier_score").asDouble() : null,
                o.hasNonNull("outlier") ? o.get("outlier").asBoolean() : null,
                o.path("shadow").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Object scalar(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        throw new IllegalArgumentException("input value is not a scalar");
    }
}
