package dev.gyre.tracking;

import dev.gyre.core.GyreException;
import java.util.Locale;

/** Whether an experiment or run is in use or soft-deleted (MLflow's {@code lifecycle_stage}). */
public enum LifecycleStage {
    ACTIVE, DELETED;

    /** The name stored and shown: {@code active} or {@code deleted}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code active} or {@code deleted} (any case).
     *
     * @throws GyreException.InvalidArgument for anything else
     */
    public static LifecycleStage parse(String value) {
        if (value != null) {
            for (LifecycleStage stage : values()) {
                if (stage.name().equalsIgnoreCase(value)) {
                    return stage;
                }
            }
        }
        throw new GyreException.InvalidArgument("Invalid lifecycle stage '" + value + "'. Use 'active' or 'deleted'.");
    }
}
