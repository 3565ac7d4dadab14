package dev.gyre.core.charter;

import dev.gyre.core.GyreException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric with a threshold a model must reach, e.g. {@code roc_auc >= 0.85}.
 *
 * <p>For metrics Gyre knows ({@link MetricKind}) the operator must point the right way ({@code rmse >= 3}
 * is refused: rmse is better when lower) and the threshold must be reachable ({@code roc_auc >= 1.2} is
 * refused). Other metric names are accepted here; {@link Charter} decides which names a task allows.
 *
 * @param metric     metric name, lower-case snake case
 * @param direction  how a measured value is compared with the threshold
 * @param threshold  the threshold, finite
 * @param reportOnly whether the criterion is only reported and never blocks a model (secondary metrics only)
 */
public record SuccessCriterion(String metric, Direction direction, double threshold, boolean reportOnly) {

    private static final Pattern TEXT = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(>=|<=|>|<)\\s*(\\S+)\\s*");

    public SuccessCriterion {
        Checks.metricName("metric", metric);
        if (direction == null) {
            throw Checks.invalid("comparison operator is missing for " + metric + "; use one of: >=, >, <=, <");
        }
        Checks.finite("threshold of " + metric, threshold);
        Optional<MetricKind> kind = MetricKind.byName(metric);
        if (kind.isPresent()) {
            MetricKind k = kind.get();
            if (k.higherIsBetter() != direction.higherIsBetter()) {
                String good = k.higherIsBetter() ? ">= or >" : "<= or <";
                String example = k.higherIsBetter() ? ">=" : "<=";
                throw Checks.invalid(metric + " is better when " + (k.higherIsBetter() ? "higher" : "lower")
                        + ": use " + good + " (for example " + metric + " " + example + " " + Checks.number(threshold)
                        + ")");
            }
            if (threshold < k.min() || threshold > k.max()) {
                throw Checks.invalid("threshold of " + metric + " must be within [" + Checks.number(k.min()) + ", "
                        + Checks.number(k.max()) + "], got " + Checks.number(threshold));
            }
        }
    }

    /** A blocking criterion. */
    public SuccessCriterion(String metric, Direction direction, double threshold) {
        this(metric, direction, threshold, false);
    }

    /**
     * Parses {@code "<metric> <op> <threshold>"}, e.g. {@code "roc_auc >= 0.85"}; blanks around the operator
     * are optional. The result is blocking.
     *
     * @throws GyreException.InvalidArgument if the text has another shape or the criterion is invalid
     */
    public static SuccessCriterion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw Checks.invalid("'" + text + "' is not a criterion: write <metric> <op> <threshold>, for example"
                    + " \"roc_auc >= 0.85\" (op is one of >=, >, <=, <)");
        }
        double threshold;
        try {
            threshold = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw Checks.invalid("threshold in '" + text.strip() + "' must be a number, got \"" + m.group(3) + "\"");
        }
        return new SuccessCriterion(m.group(1), Direction.parse(m.group(2)), threshold, false);
    }

    /** Whether a measured value meets this criterion; NaN never does. */
    public boolean isMetBy(double value) {
        return direction.test(value, threshold);
    }

    /** The same criterion, report-only or blocking. */
    public SuccessCriterion withReportOnly(boolean reportOnly) {
        return new SuccessCriterion(metric, direction, threshold, reportOnly);
    }

    /** {@code metric op threshold}, e.g. {@code roc_auc >= 0.85}; parseable by {@link #parse(String)}. */
    @Override
    public String toString() {
        return metric + " " + direction.symbol() + " " + Checks.number(threshold);
    }
}
