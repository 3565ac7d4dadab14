package dev.gyre.tracking.project;

import dev.gyre.core.GyreException;
import java.util.Locale;

/** The language a charter document is written in. */
public enum CharterFormat {
    YAML("yaml"),
    JSON("json");

    private final String wireName;

    CharterFormat(String wireName) {
        this.wireName = wireName;
    }

    /** {@code yaml} or {@code json}, as stored and shown. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses {@code yaml}, {@code yml} or {@code json} (case-insensitive), e.g. from a file extension or a
     * request parameter.
     *
     * @throws GyreException.InvalidArgument for anything else
     */
    public static CharterFormat parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "yaml", "yml" -> YAML;
            case "json" -> JSON;
            default -> throw new GyreException.InvalidArgument("Unknown charter format '" + name
                    + "'; use yaml or json.");
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
