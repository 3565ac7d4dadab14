package dev.gyre.data.version;

/**
 * The part of a split a version is. A version that is not a split part has no role ({@code null}).
 * The {@link #TEST} split is sealed; see {@link ReadPurpose}.
 */
public enum SplitRole {
    /** Rows to fit features and models on. */
    TRAIN,
    /** Rows to tune and select models on. */
    VALIDATION,
    /** Held-out rows for the final, one-time evaluation; sealed from training. */
    TEST;

    /** The name in the database and on the wire: {@code train}, {@code validation} or {@code test}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument listing the accepted names
     */
    public static SplitRole parse(String name) {
        return WireNames.parse(values(), SplitRole::wireName, name, "split role");
    }
}
