package dev.gyre.serving.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.table.ColumnType;
import dev.gyre.features.FeatureStep;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model takes and gives, in the terms of a request: the raw input fields the fitted features read
 * (before any feature step), and the outputs of a prediction.
 *
 * <p>The outputs by task: classification gives {@code predicted_class} (one of the classes) and
 * {@code probabilities} (a number per class, summing to 1); regression gives {@code prediction}; clustering
 * gives {@code cluster} (the nearest cluster id) and {@code distances} (a number per cluster).
 *
 * <p>Its JSON form is the package's {@code signature.json}:
 * <pre>
 * {"inputs": [{"name": "Sex", "type": "categorical", "required": true,
 *              "categories": ["female", "male"], "unseen": "ignore"},
 *             {"name": "Age", "type": "numeric", "required": false}, ...],
 *  "outputs": [{"name": "predicted_class", "type": "categorical", "categories": ["0", "1"]},
 *              {"name": "probabilities", "type": "numeric", "keys": ["0", "1"]}]}
 * </pre>
 * Immutable and thread-safe.
 *
 * @param inputs  the input fields, in the order the features read them
 * @param outputs the outputs
 */
public record Signature(List<Input> inputs, List<Output> outputs) {
    private static final String WHAT = "signature.json";

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One input field.
     *
     * @param name       the field name
     * @param type       its type
     * @param required   whether a request must send a value: true when leaving it out would leave a feature
     *                   missing, which the model cannot take; false when the feature spec imputes it, an encoder
     *                   gives a missing value no category, or it only feeds derived columns that allow it
     * @param categories the values seen in training ({@link String}s, or {@link Double}s for a numeric column
     *                   encoded as categories) when the column's own encoder learned them; empty otherwise
     * @param unseen     what a value outside {@code categories} does when there are categories, else {@code null}:
     *                   {@link FeatureStep.Unseen#ERROR} means a request with one is refused
     */
    public record Input(String name, ColumnType type, boolean required, List<Object> categories,
                        FeatureStep.Unseen unseen) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            categories = List.copyOf(categories);
        }
    }

    /**
     * One output.
     *
     * @param name       the output's name
     * @param type       {@code categorical} or {@code numeric}
     * @param categories the values a categorical output takes; empty otherwise
     * @param keys       for an output that is one number per key (probabilities, distances), the keys in order;
     *                   empty for a single value
     */
    public record Output(String name, String type, List<String> categories, List<String> keys) {
        public Output {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            categories = List.copyOf(categories);
            keys = List.copyOf(keys);
        }
    }

    /**
     * The signature of a model and the features it was trained with: the features' input columns, each marked
     * required or optional by trying the fitted features without it, and its categories and unseen policy taken
     * from the column's encoder.
     */
    public static Signature infer(FittedFeatures features, TrainedModel model) {
        return new Signature(SignatureInference.inputs(features), SignatureInference.outputs(model));
    }

    /** The input of this name. */
    public Optional<Input> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The JSON form (see the class comment), UTF-8. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode in = root.putArray("inputs");
        for (Input input : inputs) {
            ObjectNode node = in.addObject().put("name", input.name()).put("type", input.type().wireName())
                    .put("required", input.required());
            if (!input.categories().isEmpty()) {
                ArrayNode categories = node.putArray("categories");
                for (Object c : input.categories()) {
                    if (c instanceof Double d) {
                        categories.add(d);
                    } else {
                        categories.add((String) c);
                    }
                }
            }
            if (input.unseen() != null) {
                node.put("unseen", input.unseen().wireName());
            }
        }
        ArrayNode out = root.putArray("outputs");
        for (Output output : outputs) {
            ObjectNode node = out.addObject().put("name", output.name()).put("type", output.type());
            if (!output.categories().isEmpty()) {
                output.categories().forEach(node.putArray("categories")::add);
            }
            if (!output.keys().isEmpty()) {
                output.keys().forEach(node.putArray("keys")::add);
            }
        }
        return Json.bytes(root);
    }

    /**
     * Reads the JSON form.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument when it is damaged
     */
    public static Signature fromJson(byte[] json) {
        JsonNode root = Json.object(json, WHAT);
        List<Input> inputs = new ArrayList<>();
        for (JsonNode node : Json.array(root, "inputs", WHAT)) {
            ColumnType type;
            try {
                type = ColumnType.fromWireName(Json.text(node, "type", WHAT));
            } catch (IllegalArgumentException e) {
                throw Json.invalid(WHAT, e.getMessage());
            }
            if (!node.path("required").isBoolean()) {
                throw Json.invalid(WHAT, "the field 'required' must be true or false");
            }
            List<Object> categories = new ArrayList<>();
            for (JsonNode c : node.path("categories")) {
                if (c.isNumber()) {
                    categories.add(c.doubleValue());
                } else if (c.isTextual()) {
                    categories.add(c.asText());
                } else {
                    throw Json.invalid(WHAT, "a category must be a text or a number");
                }
            }
            inputs.add(new Input(Json.text(node, "name", WHAT), type, node.get("required").booleanValue(), categories,
                    unseen(Json.optionalText(node, "unseen", WHAT))));
        }
        List<Output> outputs = new ArrayList<>();
        for (JsonNode node : Json.array(root, "outputs", WHAT)) {
            outputs.add(new Output(Json.text(node, "name", WHAT), Json.text(node, "type", WHAT),
                    Json.texts(node, "categories", WHAT), Json.texts(node, "keys", WHAT)));
        }
        return new Signature(inputs, outputs);
    }

    private static FeatureStep.Unseen unseen(String name) {
        if (name == null) {
            return null;
        }
        for (FeatureStep.Unseen unseen : FeatureStep.Unseen.values()) {
            if (unseen.wireName().equals(name)) {
                return unseen;
            }
        }
        throw Json.invalid(WHAT, "unknown unseen policy '" + name + "'");
    }
}
