package dev.gyre.tracking.project;

import dev.gyre.core.charter.Charter;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a project's charter.
 *
 * @param projectId     the project
 * @param version       1 for the first charter, then 2, 3, …
 * @param format        the language of the source
 * @param source        the document exactly as it was written
 * @param canonicalJson the canonical JSON of the charter ({@link CharterParser#toCanonicalJson})
 * @param sha256        hex sha256 of the UTF-8 bytes of the canonical JSON
 * @param charter       the charter
 * @param createdBy     id of the user who wrote it, or {@code null} if that user was deleted
 * @param createdAt     when it was written
 */
public record CharterVersion(long projectId, int version, CharterFormat format, String source, String canonicalJson,
                             String sha256, Charter charter, Long createdBy, Instant createdAt) {
    public CharterVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(canonicalJson, "canonicalJson");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(charter, "charter");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
