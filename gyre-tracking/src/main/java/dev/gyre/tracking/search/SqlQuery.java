package dev.gyre.tracking.search;

import java.util.Map;
import java.util.Objects;

/** An SQL statement with named parameters ({@code :name}) and their values. */
public record SqlQuery(String sql, Map<String, Object> parameters) {
    public SqlQuery {
        Objects.requireNonNull(sql, "sql");
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
