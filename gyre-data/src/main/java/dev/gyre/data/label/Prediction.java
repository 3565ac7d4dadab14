package dev.gyre.data.label;

import dev.gyre.core.GyreException;
import java.util.Objects;

/**
 * A model's suggestion for an item, shown to annotators to speed them up. It is never counted as a label.
 *
 * @param label one of the task's allowed labels
 * @param score the model's confidence, or {@code null}; any finite number (usually 0 to 1)
 */
public record Prediction(String label, Double score) {
    public Prediction {
        Objects.requireNonNull(label, "label");
        if (score != null && !Double.isFinite(score)) {
            throw new GyreException.InvalidArgument("A prediction score must be a finite number, got " + score + ".");
        }
    }
}
