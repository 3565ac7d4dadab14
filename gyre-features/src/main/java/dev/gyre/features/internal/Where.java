package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import java.util.OptionalInt;

/** Formats the start of a spec error: the line (when known) and the field, e.g. {@code Line 7, field 'drop[2]': }. */
public final class Where {
    private Where() {
    }

    /** The prefix for an error about {@code field}, with its line when {@code line} is present. */
    public static String of(OptionalInt line, String field) {
        String where = field == null ? "" : "field '" + field + "'";
        if (line.isPresent()) {
            return "Line " + line.getAsInt() + (where.isEmpty() ? "" : ", " + where) + ": ";
        }
        return where.isEmpty() ? "Feature spec: " : "Feature spec, " + where + ": ";
    }

    /** An {@link GyreException.InvalidArgument} whose message starts with {@link #of}. */
    public static GyreException.InvalidArgument error(OptionalInt line, String field, String message) {
        return new GyreException.InvalidArgument(of(line, field) + message);
    }
}
