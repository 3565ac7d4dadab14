package dev.gyre.data.version;

import java.util.Objects;

/**
 * The answer to {@link DataVersionService#createVersion}.
 *
 * @param version the new version, or the existing one with the same content
 * @param created false when the data set had a version with that content already and nothing was written
 */
public record CreatedVersion(DataVersion version, boolean created) {
    public CreatedVersion {
        Objects.requireNonNull(version, "version");
    }
}
