package dev.gyre.training.internal;

import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.ModelReader;
import dev.gyre.training.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place algorithms and model readers are kept; the built-ins are added when this class loads, so
 * there is a single class initialisation and no ordering between the public registries.
 */
public final class Registry {

    /** An algorithm's spec and the trainer that receives resolved parameters. */
    public record Entry(AlgorithmSpec spec, Trainer trainer) {
    }

    private static final Map<String, Entry> ALGORITHMS = new ConcurrentHashMap<>();
    private static final Map<String, ModelReader> READERS = new ConcurrentHashMap<>();

    private static final java.util.Set<String> BUILTIN;

    static {
        Builtins.registerAll();
        BUILTIN = java.util.Set.copyOf(ALGORITHMS.keySet());
    }

    private Registry() {
    }

    /** Adds an algorithm; fails when the name is taken. */
    public static void addAlgorithm(AlgorithmSpec spec, Trainer trainer) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(trainer, "trainer");
        if (ALGORITHMS.putIfAbsent(spec.name(), new Entry(spec, trainer)) != null) {
            throw new IllegalStateException("an algorithm named " + spec.name() + " is already registered");
        }
    }

    /**
     * Removes an algorithm added with {@link #addAlgorithm}, for tests that register one of their own; a
     * built-in cannot be removed.
     *
     * @return whether it was there
     */
    public static boolean removeAlgorithm(String name) {
        Entry entry = ALGORITHMS.get(name);
        if (entry != null && BUILTIN.contains(name)) {
            throw new IllegalArgumentException(name + " is built in and cannot be removed");
        }
        return entry != null && ALGORITHMS.remove(name, entry);
    }

    /** The algorithm of this name, or {@code null}. */
    public static Entry algorithm(String name) {
        return name == null ? null : ALGORITHMS.get(name);
    }

    /** Every algorithm, sorted by name. */
    public static List<Entry> algorithms() {
        return ALGORITHMS.values().stream().sorted((a, b) -> a.spec().name().compareTo(b.spec().name())).toList();
    }

    /** Adds the reader of a payload format; fails when the format has one. */
    public static void addReader(String format, ModelReader reader) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reader, "reader");
        if (READERS.putIfAbsent(format, reader) != null) {
            throw new IllegalStateException("the model format " + format + " already has a reader");
        }
    }

    /** The reader of a format, or {@code null}. */
    public static ModelReader reader(String format) {
        return READERS.get(format);
    }

    /** The readable formats, sorted. */
    public static List<String> formats() {
        return List.copyOf(new TreeSet<>(READERS.keySet()));
    }
}
