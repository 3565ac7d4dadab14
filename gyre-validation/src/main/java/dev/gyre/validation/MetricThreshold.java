package dev.gyre.validation;

import dev.gyre.core.GyreException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How a candidate model's metric must compare with an absolute bound and with a baseline (the champion), with the
 * semantics of MLflow's {@code mlflow.models.MetricThreshold}:
 * <ul>
 *   <li>{@code threshold}: the candidate's value must be {@code >= threshold} when greater is better, otherwise
 *       {@code <= threshold};</li>
 *   <li>{@code min_absolute_change}: the candidate must be {@code >= baseline + change} when greater is better,
 *       otherwise {@code <= baseline - change};</li>
 *   <li>{@code min_relative_change} (a fraction of the baseline): the candidate must be
 *       {@code >= baseline * (1 + change)} when greater is better, otherwise {@code <= baseline * (1 - change)}.</li>
 * </ul>
 * Every criterion given must hold; with none given the check passes. Bounds are computed in decimal arithmetic
 * (as MLflow does) from the shortest decimal form of each number, so {@code 0.80 + 0.05} equals {@code 0.85}. One difference from MLflow: a change of
 * {@code 0} is accepted and means "at least as good as the baseline" (MLflow asks for a positive number).
 *
 * @param threshold         absolute bound, or {@code null}
 * @param minAbsoluteChange &ge; 0, or {@code null}
 * @param minRelativeChange within [0, 1], or {@code null}
 * @param greaterIsBetter   whether a higher value is better
 */
public record MetricThreshold(Double threshold, Double minAbsoluteChange, Double minRelativeChange,
                              boolean greaterIsBetter) {

    /** @throws GyreException.InvalidArgument for a non-finite or out-of-range figure */
    public MetricThreshold {
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new GyreException.InvalidArgument("threshold must be a finite number, got " + threshold);
        }
        if (minAbsoluteChange != null && !(minAbsoluteChange >= 0 && Double.isFinite(minAbsoluteChange))) {
            throw new GyreException.InvalidArgument("min_absolute_change must be a finite number >= 0, got "
                    + minAbsoluteChange);
        }
        if (minRelativeChange != null && !(minRelativeChange >= 0 && minRelativeChange <= 1)) {
            throw new GyreException.InvalidArgument("min_relative_change must be within [0, 1], got "
                    + minRelativeChange);
        }
    }

    /** The candidate must be at least as good as the baseline. */
    public static MetricThreshold notWorse(boolean greaterIsBetter) {
        return new MetricThreshold(null, 0.0, null, greaterIsBetter);
    }

    /**
     * The outcome of comparing a candidate value with this threshold and a baseline value.
     *
     * @param passed   whether every criterion holds
     * @param failures one sentence per criterion that does not hold, with the figures; empty when passed
     */
    public record Outcome(boolean passed, List<String> failures) {
        public Outcome {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Checks a candidate value.
     *
     * @param candidate the candidate model's value, finite
     * @param baseline  the baseline model's value, or {@code null} when there is no baseline (the change
     *                  criteria are then skipped, as MLflow does without a baseline model)
     */
    public Outcome check(double candidate, Double baseline) {
        List<String> failures = new ArrayList<>();
        String better = greaterIsBetter ? ">=" : "<=";
        if (threshold != null && !(greaterIsBetter ? candidate >= threshold : candidate <= threshold)) {
            failures.add("value " + num(candidate) + " is not " + better + " the threshold " + num(threshold));
        }
        if (baseline != null && minAbsoluteChange != null) {
            BigDecimal exact = greaterIsBetter ? dec(baseline).add(dec(minAbsoluteChange))
                    : dec(baseline).subtract(dec(minAbsoluteChange));
            double bound = exact.doubleValue();
            if (!holds(candidate, exact)) {
                failures.add("value " + num(candidate) + " is not " + better + " " + num(bound) + " (champion "
                        + num(baseline) + (greaterIsBetter ? " + " : " - ") + "min_absolute_change "
                        + num(minAbsoluteChange) + ")");
            }
        }
        if (baseline != null && minRelativeChange != null) {
            BigDecimal factor = greaterIsBetter ? BigDecimal.ONE.add(dec(minRelativeChange))
                    : BigDecimal.ONE.subtract(dec(minRelativeChange));
            BigDecimal exact = dec(baseline).multiply(factor);
            double bound = exact.doubleValue();
            if (!holds(candidate, exact)) {
                failures.add("value " + num(candidate) + " is not " + better + " " + num(bound) + " (champion "
                        + num(baseline) + " x (1 " + (greaterIsBetter ? "+" : "-") + " min_relative_change "
                        + num(minRelativeChange) + "))");
            }
        }
        return new Outcome(failures.isEmpty(), failures);
    }

    /** Compares in decimal, as MLflow does, so 0.80 + 0.05 is exactly 0.85. */
    private boolean holds(double candidate, BigDecimal bound) {
        int c = dec(candidate).compareTo(bound);
        return greaterIsBetter ? c >= 0 : c <= 0;
    }

    private static BigDecimal dec(double v) {
        return BigDecimal.valueOf(v);
    }

    static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
