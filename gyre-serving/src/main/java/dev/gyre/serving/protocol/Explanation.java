package dev.gyre.serving.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one record got its prediction: additive per-feature contributions on top of a baseline, so that
 * {@code baseline + sum(contributions)} is the explained output (the predicted value, or the score of the
 * {@code target} class).
 *
 * @param target        the class whose score is explained; empty for regression
 * @param baseline      the expected output over the reference data
 * @param contributions feature name to contribution, in the order the caller wants shown (e.g. by magnitude)
 */
public record Explanation(Optional<String> target, double baseline, Map<String, Double> contributions) {

    /** Copies the contributions into an unmodifiable, order-keeping map. */
    public Explanation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(contributions, "contributions");
        contributions = Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
    }
}
