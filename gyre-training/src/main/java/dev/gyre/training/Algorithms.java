package dev.gyre.training;

import dev.gyre.core.GyreException;
import dev.gyre.training.internal.Registry;
import dev.gyre.training.internal.Registry.Entry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The algorithms Gyre can train, by name. The built-in ones are registered when this class loads; see the
 * module's README for each one's parameters. Every trainer obtained here checks its parameters against the
 * algorithm's {@link AlgorithmSpec} and the training set's task before it trains, so the models it returns
 * carry the complete, normalised parameters. Clustering algorithms accept any training set and ignore
 * its target.
 */
public final class Algorithms {

    private Algorithms() {
    }

    /**
     * Adds an algorithm. The trainer receives parameters already resolved by the spec.
     *
     * @throws IllegalStateException when the name is taken
     */
    public static void register(AlgorithmSpec spec, Trainer trainer) {
        Registry.addAlgorithm(spec, trainer);
    }

    /** Every registered algorithm, sorted by name. */
    public static List<AlgorithmSpec> all() {
        return Registry.algorithms().stream().map(Entry::spec).toList();
    }

    /** The names of the algorithms that support a task, sorted. */
    public static List<String> namesFor(LearningTask task) {
        return all().stream().filter(s -> s.tasks().contains(task)).map(AlgorithmSpec::name).toList();
    }

    /**
     * The spec of an algorithm.
     *
     * @throws GyreException.InvalidArgument listing the known algorithms when there is none of this name
     */
    public static AlgorithmSpec spec(String name) {
        return entry(name).spec();
    }

    /**
     * A trainer for an algorithm that validates parameters and task before training.
     *
     * @throws GyreException.InvalidArgument listing the known algorithms when there is none of this name
     */
    public static Trainer trainer(String name) {
        Entry entry = entry(name);
        return (data, params, seed) -> {
            Objects.requireNonNull(data, "data");
            LearningTask task = data.learningTask();
            boolean clusters = entry.spec().tasks().contains(LearningTask.CLUSTERING);
            if (!clusters && task == LearningTask.CLUSTERING) {
                throw new GyreException.InvalidArgument(name + " needs a target, and this training set has none; "
                        + "give labels or targets, or use one of: " + String.join(", ", namesFor(task)));
            }
            if (!clusters && !entry.spec().tasks().contains(task)) {
                throw new GyreException.InvalidArgument(name + " cannot learn a " + task + " training set; for "
                        + task + " use one of: " + String.join(", ", namesFor(task)));
            }
            Map<String, Object> resolved = entry.spec().resolve(params);
            return entry.trainer().fit(data, resolved, seed);
        };
    }

    /** Shorthand for {@code trainer(name).fit(data, params, seed)}. */
    public static TrainedModel fit(String name, TrainingSet data, Map<String, ?> params, long seed) {
        return trainer(name).fit(data, params == null ? Map.of() : new HashMap<>(params), seed);
    }

    private static Entry entry(String name) {
        Entry entry = Registry.algorithm(name);
        if (entry == null) {
            throw new GyreException.InvalidArgument("unknown algorithm '" + name + "'; known: "
                    + String.join(", ", all().stream().map(AlgorithmSpec::name).toList()));
        }
        return entry;
    }
}
