package dev.gyre.core.artifact;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about one artifact.
 *
 * @param path         the artifact's path
 * @param size         bytes
 * @param sha256       lower-case hex SHA-256 of the content
 * @param lastModified when it was written
 */
public record ArtifactInfo(ArtifactPath path, long size, String sha256, Instant lastModified) {
    public ArtifactInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }
}
