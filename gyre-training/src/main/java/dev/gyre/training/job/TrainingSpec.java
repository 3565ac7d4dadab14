package dev.gyre.training.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import dev.gyre.features.FeatureSpec;
import dev.gyre.training.search.Domain;
import dev.gyre.training.search.GridSampler;
import dev.gyre.training.search.RandomSampler;
import dev.gyre.training.search.Sampler;
import dev.gyre.training.search.Search;
import dev.gyre.training.search.SearchSpace;
import dev.gyre.training.search.TpeSampler;
import dev.gyre.training.search.Validation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A training job: which experiment to log to, what to predict, how to make features, how to score and how
 * long to search. Read from YAML by {@link TrainingSpecParser}; run by {@link TrainingJob}.
 *
 * @param experiment the MLflow experiment's name (created in the caller's project if missing)
 * @param target     the column to predict
 * @param task       binary or multiclass classification, or regression
 * @param metric     the metric to optimise, or empty to use the task's default (see {@link #metricOrDefault()})
 * @param features   the feature spec; its target is {@code target}
 * @param validation k-fold cross-validation or a holdout split
 * @param settings   the search's sampler and budget
 * @param algorithms each algorithm to try with the domains of its tuned parameters, in the written order
 * @param lines      the 1-based line of each field as named in error messages ({@code target},
 *                   {@code algorithms.random_forest.n_trees}, …); empty for specs built in code
 */
public record TrainingSpec(String experiment, String target, TaskType task, Optional<String> metric,
                           FeatureSpec features, Validation validation, SearchSettings settings,
                           Map<String, Map<String, Domain>> algorithms, Map<String, Integer> lines) {

    /**
     * The search's sampler and budget.
     *
     * @param sampler     {@code grid}, {@code random} or {@code tpe}
     * @param maxTrials   the most trials, or 0 for no limit (then {@code maxMinutes} must be set)
     * @param maxMinutes  the wall-time budget in minutes, or 0 for none
     * @param parallelism trials run at once
     * @param halvingEta  successive halving's η, or 0 for none
     * @param seed        the seed of folds, sampler and every model
     */
    public record SearchSettings(String sampler, int maxTrials, double maxMinutes, int parallelism, int halvingEta,
                                 long seed) {

        /** The settings as MLflow params of the search's run, in a fixed order. */
        public Map<String, String> asParams() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("sampler", sampler);
            params.put("max_trials", Integer.toString(maxTrials));
            params.put("max_minutes", Double.toString(maxMinutes));
            params.put("parallelism", Integer.toString(parallelism));
            params.put("halving_eta", Integer.toString(halvingEta));
            params.put("seed", Long.toString(seed));
            return params;
        }
    }

    public TrainingSpec {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(settings, "settings");
        LinkedHashMap<String, Map<String, Domain>> copy = new LinkedHashMap<>();
        algorithms.forEach((name, params) -> copy.put(name, Map.copyOf(params)));
        algorithms = java.util.Collections.unmodifiableMap(copy);
        lines = Map.copyOf(lines);
    }

    /** The metric to optimise: the spec's, else {@code roc_auc} (binary), {@code accuracy} (multiclass) or {@code rmse}. */
    public String metricOrDefault() {
        return metric.orElse(switch (task) {
            case BINARY_CLASSIFICATION -> "roc_auc";
            case MULTICLASS_CLASSIFICATION -> "accuracy";
            case REGRESSION -> "rmse";
        });
    }

    /** The line a field was written on, when parsed from YAML. */
    public OptionalInt line(String field) {
        Integer line = lines.get(field);
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** The search space of {@link #algorithms()}. */
    public SearchSpace space() {
        SearchSpace.Builder builder = SearchSpace.builder();
        algorithms.forEach(builder::algorithm);
        return builder.build();
    }

    /** The search these settings describe. */
    public Search search() {
        Sampler.Factory sampler = switch (settings.sampler()) {
            case "grid" -> GridSampler.factory();
            case "random" -> RandomSampler.factory();
            case "tpe" -> TpeSampler.factory();
            default -> throw new GyreException.InvalidArgument("unknown sampler '" + settings.sampler()
                    + "'; use grid, random or tpe");
        };
        Duration maxTime = settings.maxMinutes() > 0
                ? Duration.ofMillis(Math.round(settings.maxMinutes() * 60_000)) : null;
        return new Search(space(), sampler, metricOrDefault(), validation, settings.maxTrials(), maxTime,
                settings.parallelism(), settings.halvingEta(), settings.seed());
    }

    /**
     * The spec as JSON with every default written out and maps sorted, so specs that mean the same give the
     * same text (the feature spec in its canonical form).
     */
    public String canonicalJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("experiment", experiment);
        root.put("target", target);
        root.put("task", task.wireName());
        root.put("metric", metricOrDefault());
        try {
            root.set("features", mapper.readTree(features.canonicalJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GyreException.Internal("the feature spec's canonical JSON did not parse", e);
        }
        ObjectNode v = root.putObject("validation");
        if (validation.folds() == 1) {
            v.put("holdout", validation.holdoutFraction());
        } else {
            v.put("folds", validation.folds());
        }
        ObjectNode s = root.putObject("search");
        new TreeMap<>(settings.asParams()).forEach(s::put);
        ObjectNode a = root.putObject("algorithms");
        new TreeMap<>(algorithms).forEach((name, params) -> {
            ObjectNode p = a.putObject(name);
            new TreeMap<>(params).forEach((k, d) -> p.put(k, d.toString()));
        });
        return root.toString();
    }

    /** The SHA-256 of {@link #canonicalJson()} (UTF-8), lower-case hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new GyreException.Internal("unable to compute SHA-256", e);
        }
    }

    /** The algorithms' names, in the written order. */
    public List<String> algorithmNames() {
        return List.copyOf(algorithms.keySet());
    }
}
