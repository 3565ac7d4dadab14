package dev.gyre.features.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.features.FeatureSpec;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FeatureStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of fitted features: a format name and version, the canonical spec and its SHA-256, the
 * input columns with their types, each column's fitted steps, and the feature names. Numbers are written
 * so that they read back to the same double. Reading checks the format, the version, the hash and that
 * the rebuilt program has the same feature names.
 */
public final class PlanJson {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "gyre.fitted-features";
    /** The version written, and the only one read. */
    public static final int VERSION = 1;

    private PlanJson() {
    }

    /** The JSON text of a fitted program and its spec. */
    public static String write(Plan plan, FeatureSpec spec) {
        ObjectNode root = SpecJson.MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION).put("spec_sha256", spec.sha256());
        root.set("spec", SpecJson.tree(spec));
        ArrayNode inputs = root.putArray("inputs");
        for (Plan.Input input : plan.inputs) {
            inputs.addObject().put("name", input.name()).put("type", input.type().wireName());
        }
        ArrayNode columns = root.putArray("columns");
        for (Chain chain : plan.chains) {
            ObjectNode column = columns.addObject().put("column", chain.column);
            ArrayNode steps = column.putArray("steps");
            for (Op op : chain.ops) {
                ObjectNode state = steps.addObject().put("step", op.name());
                op.write(state);
            }
        }
        ArrayNode features = root.putArray("features");
        plan.featureNames().forEach(features::add);
        try {
            return SpecJson.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write the fitted features as JSON", e);
        }
    }

    /** What {@link #read} gives back. */
    public record Read(Plan plan, FeatureSpec spec) {
    }

    /**
     * Reads fitted features.
     *
     * @throws GyreException.InvalidArgument for another format, an unknown version, or a damaged document
     */
    public static Read read(String json) {
        JsonNode root;
        try {
            root = SpecJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("the text is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw invalid("it is not fitted features: the field format must be '" + FORMAT + "'");
        }
        JsonNode version = root.path("version");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new GyreException.InvalidArgument("Fitted features of format version " + version + " cannot be read:"
                    + " this Gyre reads version " + VERSION + ". Refit the features with this Gyre, or read them with"
                    + " the Gyre that wrote them.");
        }
        FeatureSpec spec;
        try {
            spec = new FeatureSpecParser().parse(required(root, "spec").toString());
        } catch (GyreException.InvalidArgument e) {
            throw invalid("its spec is not valid (" + e.getMessage() + ")");
        }
        if (!spec.sha256().equals(root.path("spec_sha256").asText())) {
            throw invalid("the spec does not match its spec_sha256; the document was edited or damaged");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode input : array(root, "inputs")) {
            fields.add(new Field(text(input, "name"), type(text(input, "type"))));
        }
        Layout layout = new Layout(fields, spec);
        List<Chain> chains = new ArrayList<>();
        for (JsonNode column : array(root, "columns")) {
            String name = text(column, "column");
            if (!layout.has(name)) {
                throw invalid("the column '" + name + "' is neither an input nor derived");
            }
            Kind kind = layout.kind(name);
            List<Op> ops = new ArrayList<>();
            for (JsonNode state : array(column, "steps")) {
                if (kind == null) {
                    throw invalid("the steps of '" + name + "' continue after its last encoder");
                }
                Op op = op(state, name, kind);
                ops.add(op);
                kind = op.out();
            }
            chains.add(new Chain(name, layout.slot(name), layout.kind(name), ops, 0));
        }
        Plan plan = Fitter.checked(new Plan(layout.inputs, layout.derivations, chains, layout.count()), spec);
        List<String> names = new ArrayList<>();
        array(root, "features").forEach(n -> names.add(n.asText()));
        if (!names.equals(plan.featureNames())) {
            throw invalid("its feature names do not match its steps");
        }
        return new Read(plan, spec);
    }

    private static Op op(JsonNode state, String column, Kind kind) {
        String step = text(state, "step");
        boolean numeric = kind == Kind.NUM;
        Op op = switch (step) {
            case "impute" -> {
                JsonNode value = required(state, "value");
                boolean indicator = state.path("indicator").asBoolean(false);
                yield value.isNumber() ? new Op.ImputeNumber(value.doubleValue(), indicator)
                        : new Op.ImputeText(value.asText(), indicator);
            }
            case "standardize" -> new Op.Standardize(number(state, "mean"), number(state, "std"));
            case "min_max" -> new Op.MinMax(number(state, "min"), number(state, "range"));
            case "log1p" -> new Op.Log1p();
            case "clip" -> new Op.Clip(state.has("min") ? number(state, "min") : Double.NEGATIVE_INFINITY,
                    state.has("max") ? number(state, "max") : Double.POSITIVE_INFINITY);
            case "bucketize" -> new Op.Bucketize(numbers(array(state, "edges")));
            case "one_hot" -> new Encoders.OneHot(column, index(state, numeric),
                    state.path("other").asBoolean(false), unseen(state));
            case "ordinal" -> new Encoders.Ordinal(column, index(state, numeric), unseen(state));
            case "frequency" -> new Encoders.Frequency(index(state, numeric), numbers(array(state, "shares")));
            case "hashing" -> {
                int buckets = state.path("buckets").asInt();
                if (buckets < 2 || buckets > FeatureStep.Hashing.MAX_BUCKETS) {
                    throw invalid("hashing on '" + column + "' has " + buckets + " buckets");
                }
                yield new Encoders.Hashing(buckets, "text".equals(state.path("input").asText()) ? Kind.STR : Kind.NUM);
            }
            default -> throw invalid("unknown step '" + step + "' on column '" + column + "'");
        };
        if (op.in() != kind) {
            throw invalid("the step " + step + " of '" + column + "' reads " + op.in().words() + " but gets "
                    + kind.words());
        }
        return op;
    }

    private static CategoryIndex index(JsonNode state, boolean numeric) {
        List<Object> kept = new ArrayList<>();
        List<Object> rare = new ArrayList<>();
        array(state, "categories").forEach(n -> kept.add(numeric ? (Object) n.doubleValue() : n.asText()));
        array(state, "rare").forEach(n -> rare.add(numeric ? (Object) n.doubleValue() : n.asText()));
        try {
            return new CategoryIndex(numeric, kept, rare);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static FeatureStep.Unseen unseen(JsonNode state) {
        String text = text(state, "unseen");
        for (FeatureStep.Unseen unseen : FeatureStep.Unseen.values()) {
            if (unseen.wireName().equals(text)) {
                return unseen;
            }
        }
        throw invalid("unknown unseen policy '" + text + "'");
    }

    private static ColumnType type(String name) {
        try {
            return ColumnType.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid("the field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isNumber()) {
            throw invalid("the field '" + field + "' must be a number");
        }
        return value.doubleValue();
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw invalid("the field '" + field + "' must be a list");
        }
        return value;
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    private static GyreException.InvalidArgument invalid(String why) {
        return new GyreException.InvalidArgument("The fitted features cannot be read: " + why + ".");
    }
}
