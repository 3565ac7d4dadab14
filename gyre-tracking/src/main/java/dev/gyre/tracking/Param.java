package dev.gyre.tracking;

import java.util.Objects;

/** A run parameter; written once per run and key. */
public record Param(String key, String value) {
    public Param {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
