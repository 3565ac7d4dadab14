package dev.gyre.validation.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The shared parts of the detectors' JSON form and the checked reading of its fields. */
final class DetectorJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private DetectorJson() {
    }

    static ObjectNode header(OutlierDetector detector) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", OutlierDetector.FORMAT);
        root.put("version", OutlierDetector.VERSION);
        root.put("method", detector.method().wireName());
        ArrayNode names = root.putArray("featureNames");
        detector.featureNames().forEach(names::add);
        root.put("falsePositiveRate", detector.falsePositiveRate());
        root.put("threshold", detector.threshold());
        root.put("referenceRows", detector.referenceRows());
        root.put("referenceFlaggedRate", detector.referenceFlaggedRate());
        return root;
    }

    static String text(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write an outlier detector as JSON.", e);
        }
    }

    static JsonNode parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new GyreException.InvalidArgument("outliers: not valid JSON (" + e.getOriginalMessage()
                    + "); give an outlier detector written by Gyre.", e);
        }
        if (root == null || !root.isObject() || !OutlierDetector.FORMAT.equals(root.path("format").asText())) {
            throw new GyreException.InvalidArgument("outliers: not a Gyre outlier detector (expected \"format\": \""
                    + OutlierDetector.FORMAT + "\").");
        }
        if (!root.path("version").isInt() || root.path("version").asInt() != OutlierDetector.VERSION) {
            throw new GyreException.InvalidArgument("outliers: version " + root.path("version")
                    + " is not supported; this version of Gyre reads version " + OutlierDetector.VERSION + ".");
        }
        return root;
    }

    static OutlierDetector.Calibration calibration(JsonNode root) {
        JsonNode namesNode = root.path("featureNames");
        if (!namesNode.isArray() || namesNode.isEmpty()) {
            throw bad("featureNames", "must be a non-empty array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : namesNode) {
            if (!name.isTextual()) {
                throw bad("featureNames", "must be a non-empty array of strings");
            }
            names.add(name.asText());
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw bad("featureNames", "repeats a name");
        }
        double rate = real(root, "falsePositiveRate");
        if (!(rate > 0 && rate <= 0.5)) {
            throw bad("falsePositiveRate", "must be above 0 and at most 0.5");
        }
        double flagged = real(root, "referenceFlaggedRate");
        if (!(flagged >= 0 && flagged <= 1)) {
            throw bad("referenceFlaggedRate", "must be between 0 and 1");
        }
        JsonNode rows = root.path("referenceRows");
        if (!rows.isInt() || rows.asInt() < 2) {
            throw bad("referenceRows", "must be an integer of at least 2");
        }
        return new OutlierDetector.Calibration(names, rate, real(root, "threshold"), rows.asInt(), flagged);
    }

    /** A finite number field. */
    static double real(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw bad(field, "must be a finite number");
        }
        return value.asDouble();
    }

    /** An array of finite numbers of the given length (any length when negative). */
    static double[] reals(JsonNode node, String field, int length) {
        return realsOf(node.path(field), field, length);
    }

    /** {@link #reals} of an array node, named {@code field} in messages. */
    static double[] realsOf(JsonNode array, String field, int length) {
        if (!array.isArray() || (length >= 0 && array.size() != length)) {
            throw bad(field, "must be an array of " + (length >= 0 ? length + " " : "") + "finite numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw bad(field + "[" + i + "]", "must be a finite number");
            }
            out[i] = value.asDouble();
        }
        return out;
    }

    /** An array of integers of the given length. */
    static int[] ints(JsonNode node, String field, int length) {
        JsonNode array = node.path(field);
        if (!array.isArray() || array.size() != length) {
            throw bad(field, "must be an array of " + length + " integers");
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            if (!array.get(i).isInt()) {
                throw bad(field + "[" + i + "]", "must be an integer");
            }
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static GyreException.InvalidArgument bad(String field, String problem) {
        return new GyreException.InvalidArgument("outliers." + field + ": " + problem
                + "; give an outlier detector written by Gyre.");
    }
}
