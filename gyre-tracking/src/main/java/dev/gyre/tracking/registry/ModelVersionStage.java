package dev.gyre.tracking.registry;

import dev.gyre.core.GyreException;
import java.util.Locale;

/**
 * MLflow's model version stages (deprecated by MLflow in favour of aliases, still answered). Serving
 * reads aliases, not stages.
 */
public enum ModelVersionStage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String wireName;

    ModelVersionStage(String wireName) {
        this.wireName = wireName;
    }

    /** The name MLflow uses on the wire and in the database: {@code None}, {@code Staging}, … */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a stage name case-insensitively, as MLflow does ({@code "staging"} is {@link #STAGING}).
     *
     * @throws GyreException.InvalidArgument for anything else, listing the accepted names
     */
    public static ModelVersionStage parse(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (ModelVersionStage stage : values()) {
                if (stage.wireName.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return stage;
                }
            }
        }
        throw new GyreException.InvalidArgument("Invalid model version stage '" + name
                + "'. Use one of: None, Staging, Production, Archived.");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
