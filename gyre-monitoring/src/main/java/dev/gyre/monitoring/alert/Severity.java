package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.util.Locale;

/** How urgent an alert is; carried in events so receivers can route them. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public static Severity parse(String text) {
        if (text == null || text.isBlank()) {
            return WARNING;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GyreException.InvalidArgument("alert rule severity '" + text
                    + "' is not known; use info, warning or critical");
        }
    }
}
