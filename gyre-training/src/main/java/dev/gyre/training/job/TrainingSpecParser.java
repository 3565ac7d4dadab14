package dev.gyre.training.job;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import dev.gyre.features.FeatureSpec;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.Algorithms;
import dev.gyre.training.LearningTask;
import dev.gyre.training.search.Domain;
import dev.gyre.training.search.SearchMetric;
import dev.gyre.training.search.SearchSpace;
import dev.gyre.training.search.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link TrainingSpec} from YAML:
 *
 * <pre>
 * experiment: titanic-survival        # MLflow experiment (created in the project if missing)
 * target: Survived
 * task: binary_classification          # binary_classification | multiclass_classification | regression
 * metric: roc_auc                      # default: the caller's (the charter's success metric), else the task's
 * features:                            # an inline feature spec, the same YAML as a features file
 *   columns: {Sex: [one_hot]}
 *   drop: [PassengerId]
 * validation: {folds: 5}               # or {holdout: 0.2}; default 5 folds
 * search: {sampler: tpe, max_trials: 30, max_minutes: 2, parallelism: 2, halving_eta: 3, seed: 42}
 * algorithms:                          # each with domains for some parameters ({} keeps the defaults)
 *   logistic_regression: {c: {float_range: [0.01, 10], log: true}}
 *   random_forest: {n_trees: {int_range: [50, 300]}, max_depth: {choice: [4, 8, 0]}}
 *   gradient_boosting: {n_estimators: 200}   # a bare value is fixed
 * </pre>
 *
 * <p>Search defaults: sampler {@code tpe}, 20 trials, no time limit, parallelism 1, no halving, seed 0.
 *
 * <p>Every error is a {@link GyreException.InvalidArgument} naming the line, the field and the fix, e.g.
 * {@code Line 12, field 'algorithms.random_forest.depth': unknown parameter 'depth' for random_forest (did you
 * mean 'max_depth'?) ...}. The feature spec's own errors keep their lines in this document. Columns are
 * checked against the table by {@link TrainingJob}. Thread-safe.
 */
public final class TrainingSpecParser {

    /** Longest spec accepted, in characters. */
    public static final int MAX_LENGTH = FeatureSpecParser.MAX_LENGTH;

    private static final List<String> KEYS = List.of("experiment", "target", "task", "metric", "features",
            "validation", "search", "algorithms");
    private static final List<String> SEARCH_KEYS = List.of("sampler", "max_trials", "max_minutes", "parallelism",
            "halving_eta", "seed");
    private static final List<String> DOMAIN_KEYS = List.of("choice", "int_range", "float_range", "fixed");

    /** Parses a spec whose metric, when absent, is the task's default. */
    public TrainingSpec parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses and checks a spec.
     *
     * @param defaultMetric the metric when the spec names none (the charter's success metric), or {@code null}
     * @throws GyreException.InvalidArgument as described in the class comment
     */
    public TrainingSpec parse(String text, String defaultMetric) {
        if (text.length() > MAX_LENGTH) {
            throw new GyreException.TooLarge("The training spec is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted.");
        }
        SpecNode root = SpecNode.parse(text);
        if (!root.isMap()) {
            throw SpecNode.error(root.line, null, "a training spec is a map with the keys " + String.join(", ", KEYS)
                    + "; got " + root.describe() + ".");
        }
        for (String key : root.entries.keySet()) {
            if (!KEYS.contains(key)) {
                throw SpecNode.error(root.lineOf(key), key, "unknown key; the keys of a training spec are "
                        + String.join(", ", KEYS) + ".");
            }
        }
        Map<String, Integer> lines = new HashMap<>();
        String experiment = name(root, "experiment", "the MLflow experiment's name, e.g. experiment: titanic-survival", lines);
        String target = name(root, "target", "the column to predict, e.g. target: Survived", lines);
        String taskName = name(root, "task", "binary_classification, multiclass_classification or regression", lines);
        TaskType task;
        try {
            task = TaskType.parse(taskName);
        } catch (GyreException.InvalidArgument e) {
            throw SpecNode.error(lines.get("task"), "task", e.getMessage());
        }
        Optional<String> metric = Optional.ofNullable(root.get("metric") == null || root.get("metric").isNull()
                ? defaultMetric : name(root, "metric", "a metric name such as roc_auc", lines));
        metric.ifPresent(m -> checkMetric(m, task, lines.getOrDefault("metric", root.line)));
        FeatureSpec features = features(text, root, target);
        Validation validation = validation(root.get("validation"), lines);
        TrainingSpec.SearchSettings settings = settings(root.get("search"), lines);
        Map<String, Map<String, Domain>> algorithms = algorithms(root, task, lines);
        return new TrainingSpec(experiment, target, task, metric, features, validation, settings, algorithms, lines);
    }

    private static String name(SpecNode root, String key, String what, Map<String, Integer> lines) {
        SpecNode node = root.get(key);
        if (node == null || node.isNull()) {
            throw SpecNode.error(root.line, key, "missing; give " + what + ".");
        }
        if (node.kind != SpecNode.Kind.SCALAR || node.scalar instanceof Boolean || node.scalar.toString().isBlank()) {
            throw SpecNode.error(node.line, key, "must be " + what + "; got " + node.describe() + ".");
        }
        lines.put(key, node.line);
        return node.scalar.toString();
    }

    private static void checkMetric(String metric, TaskType task, int line) {
        LearningTask learning = task.classification() ? LearningTask.CLASSIFICATION : LearningTask.REGRESSION;
        List<String> fit = Arrays.stream(SearchMetric.values()).filter(m -> m.task() == learning)
                .map(SearchMetric::wireName).toList();
        if (!fit.contains(metric)) {
            throw SpecNode.error(line, "metric", "'" + metric + "' cannot be optimised for " + task.wireName()
                    + "; use one of: " + String.join(", ", fit) + ".");
        }
    }

    /** Hands the features block, with every other line blanked, to the feature spec parser: lines stay true. */
    private static FeatureSpec features(String text, SpecNode root, String target) {
        SpecNode node = root.get("features");
        if (node == null || node.isNull()) {
            throw SpecNode.error(root.line, "features", "missing; give a feature spec, e.g. features: {columns:"
                    + " {Sex: [one_hot]}, drop: [PassengerId]}.");
        }
        if (!node.isMap()) {
            throw SpecNode.error(node.line, "features", "must be a feature spec (a map with columns, derive, drop);"
                    + " got " + node.describe() + ".");
        }
        String[] source = text.split("\n", -1);
        int[] span = node.span;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < source.length; i++) {
            int line = i + 1;
            String s = source[i];
            String kept;
            if (line < span[0] || line > span[2]) {
                kept = "";
            } else {
                int from = line == span[0] ? Math.min(s.length(), span[1] - 1) : 0;
                int to = line == span[2] ? Math.min(s.length(), Math.max(from, span[3] - 1)) : s.length();
                kept = " ".repeat(from) + s.substring(from, to);
            }
            out.append(kept).append('\n');
        }
        boolean ownTarget = node.get("target") != null;
        if (!ownTarget && span[0] > 1 && out.indexOf("\n") >= 0 && span[0] > root.lineOf("features")) {
            // Block style: the line of the 'features:' key is blank now; the target goes there, indented like the block.
            int keyLine = root.lineOf("features");
            String[] lines = out.toString().split("\n", -1);
            lines[keyLine - 1] = " ".repeat(span[1] - 1) + "target: " + quoted(target);
            out = new StringBuilder(String.join("\n", lines));
        }
        FeatureSpec spec = new FeatureSpecParser().parse(out.toString());
        if (spec.target().isEmpty()) {
            spec = new FeatureSpec(target, spec.derive(), spec.columns(), spec.drop());
        } else if (!spec.target().get().equals(target)) {
            throw SpecNode.error(spec.line("target").orElse(node.line), "features.target", "the feature spec's"
                    + " target '" + spec.target().get() + "' differs from the job's target '" + target
                    + "'; remove it from features or make them equal.");
        }
        return spec;
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Validation validation(SpecNode node, Map<String, Integer> lines) {
        if (node == null || node.isNull()) {
            return Validation.kFold(5);
        }
        lines.put("validation", node.line);
        if (!node.isMap() || node.entries.size() != 1
                || !(node.get("folds") != null || node.get("holdout") != null)) {
            throw SpecNode.error(node.line, "validation", "must be {folds: k} (k >= 2) or {holdout: fraction} with a"
                    + " fraction in (0, 1); got " + node.describe() + ".");
        }
        try {
            if (node.get("folds") != null) {
                return Validation.kFold((int) integer(node.get("folds"), "validation.folds"));
            }
            return Validation.holdout(number(node.get("holdout"), "validation.holdout"));
        } catch (GyreException.InvalidArgument e) {
            if (e.getMessage().startsWith("Line ")) {
                throw e;
            }
            throw SpecNode.error(node.line, "validation", e.getMessage() + ".");
        }
    }

    private static TrainingSpec.SearchSettings settings(SpecNode node, Map<String, Integer> lines) {
        Map<String, SpecNode> e = node == null || node.isNull() ? Map.of() : node.entries;
        if (node != null && !node.isNull() && !node.isMap()) {
            throw SpecNode.error(node.line, "search", "must be a map of " + String.join(", ", SEARCH_KEYS) + ".");
        }
        int line = node == null ? 1 : node.line;
        for (String key : e.keySet()) {
            if (!SEARCH_KEYS.contains(key)) {
                throw SpecNode.error(node.lineOf(key), "search." + key, "unknown setting; the settings are "
                        + String.join(", ", SEARCH_KEYS) + ".");
            }
            lines.put("search." + key, node.lineOf(key));
        }
        String sampler = e.containsKey("sampler") ? e.get("sampler").scalar + "" : "tpe";
        if (!List.of("grid", "random", "tpe").contains(sampler)) {
            throw SpecNode.error(e.get("sampler").line, "search.sampler", "unknown sampler '" + sampler
                    + "'; use grid, random or tpe.");
        }
        int maxTrials = e.containsKey("max_trials") ? (int) integer(e.get("max_trials"), "search.max_trials") : 20;
        double maxMinutes = e.containsKey("max_minutes") ? number(e.get("max_minutes"), "search.max_minutes") : 0;
        if (maxTrials < 0 || maxMinutes < 0 || maxTrials == 0 && maxMinutes == 0) {
            String field = maxMinutes < 0 || (maxTrials == 0 && e.containsKey("max_minutes")) ? "search.max_minutes"
                    : "search.max_trials";
            throw SpecNode.error(lines.getOrDefault(field, line), field, "the search has no budget (max_trials "
                    + maxTrials + ", max_minutes " + maxMinutes + "); give max_trials >= 1 or max_minutes > 0.");
        }
        int parallelism = e.containsKey("parallelism") ? (int) integer(e.get("parallelism"), "search.parallelism") : 1;
        if (parallelism < 1 || parallelism > 256) {
            throw SpecNode.error(e.get("parallelism").line, "search.parallelism", "must be from 1 to 256.");
        }
        int eta = e.containsKey("halving_eta") ? (int) integer(e.get("halving_eta"), "search.halving_eta") : 0;
        if (eta == 1 || eta < 0) {
            throw SpecNode.error(e.get("halving_eta").line, "search.halving_eta", "must be at least 2, or 0 for no"
                    + " successive halving.");
        }
        long seed = e.containsKey("seed") ? integer(e.get("seed"), "search.seed") : 0;
        return new TrainingSpec.SearchSettings(sampler, maxTrials, maxMinutes, parallelism, eta, seed);
    }

    private static Map<String, Map<String, Domain>> algorithms(SpecNode root, TaskType task, Map<String, Integer> lines) {
        SpecNode node = root.get("algorithms");
        LearningTask learning = task.classification() ? LearningTask.CLASSIFICATION : LearningTask.REGRESSION;
        String known = String.join(", ", Algorithms.namesFor(learning));
        if (node == null || node.isNull() || node.isMap() && node.entries.isEmpty()) {
            throw SpecNode.error(node == null ? root.line : node.line, "algorithms", "the search space is empty;"
                    + " name at least one algorithm, e.g. algorithms: {logistic_regression: {}}; for "
                    + task.wireName() + ": " + known + ".");
        }
        if (!node.isMap()) {
            throw SpecNode.error(node.line, "algorithms", "must map algorithm names to their parameter domains; got "
                    + node.describe() + ".");
        }
        Map<String, Map<String, Domain>> result = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> entry : node.entries.entrySet()) {
            String name = entry.getKey();
            String field = "algorithms." + name;
            int line = node.lineOf(name);
            lines.put(field, line);
            AlgorithmSpec spec;
            try {
                spec = Algorithms.spec(name);
            } catch (GyreException.InvalidArgument | GyreException.NotFound e) {
                throw SpecNode.error(line, field, "unknown algorithm; for " + task.wireName() + " use one of: "
                        + known + ".");
            }
            if (!spec.tasks().contains(learning)) {
                throw SpecNode.error(line, field, name + " cannot learn " + task.wireName() + "; use one of: "
                        + known + ".");
            }
            SpecNode params = entry.getValue();
            Map<String, Domain> domains = new LinkedHashMap<>();
            if (params.isMap()) {
                for (Map.Entry<String, SpecNode> p : params.entries.entrySet()) {
                    String pField = field + "." + p.getKey();
                    int pLine = params.lineOf(p.getKey());
                    lines.put(pField, pLine);
                    Domain domain = domain(p.getValue(), pField);
                    try {
                        SearchSpace.of(name, Map.of(p.getKey(), domain));
                    } catch (GyreException.InvalidArgument e) {
                        throw SpecNode.error(pLine, pField, e.getMessage());
                    }
                    domains.put(p.getKey(), domain);
                }
            } else if (!params.isNull()) {
                throw SpecNode.error(line, field, "must map parameter names to domains, e.g. {c: {float_range:"
                        + " [0.01, 10], log: true}}, or be {} for the defaults; got " + params.describe() + ".");
            }
            result.put(name, domains);
        }
        return result;
    }

    private static Domain domain(SpecNode node, String field) {
        if (node.kind == SpecNode.Kind.SCALAR) {
            return Domain.fixed(node.scalar instanceof Long l ? (Object) Math.toIntExact(l) : node.scalar);
        }
        String shapes = "{choice: [a, b]}, {int_range: [lo, hi]}, {float_range: [lo, hi], log: true} or {fixed: v}";
        if (!node.isMap()) {
            throw SpecNode.error(node.line, field, "must be a domain: " + shapes + "; got " + node.describe() + ".");
        }
        List<String> kinds = node.entries.keySet().stream().filter(DOMAIN_KEYS::contains).toList();
        for (String key : node.entries.keySet()) {
            if (!DOMAIN_KEYS.contains(key) && !key.equals("log")) {
                throw SpecNode.error(node.lineOf(key), field + "." + key, "unknown domain key; use " + shapes + ".");
            }
        }
        if (kinds.size() != 1) {
            throw SpecNode.error(node.line, field, "give exactly one of " + String.join(", ", DOMAIN_KEYS) + ": "
                    + shapes + ".");
        }
        String kind = kinds.get(0);
        SpecNode value = node.get(kind);
        boolean log = node.get("log") != null && Boolean.TRUE.equals(node.get("log").scalar);
        try {
            switch (kind) {
                case "fixed" -> {
                    return Domain.fixed(value.scalar instanceof Long l ? (Object) Math.toIntExact(l) : value.scalar);
                }
                case "choice" -> {
                    if (!value.isList() || value.items.isEmpty()) {
                        throw SpecNode.error(value.line, field, "choice needs a non-empty list, e.g. {choice: [4, 8, 0]}.");
                    }
                    List<Object> values = new ArrayList<>();
                    for (SpecNode item : value.items) {
                        values.add(item.scalar instanceof Long l ? (Object) Math.toIntExact(l) : item.scalar);
                    }
                    return Domain.choice(values);
                }
                default -> {
                    if (!value.isList() || value.items.size() != 2) {
                        throw SpecNode.error(value.line, field, kind + " needs [lo, hi], e.g. {" + kind + ": [1, 10]}.");
                    }
                    if (kind.equals("int_range")) {
                        return Domain.intRange((int) integer(value.items.get(0), field), (int) integer(value.items.get(1), field), log);
                    }
                    return Domain.floatRange(number(value.items.get(0), field), number(value.items.get(1), field), log);
                }
            }
        } catch (GyreException.InvalidArgument e) {
            if (e.getMessage().startsWith("Line ")) {
                throw e;
            }
            throw SpecNode.error(node.line, field, e.getMessage());
        }
    }

    private static long integer(SpecNode node, String field) {
        if (node.scalar instanceof Long l) {
            return l;
        }
        throw SpecNode.error(node.line, field, "must be a whole number; got " + node.describe() + ".");
    }

    private static double number(SpecNode node, String field) {
        if (node.scalar instanceof Number n) {
            return n.doubleValue();
        }
        throw SpecNode.error(node.line, field, "must be a number; got " + node.describe() + ".");
    }
}
