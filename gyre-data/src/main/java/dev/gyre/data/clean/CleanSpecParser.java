package dev.gyre.data.clean;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a {@link CleanSpec} from YAML: either a list of steps or a map with the single key {@code steps}.
 * Each step is a map with one key, the step's name, whose value configures it (see {@link CleanStep}):
 *
 * <pre>
 * steps:
 *   - drop_columns: [ticket, cabin]
 *   - rename: {Survived: survived}
 *   - cast: {columns: {age: numeric, pclass: categorical}, on_error: missing}
 *   - trim: all
 *   - filter: "age is not null and fare &gt;= 0"
 *   - drop_duplicates: [passenger_id]
 *   - fill_missing: {strategy: median, columns: [age]}
 *   - fill_missing: {values: {embarked: S}}
 *   - sql: SELECT *, sib_sp + parch AS family FROM data
 * </pre>
 *
 * Every error is a {@link GyreException.InvalidArgument} that names the step by its 1-based number and
 * name, the field at fault, and how to fix it: {@code Step 3 (cast), field 'on_error': must be error or
 * missing, got 'skip'.} Filter expressions are parsed here, so their syntax errors surface before any data
 * is read. Thread-safe.
 */
public final class CleanSpecParser {

    /** Longest spec accepted, in characters. */
    public static final int MAX_LENGTH = 1024 * 1024;
    /** Most steps accepted in one spec. */
    public static final int MAX_STEPS = 1000;

    private static final List<String> KINDS = List.of("drop_columns", "rename", "cast", "trim", "filter",
            "drop_duplicates", "fill_missing", "sql");

    private final ObjectMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Parses and checks a spec. Column names are not checked here (there is no table yet): {@link Cleaner}
     * checks them against the table each step receives.
     *
     * @throws GyreException.InvalidArgument for invalid YAML or an invalid step (see the class comment)
     * @throws GyreException.TooLarge        for a spec longer than {@link #MAX_LENGTH} characters
     */
    public CleanSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge("The clean spec is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        JsonNode root = read(text);
        JsonNode steps = root;
        if (root != null && root.isObject()) {
            Iterator<String> keys = root.fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                if (!key.equals("steps")) {
                    throw invalid("Clean spec: unknown key '" + key + "' at the top; the spec is a list of steps,"
                            + " or a map with the single key 'steps'.");
                }
            }
            steps = root.get("steps");
        }
        if (steps == null || steps.isNull() || steps.isMissingNode()) {
            return new CleanSpec(List.of());
        }
        if (!steps.isArray()) {
            throw invalid("Clean spec: 'steps' must be a list of steps (lines starting with '- '), got "
                    + describe(steps) + ".");
        }
        if (steps.size() > MAX_STEPS) {
            throw invalid("Clean spec: " + steps.size() + " steps; at most " + MAX_STEPS + " are accepted.");
        }
        List<CleanStep> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            out.add(step(i + 1, steps.get(i)));
        }
        return new CleanSpec(out);
    }

    private CleanStep step(int number, JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw invalid("Step " + number + ": a step is a map with one key naming it, such as"
                    + " '- filter: \"age > 0\"'; got " + describe(node) + ". The steps are: " + String.join(", ", KINDS)
                    + ".");
        }
        String kind = node.fieldNames().next();
        JsonNode value = node.get(kind);
        Where at = new Where(number, kind);
        return switch (kind) {
            case "drop_columns" -> new CleanStep.DropColumns(names(at, null, value, false));
            case "rename" -> rename(at, value);
            case "cast" -> cast(at, value);
            case "trim" -> new CleanStep.Trim(names(at, null, value, true));
            case "filter" -> filter(at, value);
            case "drop_duplicates" -> new CleanStep.DropDuplicates(names(at, null, value, true));
            case "fill_missing" -> fill(at, value);
            case "sql" -> new CleanStep.Sql(text(at, null, value, "a query such as SELECT * FROM data WHERE age > 0"));
            default -> throw invalid("Step " + number + ": unknown step '" + kind + "'; use one of "
                    + String.join(", ", KINDS) + ".");
        };
    }

    /** A step's number and name, to start messages with. */
    private record Where(int number, String kind) {
        String field(String field) {
            return "Step " + number + " (" + kind + ")" + (field == null ? "" : ", field '" + field + "'") + ": ";
        }
    }

    private CleanStep rename(Where at, JsonNode value) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> targets = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : entries(at, null, value, "old_name: new_name")) {
            String target = text(at, entry.getKey(), entry.getValue(), "the new name");
            if (!targets.add(target)) {
                throw invalid(at.field(entry.getKey()) + "two columns would be named '" + target
                        + "'; give each its own name.");
            }
            names.put(entry.getKey(), target);
        }
        return new CleanStep.Rename(names);
    }

    private CleanStep cast(Where at, JsonNode value) {
        requireKeys(at, value, List.of("columns", "on_error"), "{columns: {age: numeric}, on_error: missing}");
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(at, "columns", value.get("columns"), "column: type")) {
            String type = text(at, "columns." + entry.getKey(), entry.getValue(), "a type name");
            try {
                columns.put(entry.getKey(), ColumnType.fromWireName(type));
            } catch (IllegalArgumentException e) {
                throw invalid(at.field("columns." + entry.getKey()) + e.getMessage());
            }
        }
        CleanStep.OnError onError = CleanStep.OnError.ERROR;
        JsonNode mode = value.get("on_error");
        if (mode != null && !mode.isNull()) {
            String text = text(at, "on_error", mode, "error or missing").toLowerCase(Locale.ROOT);
            onError = switch (text) {
                case "error" -> CleanStep.OnError.ERROR;
                case "missing" -> CleanStep.OnError.MISSING;
                default -> throw invalid(at.field("on_error") + "must be error or missing, got '" + text
                        + "'; use missing to turn values that do not convert into missing values.");
            };
        }
        return new CleanStep.Cast(columns, onError);
    }

    private CleanStep filter(Where at, JsonNode value) {
        String expression = text(at, null, value, "a condition such as \"age >= 18\"");
        try {
            return new CleanStep.Filter(RowFilter.parse(expression));
        } catch (GyreException.InvalidArgument e) {
            throw invalid(at.field(null) + e.getMessage());
        }
    }

    private CleanStep fill(Where at, JsonNode value) {
        if (value == null || !value.isObject() || value.has("values") == value.has("strategy")) {
            throw invalid(at.field(null) + "give either values (constants per column), e.g."
                    + " {values: {embarked: S}}, or a strategy, e.g. {strategy: median, columns: [age]}.");
        }
        if (value.has("values")) {
            requireKeys(at, value, List.of("values"), "{values: {embarked: S, fare: 0}}");
            Map<String, Object> constants = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : entries(at, "values", value.get("values"), "column: value")) {
                JsonNode constant = entry.getValue();
                if (constant.isNumber()) {
                    constants.put(entry.getKey(), constant.doubleValue());
                } else if (constant.isBoolean()) {
                    constants.put(entry.getKey(), constant.booleanValue());
                } else if (constant.isTextual()) {
                    constants.put(entry.getKey(), constant.textValue());
                } else {
                    throw invalid(at.field("values." + entry.getKey()) + "must be a number, a string, true or"
                            + " false, got " + describe(constant) + ".");
                }
            }
            return new CleanStep.FillValues(constants);
        }
        requireKeys(at, value, List.of("strategy", "columns"), "{strategy: median, columns: [age]}");
        String name = text(at, "strategy", value.get("strategy"), "mean, median or most_frequent");
        CleanStep.Strategy strategy = switch (name.toLowerCase(Locale.ROOT)) {
            case "mean" -> CleanStep.Strategy.MEAN;
            case "median" -> CleanStep.Strategy.MEDIAN;
            case "most_frequent" -> CleanStep.Strategy.MOST_FREQUENT;
            default -> throw invalid(at.field("strategy") + "must be mean, median or most_frequent, got '" + name
                    + "'; for a constant, use {values: {column: value}}.");
        };
        JsonNode columns = value.get("columns");
        List<String> names = columns == null || columns.isNull() ? List.of() : names(at, "columns", columns, false);
        return new CleanStep.FillStrategy(strategy, names);
    }

    /** A non-empty list of column names, a single name, or (when allowed) {@code all} for an empty list. */
    private List<String> names(Where at, String field, JsonNode value, boolean allowAll) {
        String fix = allowAll ? "a list of column names such as [name, city], or all" : "a list of column names"
                + " such as [name, city]";
        if (value != null && value.isTextual() && allowAll && value.textValue().equalsIgnoreCase("all")) {
            return List.of();
        }
        if (value != null && value.isValueNode() && !value.isNull()) {
            return List.of(value.asText());
        }
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(at.field(field) + "must be " + fix + ", got " + describe(value) + ".");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            String name = text(at, field == null ? "[" + (i + 1) + "]" : field + "[" + (i + 1) + "]", value.get(i),
                    "a column name");
            if (!seen.add(name)) {
                throw invalid(at.field(field) + "column '" + name + "' is listed twice; list it once.");
            }
            names.add(name);
        }
        return names;
    }

    private List<Map.Entry<String, JsonNode>> entries(Where at, String field, JsonNode value, String shape) {
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw invalid(at.field(field) + "must be a map of " + shape + ", got " + describe(value) + ".");
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        value.fields().forEachRemaining(out::add);
        return out;
    }

    private static String text(Where at, String field, JsonNode value, String what) {
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw invalid(at.field(field) + "must be " + what + ", got " + describe(value) + ".");
        }
        return value.asText();
    }

    private static void requireKeys(Where at, JsonNode value, List<String> known, String example) {
        if (value == null || !value.isObject()) {
            throw invalid(at.field(null) + "must be a map such as " + example + ", got " + describe(value) + ".");
        }
        Iterator<String> keys = value.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!known.contains(key)) {
                throw invalid(at.field(key) + "unknown field; the fields are " + String.join(", ", known)
                        + ", as in " + example + ".");
            }
        }
    }

    private JsonNode read(String text) {
        try {
            return yaml.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null || location.getLineNr() < 1 ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            String reason = e.getOriginalMessage() == null ? "unreadable document"
                    : e.getOriginalMessage().lines().findFirst().orElse("unreadable document");
            throw new GyreException.InvalidArgument("Clean spec: not valid YAML" + where + ": " + reason, e);
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a map";
        }
        String text = node.asText();
        return "'" + (text.length() <= 60 ? text : text.substring(0, 57) + "...") + "'";
    }

    private static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }
}
