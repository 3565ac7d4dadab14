package dev.gyre.serving.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.features.FeatureStep;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out a {@link Signature} from fitted features and a model. Categories and the unseen policy come from
 * the fitted steps in the features' JSON form; whether a field is required is found by transforming a complete
 * row with and without it: required when leaving it out makes some feature missing.
 */
final class SignatureInference {
    private static final Set<String> ENCODERS = Set.of("one_hot", "ordinal", "frequency");
    private static final Set<String> HANDLE_MISSING = Set.of("impute", "one_hot", "ordinal", "frequency", "hashing");

    private SignatureInference() {
    }

    static List<Signature.Output> outputs(TrainedModel model) {
        List<String> classes = model.classes();
        return switch (model.task()) {
            case CLASSIFICATION -> List.of(new Signature.Output("predicted_class", "categorical", classes, List.of()),
                    new Signature.Output("probabilities", "numeric", List.of(), classes));
            case REGRESSION -> List.of(new Signature.Output("prediction", "numeric", List.of(), List.of()));
            case CLUSTERING -> List.of(new Signature.Output("cluster", "categorical", classes, List.of()),
                    new Signature.Output("distances", "numeric", List.of(), classes));
        };
    }

    static List<Signature.Input> inputs(FittedFeatures features) {
        Map<String, JsonNode> chains = chains(features);
        List<Field> fields = features.inputs();
        Map<String, List<Object>> categories = new HashMap<>();
        Map<String, FeatureStep.Unseen> unseen = new HashMap<>();
        for (Field field : fields) {
            JsonNode steps = chains.get(field.name());
            if (steps != null) {
                learned(steps, field.type() == ColumnType.NUMERIC, categories, unseen, field.name());
            }
        }
        Map<String, Object> complete = new LinkedHashMap<>();
        for (Field field : fields) {
            complete.put(field.name(), example(field.type(), categories.get(field.name())));
        }
        boolean[] baseline = missing(features, complete);
        List<Signature.Input> inputs = new ArrayList<>();
        for (Field field : fields) {
            boolean required;
            Map<String, Object> without = new LinkedHashMap<>(complete);
            without.remove(field.name());
            boolean[] after = baseline == null ? null : missing(features, without);
            if (after == null) {
                required = staticallyRequired(chains.get(field.name()));
            } else {
                required = false;
                for (int j = 0; j < after.length; j++) {
                    required |= after[j] && !baseline[j];
                }
            }
            inputs.add(new Signature.Input(field.name(), field.type(), required,
                    categories.getOrDefault(field.name(), List.of()), unseen.get(field.name())));
        }
        return inputs;
    }

    /** Each feature column's fitted steps, by column. */
    private static Map<String, JsonNode> chains(FittedFeatures features) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(features.toJson());
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("the fitted features wrote JSON that does not parse", e);
        }
        Map<String, JsonNode> chains = new HashMap<>();
        for (JsonNode column : root.path("columns")) {
            chains.put(column.path("column").asText(), column.path("steps"));
        }
        return chains;
    }

    /** The categories of the column's first encoder, when only impute steps come before it. */
    private static void learned(JsonNode steps, boolean numeric, Map<String, List<Object>> categories,
                                Map<String, FeatureStep.Unseen> unseen, String name) {
        for (JsonNode step : steps) {
            String kind = step.path("step").asText();
            if (kind.equals("impute")) {
                continue;
            }
            if (ENCODERS.contains(kind)) {
                List<Object> values = new ArrayList<>();
                for (String list : new String[] {"categories", "rare"}) {
                    for (JsonNode value : step.path(list)) {
                        values.add(numeric ? (Object) value.doubleValue() : value.asText());
                    }
                }
                values.sort((a, b) -> numeric ? Double.compare((Double) a, (Double) b)
                        : ((String) a).compareTo((String) b));
                categories.put(name, values);
                String policy = step.path("unseen").asText("ignore");
                unseen.put(name, FeatureStep.Unseen.valueOf(policy.toUpperCase(java.util.Locale.ROOT)));
            }
            return;
        }
    }

    private static Object example(ColumnType type, List<Object> categories) {
        if (categories != null && !categories.isEmpty()) {
            return categories.get(0);
        }
        return switch (type) {
            case NUMERIC -> 1.0;
            case BOOLEAN -> Boolean.TRUE;
            case CATEGORICAL, TEXT -> "a";
            case TIMESTAMP -> 0L;
        };
    }

    /** Which features are missing for this row, or {@code null} when the features refuse it. */
    private static boolean[] missing(FittedFeatures features, Map<String, Object> row) {
        double[] out;
        try {
            out = features.transformRow(row);
        } catch (GyreException.InvalidArgument e) {
            return null;
        }
        boolean[] missing = new boolean[out.length];
        for (int j = 0; j < out.length; j++) {
            missing[j] = Double.isNaN(out[j]);
        }
        return missing;
    }

    /** Without a row to try: required when the column's own chain does nothing about a missing value. */
    private static boolean staticallyRequired(JsonNode steps) {
        if (steps == null) {
            return false;
        }
        for (JsonNode step : steps) {
            if (HANDLE_MISSING.contains(step.path("step").asText())) {
                return false;
            }
        }
        return true;
    }
}
