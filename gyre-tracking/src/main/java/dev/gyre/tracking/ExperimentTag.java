package dev.gyre.tracking;

import java.util.Objects;

/** A key/value tag on an experiment. */
public record ExperimentTag(String key, String value) {
    public ExperimentTag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
