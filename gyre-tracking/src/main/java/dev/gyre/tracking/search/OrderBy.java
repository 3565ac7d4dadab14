package dev.gyre.tracking.search;

import java.util.Objects;

/** One {@code order_by} element: an identifier and a direction. */
public record OrderBy(Identifier identifier, boolean ascending) {
    public OrderBy {
        Objects.requireNonNull(identifier, "identifier");
    }
}
