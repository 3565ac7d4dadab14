package dev.gyre.tracking.search;

/** What an identifier in a filter refers to. */
public enum EntityType {
    METRIC, PARAM, TAG, ATTRIBUTE;

    /** The entity type of a prefix such as {@code metrics} or {@code tag}, or {@code null} if unknown. */
    static EntityType ofPrefix(String prefix) {
        return switch (prefix.toLowerCase(java.util.Locale.ROOT)) {
            case "metrics", "metric" -> METRIC;
            case "params", "param", "parameters", "parameter" -> PARAM;
            case "tags", "tag" -> TAG;
            case "attributes", "attribute", "attr", "run" -> ATTRIBUTE;
            default -> null;
        };
    }

    /** The plural word used in messages. */
    String plural() {
        return switch (this) {
            case METRIC -> "metrics";
            case PARAM -> "params";
            case TAG -> "tags";
            case ATTRIBUTE -> "attributes";
        };
    }
}
