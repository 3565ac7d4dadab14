package dev.gyre.tracking;

import dev.gyre.core.GyreException;
import java.util.Locale;

/** Which lifecycle stages a search returns (MLflow's {@code ViewType}). */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    /** Whether entities in this stage are shown. */
    public boolean includes(LifecycleStage stage) {
        return switch (this) {
            case ACTIVE_ONLY -> stage == LifecycleStage.ACTIVE;
            case DELETED_ONLY -> stage == LifecycleStage.DELETED;
            case ALL -> true;
        };
    }

    /**
     * Parses a view type name (any case); {@code null} or blank means {@link #ACTIVE_ONLY}.
     *
     * @throws GyreException.InvalidArgument for an unknown name
     */
    public static ViewType parse(String value) {
        if (value == null || value.isBlank()) {
            return ACTIVE_ONLY;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GyreException.InvalidArgument("Invalid view type '" + value
                    + "'. Use ACTIVE_ONLY, DELETED_ONLY or ALL.");
        }
    }
}
