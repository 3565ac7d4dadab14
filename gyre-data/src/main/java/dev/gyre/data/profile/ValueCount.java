package dev.gyre.data.profile;

import java.util.Objects;

/**
 * A value of a column and how many rows hold it; an estimate when the {@link TopValues} it came from are
 * not exact.
 *
 * @param value the value's string form ({@code "true"}/{@code "false"} for booleans)
 * @param count the number of rows
 */
public record ValueCount(String value, long count) {
    public ValueCount {
        Objects.requireNonNull(value, "value");
    }
}
