package dev.gyre.core.charter;

import dev.gyre.core.GyreException;
import java.util.regex.Pattern;

/** Validation shared by the charter records. */
final class Checks {

    /** Metric names: lower-case snake case. */
    static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    /** Longest column name a charter accepts. */
    static final int MAX_COLUMN_LENGTH = 255;

    private Checks() {
    }

    static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    static String metricName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(what + " must name a metric");
        }
        if (!METRIC_NAME.matcher(name).matches()) {
            throw invalid(what + " '" + name + "' is not a metric name: use lower-case letters, digits and '_',"
                    + " starting with a letter (for example roc_auc)");
        }
        return name;
    }

    static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(what + " must be a finite number, got " + value);
        }
        return value;
    }

    static String column(String what, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(what + " must name a column");
        }
        if (!name.equals(name.strip())) {
            throw invalid(what + " '" + name + "' has leading or trailing blanks; remove them");
        }
        if (name.length() > MAX_COLUMN_LENGTH) {
            throw invalid(what + " is longer than " + MAX_COLUMN_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw invalid(what + " '" + name.strip() + "' contains a control character");
            }
        }
        return name;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
