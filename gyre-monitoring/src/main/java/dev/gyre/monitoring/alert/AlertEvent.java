package dev.gyre.monitoring.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change of an alert's state: it started firing, or it resolved.
 *
 * @param since when the condition started to hold (the start of the episode); the same in the firing
 *              and the resolved event of one episode
 * @param at    when this event happened
 * @param value the value that was compared (mean over the rule's window)
 */
public record AlertEvent(Kind kind, String deployment, String rule, String metric, Comparison comparison,
                         double threshold, double value, Severity severity, Instant since, Instant at) {

    public enum Kind { FIRING, RESOLVED }

    /** Identifies the event; the same across delivery retries, so receivers can drop duplicates. */
    public String id() {
        return deployment + "/" + rule + "/" + since.toEpochMilli() + "/" + kind.name().toLowerCase();
    }

    /** The JSON fields of the event, in a stable order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id());
        m.put("status", kind.name().toLowerCase());
        m.put("deployment", deployment);
        m.put("rule", rule);
        m.put("metric", metric);
        m.put("comparison", comparison.symbol());
        m.put("threshold", threshold);
        m.put("value", value);
        m.put("severity", severity.name().toLowerCase());
        m.put("since", since.toString());
        m.put("at", at.toString());
        return m;
    }

    @Override
    public String toString() {
        return "alert " + rule + " " + kind.name().toLowerCase() + " on " + deployment + ": " + metric + " = "
                + value + " " + comparison.symbol() + " " + threshold + " since " + since;
    }
}
