package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alert rule: the rule holds when the mean of the metric's observations in the trailing
 * {@code window} compares with {@code threshold}; it fires once it has held for {@code forDuration}.
 * A zero window means "the latest observation"; a zero for-duration fires on the first observation
 * that holds.
 *
 * @param retrain when true, firing asks the {@link RetrainingHook} for a retraining run (once per episode)
 */
public record AlertRule(String name, String metric, Comparison comparison, double threshold,
                        Duration window, Duration forDuration, Severity severity, boolean retrain) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Set<String> KEYS =
            Set.of("name", "metric", "comparison", "threshold", "window", "for", "severity", "retrain");

    public AlertRule {
        requireName("name", name);
        requireName("metric", metric);
        if (comparison == null) {
            throw new GyreException.InvalidArgument("alert rule '" + name
                    + "' has no comparison; use one of >, >=, <, <=");
        }
        if (!Double.isFinite(threshold)) {
            throw new GyreException.InvalidArgument("alert rule '" + name + "' has threshold " + threshold
                    + "; give a finite number");
        }
        window = window == null ? Duration.ZERO : window;
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        if (window.isNegative() || forDuration.isNegative()) {
            throw new GyreException.InvalidArgument("alert rule '" + name
                    + "' has a negative window or for-duration; give 0 or more (e.g. 5m)");
        }
        severity = severity == null ? Severity.WARNING : severity;
    }

    /** A rule with window, for-duration and severity defaults (latest value, immediately, warning). */
    public static AlertRule of(String name, String metric, String comparison, double threshold) {
        return new AlertRule(name, metric, Comparison.parse(comparison), threshold, Duration.ZERO, Duration.ZERO,
                Severity.WARNING, false);
    }

    public AlertRule withWindow(Duration w) {
        return new AlertRule(name, metric, comparison, threshold, w, forDuration, severity, retrain);
    }

    public AlertRule withFor(Duration f) {
        return new AlertRule(name, metric, comparison, threshold, window, f, severity, retrain);
    }

    public AlertRule withSeverity(Severity s) {
        return new AlertRule(name, metric, comparison, threshold, window, forDuration, s, retrain);
    }

    public AlertRule withRetrain(boolean r) {
        return new AlertRule(name, metric, comparison, threshold, window, forDuration, severity, r);
    }

    /**
     * Parses a rule from configuration (e.g. a JSON or YAML object): keys {@code name}, {@code metric},
     * {@code comparison}, {@code threshold} (required), {@code window}, {@code for} (durations such as
     * {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, {@code 0} or ISO-8601 {@code PT5M}),
     * {@code severity} (info, warning, critical) and {@code retrain} (boolean). Unknown keys are refused
     * so that typos do not silently change a rule.
     */
    public static AlertRule fromMap(Map<String, ?> config) {
        if (config == null) {
            throw new GyreException.InvalidArgument("alert rule is missing; give name, metric, comparison, threshold");
        }
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new GyreException.InvalidArgument("alert rule has unknown key(s) " + unknown
                    + "; allowed keys are " + new TreeSet<>(KEYS));
        }
        String name = string(config, "name", "(unnamed)");
        for (String required : new String[] {"name", "metric", "comparison", "threshold"}) {
            if (config.get(required) == null) {
                throw new GyreException.InvalidArgument("alert rule '" + name + "' is missing '" + required
                        + "'; every rule needs name, metric, comparison and threshold");
            }
        }
        Object t = config.get("threshold");
        double threshold;
        if (t instanceof Number n) {
            threshold = n.doubleValue();
        } else {
            try {
                threshold = Double.parseDouble(t.toString().trim());
            } catch (NumberFormatException e) {
                throw new GyreException.InvalidArgument("alert rule '" + name + "' has threshold '" + t
                        + "', which is not a number; give e.g. 0.05");
            }
        }
        Object retrain = config.get("retrain");
        boolean r;
        if (retrain == null || retrain instanceof Boolean) {
            r = retrain != null && (Boolean) retrain;
        } else if ("true".equalsIgnoreCase(retrain.toString()) || "false".equalsIgnoreCase(retrain.toString())) {
            r = Boolean.parseBoolean(retrain.toString());
        } else {
            throw new GyreException.InvalidArgument("alert rule '" + name + "' has retrain '" + retrain
                    + "'; give true or false");
        }
        return new AlertRule(name, string(config, "metric", null),
                Comparison.parse(string(config, "comparison", null)), threshold,
                duration(name, "window", config.get("window")), duration(name, "for", config.get("for")),
                Severity.parse(string(config, "severity", null)), r);
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 0} or ISO-8601 ({@code PT5M}). */
    public static Duration parseDuration(String text) {
        return duration("(rule)", "duration", text);
    }

    private static Duration duration(String rule, String key, Object value) {
        if (value == null) {
            return Duration.ZERO;
        }
        if (value instanceof Duration d) {
            return d;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(s);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new GyreException.InvalidArgument("alert rule '" + rule + "' has " + key + " '" + value
                    + "', which is not a duration; write e.g. 30s, 5m, 1h, 250ms, 0 or PT5M");
        }
    }

    private static String string(Map<String, ?> config, String key, String fallback) {
        Object v = config.get(key);
        return v == null ? fallback : v.toString().trim();
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new GyreException.InvalidArgument("alert rule " + what + " '" + value
                    + "' is not valid; use 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
    }
}
