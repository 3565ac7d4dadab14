package dev.gyre.core.table;

import java.util.Objects;

/** A column's name and type. */
public record Field(String name, ColumnType type) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A column name must not be empty.");
        }
    }
}
