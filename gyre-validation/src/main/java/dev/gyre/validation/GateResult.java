package dev.gyre.validation;

import dev.gyre.validation.metrics.MetricValue;
import java.util.List;

/**
 * One gate of the validation checkpoint.
 *
 * <p>Gate names: {@value #SUCCESS_METRIC}, {@code secondary:<metric>} per secondary criterion,
 * {@value #OVERFITTING}, {@value #FAIRNESS}, {@value #CHAMPION}.
 *
 * @param name      the gate name
 * @param status    passed, failed or not applicable
 * @param blocking  whether a failure stops promotion
 * @param value     the measured figure (the test score, the gap, the fairness value, the candidate's value)
 * @param threshold the figure it was compared with, {@code null} when none
 * @param direction the comparison, e.g. {@code >=}; {@code null} when none
 * @param message   the result in a sentence, with the figures
 * @param backTo    stages to revisit when failed ({@code data}, {@code features}, {@code build}); empty otherwise
 */
public record GateResult(String name, GateStatus status, boolean blocking, MetricValue value, Double threshold,
                         String direction, String message, List<String> backTo) {

    public static final String SUCCESS_METRIC = "success_metric";
    public static final String SECONDARY_PREFIX = "secondary:";
    public static final String OVERFITTING = "overfitting";
    public static final String FAIRNESS = "fairness";
    public static final String CHAMPION = "champion";

    public GateResult {
        backTo = backTo == null ? List.of() : List.copyOf(backTo);
    }

    /** Whether this gate failed and blocks promotion. */
    public boolean blocksPromotion() {
        return blocking && status == GateStatus.FAILED;
    }
}
