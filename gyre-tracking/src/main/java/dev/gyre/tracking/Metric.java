package dev.gyre.tracking;

import java.util.Objects;

/**
 * One point of a metric: NaN and infinities are allowed values.
 *
 * @param timestamp epoch milliseconds
 * @param step      the training step (0 when the client gives none)
 */
public record Metric(String key, double value, long timestamp, long step) {
    public Metric {
        Objects.requireNonNull(key, "key");
    }
}
