package dev.gyre.validation.metrics;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The result of a metric: either a finite number, or "not applicable" with a reason saying why the metric is
 * undefined on this data (for example ROC AUC when only one class is present). A NaN or infinite value never
 * appears: {@link #of(double)} refuses it.
 *
 * @param value  the number, empty when not applicable; never {@code null}
 * @param reason {@code null} when the value is present, otherwise a sentence for the user
 */
public record MetricValue(OptionalDouble value, String reason) {

    public MetricValue {
        Objects.requireNonNull(value, "value");
        if (value.isPresent()) {
            if (!Double.isFinite(value.getAsDouble())) {
                throw new IllegalArgumentException("a metric value must be finite, got " + value.getAsDouble());
            }
            if (reason != null) {
                throw new IllegalArgumentException("a present metric value has no reason");
            }
        } else if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a metric that is not applicable needs a reason");
        }
    }

    /** A finite value; throws {@link IllegalArgumentException} on NaN or infinity (a bug in the caller). */
    public static MetricValue of(double value) {
        return new MetricValue(OptionalDouble.of(value), null);
    }

    /** An undefined metric with the reason. */
    public static MetricValue notApplicable(String reason) {
        return new MetricValue(OptionalDouble.empty(), reason);
    }

    public boolean isApplicable() {
        return value.isPresent();
    }

    /** The value; throws {@link IllegalStateException} carrying the reason when not applicable. */
    public double get() {
        if (value.isEmpty()) {
            throw new IllegalStateException("metric not applicable: " + reason);
        }
        return value.getAsDouble();
    }

    @Override
    public String toString() {
        return value.isPresent() ? Double.toString(value.getAsDouble()) : "not applicable (" + reason + ")";
    }
}
