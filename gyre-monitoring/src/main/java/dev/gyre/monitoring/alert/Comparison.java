package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.util.Locale;

/** How a rule compares the observed value with its threshold. */
public enum Comparison {
    GREATER_THAN(">"),
    GREATER_OR_EQUAL(">="),
    LESS_THAN("<"),
    LESS_OR_EQUAL("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True when {@code value} compared with {@code threshold} holds. */
    public boolean holds(double value, double threshold) {
        return switch (this) {
            case GREATER_THAN -> value > threshold;
            case GREATER_OR_EQUAL -> value >= threshold;
            case LESS_THAN -> value < threshold;
            case LESS_OR_EQUAL -> value <= threshold;
        };
    }

    /** Accepts the symbols {@code > >= < <=} or the words {@code gt ge lt le}. */
    public static Comparison parse(String text) {
        if (text == null) {
            throw new GyreException.InvalidArgument(
                    "alert rule comparison is missing; use one of >, >=, <, <= (or gt, ge, lt, le)");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case ">", "gt" -> GREATER_THAN;
            case ">=", "ge" -> GREATER_OR_EQUAL;
            case "<", "lt" -> LESS_THAN;
            case "<=", "le" -> LESS_OR_EQUAL;
            default -> throw new GyreException.InvalidArgument("alert rule comparison '" + text
                    + "' is not known; use one of >, >=, <, <= (or gt, ge, lt, le)");
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}
