package dev.gyre.tracking.search;

import java.util.Objects;

/** One clause of a filter: {@code identifier comparator value}. */
public record Comparison(Identifier identifier, Comparator comparator, FilterValue value) {
    public Comparison {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(value, "value");
    }
}
