package dev.gyre.core.table;

/**
 * One immutable typed column. Every implementation answers {@link #isMissing(int)} explicitly; a missing
 * value reads as {@code null} from {@link #get(int)}.
 */
public sealed interface Column
        permits NumericColumn, CategoricalColumn, BooleanColumn, TextColumn, TimestampColumn {

    String name();

    ColumnType type();

    /** The number of rows. */
    int size();

    boolean isMissing(int row);

    /** How many rows are missing. */
    int missingCount();

    /**
     * The value at {@code row} boxed — {@link Double}, {@link String} (categorical and text),
     * {@link Boolean}, or {@link java.time.Instant} — or {@code null} when missing.
     */
    Object get(int row);

    /** The same values under another name. */
    Column rename(String newName);

    /** The rows at the given indexes, in that order (indexes may repeat). */
    Column take(int[] rows);

    /** The rows {@code from} (inclusive) to {@code to} (exclusive). */
    Column slice(int from, int to);

    default Field field() {
        return new Field(name(), type());
    }
}
