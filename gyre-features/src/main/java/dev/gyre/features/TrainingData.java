package dev.gyre.features;

import dev.gyre.core.GyreException;
import java.util.Locale;
import java.util.Objects;

/**
 * A table to fit features on, with the split role of the dataset version it was read from. The role is
 * what lets {@link FeaturePipeline#fit} refuse the sealed test split; the data service refuses to hand the
 * test split out for training too, and this is the second lock.
 *
 * @param table the rows
 * @param role  the split the rows are; {@link SplitRole#NONE} for a version that is not a split part
 */
public record TrainingData(dev.gyre.core.table.Table table, SplitRole role) {

    /** The part of a split a dataset version is. */
    public enum SplitRole {
        /** Rows to fit features and models on. */
        TRAIN,
        /** Rows to tune and select models on. */
        VALIDATION,
        /** Held-out rows for the one final evaluation; sealed: never fitted on. */
        TEST,
        /** A version that is not part of a split. */
        NONE;

        /** The wire name: {@code train}, {@code validation}, {@code test} or {@code none}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a wire name (case-insensitive); {@code null} is {@link #NONE}, as a version without a role.
         *
         * @throws GyreException.InvalidArgument listing the roles
         */
        public static SplitRole fromWireName(String name) {
            if (name == null) {
                return NONE;
            }
            for (SplitRole role : values()) {
                if (role.wireName().equalsIgnoreCase(name.trim())) {
                    return role;
                }
            }
            throw new GyreException.InvalidArgument("Unknown split role '" + name
                    + "': use one of train, validation, test, none.");
        }
    }

    public TrainingData {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(role, "role");
    }

    /** Rows of a train split. */
    public static TrainingData train(dev.gyre.core.table.Table table) {
        return new TrainingData(table, SplitRole.TRAIN);
    }

    /** Rows of a version that is not a split part. */
    public static TrainingData unsplit(dev.gyre.core.table.Table table) {
        return new TrainingData(table, SplitRole.NONE);
    }
}
