package dev.gyre.data.version;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's recorded decision to use a version for training although its validation failed.
 *
 * @param id              store-assigned id
 * @param versionId       the version
 * @param validationRound the validation round it overrides; a later failing round needs a new override
 * @param reason          why, in the person's words
 * @param createdBy       who, or {@code null} if that user was deleted
 * @param createdByName   the user's name at the time
 * @param createdAt       when
 */
public record ValidationOverride(long id, long versionId, int validationRound, String reason, Long createdBy,
                                 String createdByName, Instant createdAt) {
    public ValidationOverride {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdByName, "createdByName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
