package dev.gyre.tracking.search;

import dev.gyre.core.GyreException;

/** Messages for bad filters and order-by clauses that point at the position of the problem. */
final class FilterErrors {

    private FilterErrors() {
    }

    /** "Invalid filter 'x' at position N (1-based): detail." */
    static GyreException.InvalidArgument at(String input, String what, int position, String detail) {
        String shown = input.length() <= 200 ? input : input.substring(0, 197) + "...";
        return new GyreException.InvalidArgument("Invalid " + what + " '" + shown + "' at position " + (position + 1)
                + ": " + detail + ".");
    }
}
