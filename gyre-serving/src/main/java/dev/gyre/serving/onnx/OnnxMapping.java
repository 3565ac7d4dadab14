package dev.gyre.serving.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How an ONNX graph maps onto Gyre's model contract: which input tensor takes the rows (shape {@code [n, d]},
 * one column per feature in the model's feature order) and in which element type, and which output tensors hold
 * the prediction.
 *
 * <ul>
 *   <li>Classification: {@code probabilities} names an output of shape {@code [n, k]} (k = the number of classes,
 *       in the model's class order), read as probabilities or, with {@link Scores#LOGITS}, as scores that a
 *       softmax turns into probabilities; {@code label} optionally names an output of shape {@code [n]} or
 *       {@code [n, 1]} holding the class index (integer) or class name (string). With both, the probabilities
 *       answer and the label is only checked to exist; with the label alone a prediction gives its class
 *       probability 1.</li>
 *   <li>Regression: {@code value} names an output of shape {@code [n]} or {@code [n, 1]}.</li>
 * </ul>
 *
 * @param input         the input tensor's name
 * @param inputType     the input tensor's element type
 * @param probabilities the output with class probabilities or scores, or {@code null}
 * @param scores        how {@code probabilities} is read
 * @param label         the output with the predicted class, or {@code null}
 * @param value         a regressor's output, or {@code null}
 */
public record OnnxMapping(String input, ElementType inputType, String probabilities, Scores scores, String label,
                          String value) {

    /** The element type of the input tensor. */
    public enum ElementType {
        FLOAT, DOUBLE
    }

    /** How a classifier's probability output is read. */
    public enum Scores {
        /** Already probabilities, reported as they are. */
        PROBABILITIES,
        /** Unnormalised scores; their softmax gives the probabilities. */
        LOGITS
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public OnnxMapping {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputType, "inputType");
        scores = scores == null ? Scores.PROBABILITIES : scores;
    }

    /** A classifier answering through an output of probabilities (and optionally a label output). */
    public static OnnxMapping classifier(String input, ElementType inputType, String probabilities, String label) {
        return new OnnxMapping(input, inputType, probabilities, Scores.PROBABILITIES, label, null);
    }

    /** A regressor answering through one output. */
    public static OnnxMapping regressor(String input, ElementType inputType, String value) {
        return new OnnxMapping(input, inputType, null, Scores.PROBABILITIES, null, value);
    }

    /** The same mapping reading its probability output as logits. */
    public OnnxMapping withLogits() {
        return new OnnxMapping(input, inputType, probabilities, Scores.LOGITS, label, value);
    }

    /**
     * Checks that the mapping names the outputs a model of {@code task} needs.
     *
     * @throws GyreException.InvalidArgument naming what is missing or superfluous
     */
    void check(LearningTask task) {
        switch (task) {
            case CLASSIFICATION -> {
                if (probabilities == null && label == null) {
                    throw invalid("a classifier needs the name of its probability output or of its label output");
                }
                if (value != null) {
                    throw invalid("a classifier has no value output; name its probability or label output instead");
                }
            }
            case REGRESSION -> {
                if (value == null) {
                    throw invalid("a regressor needs the name of its value output");
                }
                if (probabilities != null || label != null) {
                    throw invalid("a regressor has no probability or label output; name only its value output");
                }
            }
            case CLUSTERING -> throw invalid("ONNX clustering models are not supported; serve a classifier or a "
                    + "regressor");
        }
    }

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("input", input);
        node.put("input_type", inputType.name().toLowerCase(java.util.Locale.ROOT));
        node.put("probabilities", probabilities);
        node.put("scores", scores.name().toLowerCase(java.util.Locale.ROOT));
        node.put("label", label);
        node.put("value", value);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new GyreException.Internal("unable to write an ONNX mapping", e);
        }
    }

    static OnnxMapping fromJson(byte[] bytes) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw invalid("its mapping is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("input").isTextual()) {
            throw invalid("its mapping lacks the input name");
        }
        ElementType type = switch (node.path("input_type").asText("")) {
            case "float" -> ElementType.FLOAT;
            case "double" -> ElementType.DOUBLE;
            default -> throw invalid("its mapping's input_type is not 'float' or 'double'");
        };
        Scores scores = switch (node.path("scores").asText("probabilities")) {
            case "probabilities" -> Scores.PROBABILITIES;
            case "logits" -> Scores.LOGITS;
            default -> throw invalid("its mapping's scores is not 'probabilities' or 'logits'");
        };
        return new OnnxMapping(node.get("input").asText(), type, text(node, "probabilities"), scores,
                text(node, "label"), text(node, "value"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("its mapping's " + field + " is not a name");
        }
        return v.asText();
    }

    static GyreException.InvalidArgument invalid(String why) {
        return new GyreException.InvalidArgument("The ONNX model cannot be served: " + why + ".");
    }
}
