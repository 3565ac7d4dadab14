package dev.gyre.core.table;

import java.util.Locale;

/** The type of a {@link Column}. */
public enum ColumnType {
    /** 64-bit floating point numbers (integers included). */
    NUMERIC,
    /** A small set of string values, stored as codes into a dictionary. */
    CATEGORICAL,
    /** true / false. */
    BOOLEAN,
    /** Free text: many distinct strings. */
    TEXT,
    /** A point in time, stored as epoch milliseconds (UTC). */
    TIMESTAMP;

    /** The lower-case name used in YAML and JSON ({@code numeric}, {@code categorical}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ColumnType fromWireName(String name) {
        if (name != null) {
            for (ColumnType type : values()) {
                if (type.wireName().equalsIgnoreCase(name.trim())) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("Unknown column type '" + name
                + "': use one of numeric, categorical, boolean, text, timestamp.");
    }
}
