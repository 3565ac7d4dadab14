package dev.gyre.tracking.search;

import java.util.Objects;

/**
 * A reference to a metric, parameter, tag or attribute. For attributes, {@code key} is the canonical
 * attribute name (aliases such as {@code created} already resolved).
 *
 * @param position 0-based offset in the input
 */
public record Identifier(EntityType type, String key, int position) {
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }

    /** Whether it names a numeric value (a metric or a numeric attribute) in this schema. */
    public boolean isNumeric(SearchSchema schema) {
        return type == EntityType.METRIC || (type == EntityType.ATTRIBUTE && schema.isNumericAttribute(key));
    }
}
