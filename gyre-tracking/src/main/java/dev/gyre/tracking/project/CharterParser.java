package dev.gyre.tracking.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.Direction;
import dev.gyre.core.charter.FairnessMode;
import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.core.charter.MonitoringDefaults;
import dev.gyre.core.charter.PromotionPolicy;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.core.charter.TaskType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads charter documents (YAML or JSON, snake_case keys; the shape is described in {@code docs/charter.md})
 * into {@link Charter}s and writes a charter's canonical JSON: compact, keys in a fixed order, defaults
 * filled in, so two documents that mean the same charter have the same canonical form.
 *
 * <p>Every error is a {@link GyreException.InvalidArgument} whose message starts with the path of the field
 * at fault ({@code success_metric.threshold: must be a number, got "high"}); unknown keys are errors that
 * list the known ones; a syntax error names the line and column. Thread-safe.
 */
public final class CharterParser {

    /** Largest charter document accepted, in characters. */
    public static final int MAX_LENGTH = 256 * 1024;

    private static final List<String> TOP_KEYS = List.of("problem", "task_type", "target", "success_metric",
            "secondary_metrics", "max_overfitting_gap", "sensitive_attributes", "fairness", "monitoring", "promotion");
    private static final List<String> CRITERION_KEYS = List.of("metric", "op", "threshold", "report_only");
    private static final List<String> FAIRNESS_KEYS = List.of("metric", "op", "threshold", "mode", "privileged_groups");
    private static final List<String> MONITORING_KEYS = List.of("drift_p_value", "distance_threshold",
            "dataset_drift_share", "alert_targets");
    private static final List<String> PROMOTION_KEYS = List.of("production_alias", "approver_roles");

    private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+)");

    private final ObjectMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private final ObjectMapper json = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Parses and validates a charter document.
     *
     * @throws GyreException.InvalidArgument if the text is not valid in its format or not a valid charter
     * @throws GyreException.TooLarge         if it is longer than {@link #MAX_LENGTH} characters
     */
    public Charter parse(String text, CharterFormat format) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge("The charter is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        JsonNode root = read(text, format);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid("charter: the document is empty; start from the example in docs/charter.md");
        }
        return charter(object(root, "charter", TOP_KEYS));
    }

    /** The canonical JSON of a charter; {@link #parse} of it with {@link CharterFormat#JSON} gives an equal charter. */
    public String toCanonicalJson(Charter charter) {
        Objects.requireNonNull(charter, "charter");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("problem", charter.problemStatement());
        root.put("task_type", charter.taskType().wireName());
        root.put("target", charter.targetColumn());
        root.set("success_metric", criterionJson(charter.successMetric()));
        ArrayNode secondary = root.putArray("secondary_metrics");
        charter.secondaryMetrics().forEach(c -> secondary.add(criterionJson(c)));
        if (charter.maxOverfittingGap() != null) {
            root.put("max_overfitting_gap", charter.maxOverfittingGap().doubleValue());
        }
        ArrayNode sensitive = root.putArray("sensitive_attributes");
        charter.sensitiveAttributes().forEach(sensitive::add);
        FairnessPolicy fairness = charter.fairness();
        if (fairness != null) {
            ObjectNode node = root.putObject("fairness");
            node.put("metric", fairness.metric());
            node.put("op", fairness.direction().symbol());
            node.put("threshold", fairness.threshold());
            node.put("mode", fairness.mode().wireName());
            ObjectNode groups = node.putObject("privileged_groups");
            fairness.privilegedGroups().forEach((attribute, values) -> {
                ArrayNode list = groups.putArray(attribute);
                values.forEach(list::add);
            });
        }
        MonitoringDefaults monitoring = charter.monitoring();
        ObjectNode mon = root.putObject("monitoring");
        mon.put("drift_p_value", monitoring.driftPValue());
        mon.put("distance_threshold", monitoring.distanceThreshold());
        mon.put("dataset_drift_share", monitoring.datasetDriftShare());
        ArrayNode targets = mon.putArray("alert_targets");
        monitoring.alertTargets().forEach(targets::add);
        ObjectNode promotion = root.putObject("promotion");
        promotion.put("production_alias", charter.promotion().productionAlias());
        ArrayNode roles = promotion.putArray("approver_roles");
        charter.promotion().approverRoles().forEach(r -> roles.add(r.wireName()));
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write the canonical form of a charter.", e);
        }
    }

    private static ObjectNode criterionJson(SuccessCriterion criterion) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("metric", criterion.metric());
        node.put("op", criterion.direction().symbol());
        node.put("threshold", criterion.threshold());
        if (criterion.reportOnly()) {
            node.put("report_only", true);
        }
        return node;
    }

    private JsonNode read(String text, CharterFormat format) {
        try {
            return (format == CharterFormat.YAML ? yaml : json).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null || location.getLineNr() < 1 ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            String reason = reason(e.getOriginalMessage());
            throw new GyreException.InvalidArgument("charter: not valid " + format.name() + where + ": " + reason, e);
        }
    }

    /**
     * The parser's explanation without the echoed source lines. YAML errors come as a context ("while parsing a
     * flow sequence", with where it started) and a problem ("expected ',' or ']'"); they read best problem first.
     */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable document";
        }
        List<String> parts = new ArrayList<>();
        List<String> places = new ArrayList<>();
        String[] lines = message.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher at = MARK.matcher(line);
            if (at.find()) {
                places.add("line " + at.group(1) + ", column " + at.group(2));
                if (i + 2 < lines.length && lines[i + 2].strip().equals("^")) {
                    i += 2;
                }
            } else if (!line.isBlank()) {
                parts.add(line.strip());
            }
        }
        if (parts.isEmpty()) {
            return "unreadable document";
        }
        if (parts.size() >= 2 && places.size() >= 2) {
            return parts.get(1) + " (" + parts.get(0) + " that starts at " + places.get(0) + ")";
        }
        return parts.get(parts.size() - 1);
    }

    private Charter charter(Fields top) {
        String problem = top.requiredText("problem");
        String taskName = top.requiredText("task_type");
        TaskType taskType = at("task_type", () -> TaskType.parse(taskName));
        String target = top.requiredText("target");
        SuccessCriterion success = criterion(top.required("success_metric"), "success_metric");
        List<SuccessCriterion> secondary = new ArrayList<>();
        List<JsonNode> secondaryNodes = top.list("secondary_metrics");
        for (int i = 0; i < secondaryNodes.size(); i++) {
            secondary.add(criterion(secondaryNodes.get(i), "secondary_metrics[" + i + "]"));
        }
        Double gap = top.optionalNumber("max_overfitting_gap");
        List<String> sensitive = texts(top.list("sensitive_attributes"), "sensitive_attributes");
        JsonNode fairnessNode = top.optional("fairness");
        FairnessPolicy fairness = fairnessNode == null ? null : fairness(fairnessNode);
        JsonNode monitoringNode = top.optional("monitoring");
        MonitoringDefaults monitoring = monitoringNode == null ? null : monitoring(monitoringNode);
        JsonNode promotionNode = top.optional("promotion");
        PromotionPolicy promotion = promotionNode == null ? null : promotion(promotionNode);
        return new Charter(problem, taskType, target, success, secondary, gap, sensitive, fairness, monitoring, promotion);
    }

    private SuccessCriterion criterion(JsonNode node, String path) {
        if (node.isTextual()) {
            return at(path, () -> SuccessCriterion.parse(node.textValue()));
        }
        if (!node.isObject()) {
            throw invalid(path + ": must be a criterion such as \"roc_auc >= 0.85\" or {metric, op, threshold}, got "
                    + describe(node));
        }
        Fields fields = object(node, path, CRITERION_KEYS);
        String metric = fields.requiredText("metric");
        String op = fields.requiredText("op");
        double threshold = fields.requiredNumber("threshold");
        boolean reportOnly = fields.optionalBoolean("report_only", false);
        Direction direction = at(path + ".op", () -> Direction.parse(op));
        return at(path, () -> new SuccessCriterion(metric, direction, threshold, reportOnly));
    }

    private FairnessPolicy fairness(JsonNode node) {
        Fields fields = object(node, "fairness", FAIRNESS_KEYS);
        String metric = fields.requiredText("metric");
        String op = fields.requiredText("op");
        double threshold = fields.requiredNumber("threshold");
        String modeName = fields.optionalText("mode");
        JsonNode groupsNode = fields.optional("privileged_groups");
        Map<String, List<String>> groups = new LinkedHashMap<>();
        if (groupsNode != null) {
            if (!groupsNode.isObject()) {
                throw invalid("fairness.privileged_groups: must map each sensitive attribute to its privileged values,"
                        + " e.g. {Sex: [male]}, got " + describe(groupsNode));
            }
            for (Map.Entry<String, JsonNode> entry : groupsNode.properties()) {
                String path = "fairness.privileged_groups." + entry.getKey();
                JsonNode values = entry.getValue();
                List<String> list = new ArrayList<>();
                if (values.isValueNode() && !values.isNull()) {
                    list.add(values.asText());
                } else if (values.isArray()) {
                    for (int i = 0; i < values.size(); i++) {
                        JsonNode value = values.get(i);
                        if (!value.isValueNode() || value.isNull()) {
                            throw invalid(path + "[" + i + "]: must be a value of the attribute, got " + describe(value));
                        }
                        list.add(value.asText());
                    }
                } else {
                    throw invalid(path + ": must be a list of values, got " + describe(values));
                }
                groups.put(entry.getKey(), list);
            }
        }
        Direction direction = at("fairness.op", () -> Direction.parse(op));
        FairnessMode mode = modeName == null ? FairnessMode.REPORT_ONLY : at("fairness.mode", () -> FairnessMode.parse(modeName));
        return at("fairness", () -> new FairnessPolicy(metric, direction, threshold, mode, groups));
    }

    private MonitoringDefaults monitoring(JsonNode node) {
        Fields fields = object(node, "monitoring", MONITORING_KEYS);
        MonitoringDefaults d = MonitoringDefaults.DEFAULTS;
        Double pValue = fields.optionalNumber("drift_p_value");
        Double distance = fields.optionalNumber("distance_threshold");
        Double share = fields.optionalNumber("dataset_drift_share");
        List<String> targets = texts(fields.list("alert_targets"), "monitoring.alert_targets");
        return at("monitoring", () -> new MonitoringDefaults(pValue == null ? d.driftPValue() : pValue,
                distance == null ? d.distanceThreshold() : distance,
                share == null ? d.datasetDriftShare() : share, targets));
    }

    private PromotionPolicy promotion(JsonNode node) {
        Fields fields = object(node, "promotion", PROMOTION_KEYS);
        String alias = fields.optionalText("production_alias");
        JsonNode rolesNode = fields.optional("approver_roles");
        List<Role> roles = PromotionPolicy.DEFAULTS.approverRoles();
        if (rolesNode != null) {
            List<String> names = texts(fields.list("approver_roles"), "promotion.approver_roles");
            roles = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                roles.add(at("promotion.approver_roles[" + i + "]", () -> Role.parse(name)));
            }
        }
        List<Role> approvers = roles;
        return at("promotion", () -> new PromotionPolicy(
                alias == null ? PromotionPolicy.DEFAULTS.productionAlias() : alias, approvers));
    }

    private static List<String> texts(List<JsonNode> nodes, String path) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            texts.add(text(nodes.get(i), path + "[" + i + "]"));
        }
        return texts;
    }

    private static String text(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            throw invalid(path + ": must be text, got " + describe(node) + "; quote it: \"" + node.asText() + "\"");
        }
        throw invalid(path + ": must be text, got " + describe(node));
    }

    private static Fields object(JsonNode node, String path, List<String> known) {
        if (!node.isObject()) {
            throw invalid(path + ": must be a mapping of keys to values, got " + describe(node));
        }
        return new Fields((ObjectNode) node, path, known);
    }

    private static <T> T at(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument(path + ": " + e.getMessage(), e);
        }
    }

    private static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    /** A value as a user would recognise it in an error message. */
    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return "\"" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isNull() ? "nothing" : node.asText();
    }

    /** The keys of one mapping of the document, read by name; keys not in the known list are refused up front. */
    private static final class Fields {

        private final ObjectNode node;
        private final String path;
        private final List<String> known;

        Fields(ObjectNode node, String path, List<String> known) {
            this.node = node;
            this.path = path;
            this.known = known;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw invalid(child(key) + ": unknown key; known keys " + (path.equals("charter") ? "" : "of " + path + " ")
                            + "are: " + String.join(", ", known));
                }
            }
        }

        private String child(String key) {
            return path.equals("charter") ? key : path + "." + key;
        }

        JsonNode optional(String key) {
            JsonNode value = node.get(key);
            return value == null || value.isNull() ? null : value;
        }

        JsonNode required(String key) {
            JsonNode value = optional(key);
            if (value == null) {
                throw invalid(child(key) + ": missing; it is required");
            }
            return value;
        }

        String requiredText(String key) {
            return text(required(key), child(key));
        }

        String optionalText(String key) {
            JsonNode value = optional(key);
            return value == null ? null : text(value, child(key));
        }

        double requiredNumber(String key) {
            return number(required(key), child(key));
        }

        Double optionalNumber(String key) {
            JsonNode value = optional(key);
            return value == null ? null : number(value, child(key));
        }

        boolean optionalBoolean(String key, boolean fallback) {
            JsonNode value = optional(key);
            if (value == null) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw invalid(child(key) + ": must be true or false, got " + describe(value));
            }
            return value.booleanValue();
        }

        List<JsonNode> list(String key) {
            JsonNode value = optional(key);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                throw invalid(child(key) + ": must be a list, got " + describe(value));
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(items::add);
            return items;
        }

        private static double number(JsonNode value, String path) {
            if (!value.isNumber()) {
                throw invalid(path + ": must be a number, got " + describe(value));
            }
            return value.doubleValue();
        }
    }
}
