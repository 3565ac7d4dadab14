package dev.gyre.data.version;

/** The outcome of validating a version against its expectations. */
public enum VersionStatus {
    /** No validation result recorded yet (the state of a new version). */
    UNVALIDATED,
    /** The latest validation passed. */
    VALIDATED,
    /** The latest validation failed: training on it needs an override with a reason. */
    FAILED;

    /** The name in the database and on the wire: {@code unvalidated}, {@code validated} or {@code failed}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument listing the accepted names
     */
    public static VersionStatus parse(String name) {
        return WireNames.parse(values(), VersionStatus::wireName, name, "validation status");
    }
}
