package dev.gyre.tracking;

import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.Locale;

/** The status of a run, as MLflow names it. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    /** Whether the run has ended (finished, failed or killed). */
    public boolean isTerminated() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /**
     * Parses a status name (any case).
     *
     * @throws GyreException.InvalidArgument naming the valid statuses when it is none of them
     */
    public static RunStatus parse(String value) {
        if (value != null) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new GyreException.InvalidArgument("Invalid run status '" + value + "'. Use one of "
                + Arrays.toString(values()) + ".");
    }
}
