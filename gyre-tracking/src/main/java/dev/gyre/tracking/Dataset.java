package dev.gyre.tracking;

import java.util.Objects;

/**
 * A dataset as MLflow's {@code log-inputs} describes it; identified within an experiment by
 * (name, digest).
 *
 * @param schema  JSON, or {@code null}
 * @param profile JSON, or {@code null}
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(source, "source");
    }
}
