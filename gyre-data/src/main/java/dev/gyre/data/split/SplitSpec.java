package dev.gyre.data.split;

import dev.gyre.core.GyreException;
import java.util.Objects;

/**
 * How to split a table.
 *
 * @param method     random, stratified, time or hash
 * @param train      fraction of rows for training, greater than 0
 * @param validation fraction for validation, 0 for none
 * @param test       fraction for testing, greater than 0
 * @param seed       seed of the shuffle (random and stratified) or of the hash (hash); unused for time splits
 * @param column     the target column (stratified), the time column (time), the key column or {@code null} for the
 *                   whole row (hash); {@code null} for random
 */
public record SplitSpec(SplitMethod method, double train, double validation, double test, long seed, String column) {

    /** How far the fractions' sum may be from 1, for fractions written in decimal. */
    public static final double TOLERANCE = 1e-9;

    /**
     * @throws GyreException.InvalidArgument when a fraction is out of range, the fractions do not sum to 1, or
     *                                       the column is missing (stratified, time) or given (random)
     */
    public SplitSpec {
        Objects.requireNonNull(method, "method");
        requireFraction("train", train, false);
        requireFraction("validation", validation, true);
        requireFraction("test", test, false);
        double sum = train + validation + test;
        if (Math.abs(sum - 1.0) > TOLERANCE) {
            throw new GyreException.InvalidArgument("The split fractions sum to " + sum + " (train " + train
                    + " + validation " + validation + " + test " + test + "); they must sum to 1, e.g. 0.7, 0.15, 0.15.");
        }
        if (method == SplitMethod.RANDOM && column != null) {
            throw new GyreException.InvalidArgument("A random split takes no column; use method stratified to keep"
                    + " the classes of '" + column + "' in proportion, or time to split by it.");
        }
        if ((method == SplitMethod.STRATIFIED || method == SplitMethod.TIME) && (column == null || column.isBlank())) {
            throw new GyreException.InvalidArgument("A " + method.wireName() + " split needs a column: "
                    + (method == SplitMethod.STRATIFIED ? "the target whose classes to keep in proportion."
                    : "the timestamp or numeric column to order rows by."));
        }
    }

    /** A seeded random split; {@code validation} may be 0. */
    public static SplitSpec random(double train, double validation, double test, long seed) {
        return new SplitSpec(SplitMethod.RANDOM, train, validation, test, seed, null);
    }

    /** A seeded split that keeps the classes of {@code target} in the same proportions in every split. */
    public static SplitSpec stratified(double train, double validation, double test, long seed, String target) {
        return new SplitSpec(SplitMethod.STRATIFIED, train, validation, test, seed, target);
    }

    /** Oldest rows by {@code column} to train, then validation, newest to test. The seed is 0 (unused). */
    public static SplitSpec time(double train, double validation, double test, String column) {
        return new SplitSpec(SplitMethod.TIME, train, validation, test, 0L, column);
    }

    /**
     * Each row by a seeded hash of {@code key}'s value, or of the whole row when {@code key} is null: stable as rows
     * are added in later versions.
     */
    public static SplitSpec hash(double train, double validation, double test, long seed, String key) {
        return new SplitSpec(SplitMethod.HASH, train, validation, test, seed, key);
    }

    /** Whether there is a validation split. */
    public boolean hasValidation() {
        return validation > 0;
    }

    private static void requireFraction(String name, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || value > 1 || !zeroAllowed && value == 0) {
            throw new GyreException.InvalidArgument("The " + name + " fraction is " + value + "; it must be "
                    + (zeroAllowed ? "between 0 and 1 (0 for none)" : "greater than 0 and at most 1") + ".");
        }
    }
}
