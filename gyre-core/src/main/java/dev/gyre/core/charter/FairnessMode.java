package dev.gyre.core.charter;

import dev.gyre.core.GyreException;
import java.util.Locale;

/** What happens when a model misses the fairness threshold. */
public enum FairnessMode {
    /** The result is shown in the validation report and the model card; promotion is not blocked. */
    REPORT_ONLY("report_only"),
    /** A model that misses the threshold cannot be promoted. */
    BLOCKING("blocking");

    private final String wireName;

    FairnessMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in charter documents. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name (case-insensitive, {@code -} accepted for {@code _}).
     *
     * @throws GyreException.InvalidArgument when it is neither {@code report_only} nor {@code blocking}
     */
    public static FairnessMode parse(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            for (FairnessMode mode : values()) {
                if (mode.wireName.equals(wanted)) {
                    return mode;
                }
            }
        }
        throw new GyreException.InvalidArgument("unknown fairness mode '" + name + "'; use one of: report_only, blocking");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
