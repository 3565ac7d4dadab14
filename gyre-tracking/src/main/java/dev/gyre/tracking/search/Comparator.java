package dev.gyre.tracking.search;

import java.util.Locale;

/** Comparison operators of MLflow's filter grammar. */
public enum Comparator {
    EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    /** As written in a filter. */
    public String symbol() {
        return symbol;
    }

    /** The comparator written as this symbol or keyword (case-insensitive), or {@code null}. */
    static Comparator ofSymbol(String text) {
        for (Comparator c : values()) {
            if (c.symbol.equals(text.toUpperCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }
}
