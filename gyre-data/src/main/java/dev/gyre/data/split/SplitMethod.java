package dev.gyre.data.split;

import dev.gyre.core.GyreException;
import java.util.Locale;

/** How {@link Splitter} assigns rows to train, validation and test. */
public enum SplitMethod {
    /** A seeded shuffle of all rows, cut by the fractions. */
    RANDOM,
    /** A seeded shuffle within each class of a target column, each class cut by the fractions. */
    STRATIFIED,
    /** Rows ordered by a time (or numeric) column: oldest to train, then validation, newest to test. */
    TIME,
    /**
     * Each row by a seeded hash of its content (or of a key column): a row keeps its split in every later version of
     * the data, so a model is never tested on rows an earlier version trained on, and equal rows share a split.
     */
    HASH;

    /** The lower-case name used in YAML, JSON and the CLI. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws GyreException.InvalidArgument naming the accepted values
     */
    public static SplitMethod parse(String name) {
        if (name != null) {
            for (SplitMethod method : values()) {
                if (method.wireName().equalsIgnoreCase(name.strip())) {
                    return method;
                }
            }
        }
        throw new GyreException.InvalidArgument("Unknown split method '" + name + "': use random, stratified or time.");
    }
}
