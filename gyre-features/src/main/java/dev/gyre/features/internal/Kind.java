package dev.gyre.features.internal;

import dev.gyre.core.table.ColumnType;

/** What a value is while it flows through derivations and steps. */
public enum Kind {
    /** A double; NaN is missing. Numeric and boolean (1/0) columns. */
    NUM,
    /** A string; {@code null} is missing. Categorical and text columns. */
    STR,
    /** Epoch milliseconds as a double; NaN is missing. Timestamp columns. */
    TIME;

    /** The kind of a table column type. */
    public static Kind of(ColumnType type) {
        return switch (type) {
            case NUMERIC, BOOLEAN -> NUM;
            case CATEGORICAL, TEXT -> STR;
            case TIMESTAMP -> TIME;
        };
    }

    /** How the kind reads in messages. */
    public String words() {
        return switch (this) {
            case NUM -> "numeric";
            case STR -> "text";
            case TIME -> "a timestamp";
        };
    }
}
