package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.time.Duration;
import java.util.List;

/**
 * The default rules of a deployment, built from plain values of its charter so that this package does
 * not depend on the module that stores charters.
 *
 * <table>
 *   <caption>Default rules</caption>
 *   <tr><th>Rule</th><th>Condition</th><th>Window</th><th>For</th><th>Severity</th></tr>
 *   <tr><td>{@code success_metric_below_threshold}</td><td>success metric &lt; charter threshold
 *       (&gt; when lower is better)</td><td>1h</td><td>15m</td><td>critical</td></tr>
 *   <tr><td>{@code dataset_drift}</td><td>{@code drift_share} &ge; 0.5</td><td>latest</td><td>0</td><td>warning</td></tr>
 *   <tr><td>{@code outlier_rate}</td><td>{@code outlier_rate} &gt; 0.05</td><td>15m</td><td>10m</td><td>warning</td></tr>
 *   <tr><td>{@code latency_p99}</td><td>{@code latency_p99_ms} &gt; 500</td><td>5m</td><td>5m</td><td>warning</td></tr>
 *   <tr><td>{@code error_rate}</td><td>{@code error_rate} &gt; 0.01</td><td>5m</td><td>5m</td><td>critical</td></tr>
 * </table>
 * None of the defaults requests retraining; turn it on per rule with {@link AlertRule#withRetrain(boolean)}.
 */
public final class AlertRules {

    /** Share of drifted columns, as reported by dataset drift (0 to 1). */
    public static final String DRIFT_SHARE = "drift_share";
    /** Share of requests flagged as outliers (0 to 1). */
    public static final String OUTLIER_RATE = "outlier_rate";
    /** 99th percentile of request latency in milliseconds. */
    public static final String LATENCY_P99_MS = "latency_p99_ms";
    /** Share of requests answered with an error (0 to 1). */
    public static final String ERROR_RATE = "error_rate";

    public static final double DRIFT_SHARE_THRESHOLD = 0.5;
    public static final double OUTLIER_RATE_THRESHOLD = 0.05;
    public static final double LATENCY_P99_MS_THRESHOLD = 500;
    public static final double ERROR_RATE_THRESHOLD = 0.01;

    private AlertRules() {
    }

    /** Defaults for a charter whose success metric is higher-is-better (accuracy, F1, AUC...). */
    public static List<AlertRule> defaultsFor(String successMetric, double successThreshold) {
        return defaultsFor(successMetric, successThreshold, true);
    }

    /**
     * Defaults for a charter with the given success metric and threshold.
     *
     * @param higherIsBetter true for metrics such as accuracy (the rule fires below the threshold), false
     *                       for metrics such as RMSE (the rule fires above it)
     */
    public static List<AlertRule> defaultsFor(String successMetric, double successThreshold, boolean higherIsBetter) {
        if (successMetric == null || successMetric.isBlank()) {
            throw new GyreException.InvalidArgument(
                    "the charter's success metric is missing; give its name, e.g. accuracy");
        }
        if (!Double.isFinite(successThreshold)) {
            throw new GyreException.InvalidArgument("the charter's success threshold " + successThreshold
                    + " is not a finite number; give the value the charter sets, e.g. 0.9");
        }
        return List.of(
                new AlertRule("success_metric_below_threshold", successMetric.trim(),
                        higherIsBetter ? Comparison.LESS_THAN : Comparison.GREATER_THAN, successThreshold,
                        Duration.ofHours(1), Duration.ofMinutes(15), Severity.CRITICAL, false),
                new AlertRule("dataset_drift", DRIFT_SHARE, Comparison.GREATER_OR_EQUAL, DRIFT_SHARE_THRESHOLD,
                        Duration.ZERO, Duration.ZERO, Severity.WARNING, false),
                new AlertRule("outlier_rate", OUTLIER_RATE, Comparison.GREATER_THAN, OUTLIER_RATE_THRESHOLD,
                        Duration.ofMinutes(15), Duration.ofMinutes(10), Severity.WARNING, false),
                new AlertRule("latency_p99", LATENCY_P99_MS, Comparison.GREATER_THAN, LATENCY_P99_MS_THRESHOLD,
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Severity.WARNING, false),
                new AlertRule("error_rate", ERROR_RATE, Comparison.GREATER_THAN, ERROR_RATE_THRESHOLD,
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Severity.CRITICAL, false));
    }
}
