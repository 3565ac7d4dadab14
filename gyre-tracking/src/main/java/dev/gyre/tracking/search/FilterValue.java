package dev.gyre.tracking.search;

import java.util.List;

/** The right-hand side of a comparison. */
public sealed interface FilterValue {

    /** A number, kept as written and as a double. */
    record Number(String text, double value) implements FilterValue {
    }

    /** A quoted string. */
    record Text(String value) implements FilterValue {
    }

    /** A parenthesised list of quoted strings, for {@code IN} and {@code NOT IN}. */
    record TextList(List<String> values) implements FilterValue {
        public TextList {
            values = List.copyOf(values);
        }
    }
}
