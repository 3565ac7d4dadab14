package dev.gyre.data.version;

/** What the SHA-256 of a version names. */
public enum VersionKind {
    /** One file: the SHA-256 is the file's blob. */
    FILE,
    /** A directory: the SHA-256 is the blob of its {@link DirectoryManifest}, which names the file blobs. */
    DIRECTORY;

    /** The name in the database and on the wire: {@code file} or {@code directory}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument listing the accepted names
     */
    public static VersionKind parse(String name) {
        return WireNames.parse(values(), VersionKind::wireName, name, "version kind");
    }
}
