package dev.gyre.data.version;

import java.time.Instant;
import java.util.Objects;

/**
 * One granted read of a sealed (test split) version.
 *
 * @param id        store-assigned id, increasing
 * @param versionId the version read
 * @param purpose   why
 * @param userId    who, or {@code null} if that user was deleted
 * @param userName  the user's name at the time
 * @param readAt    when
 */
public record DataRead(long id, long versionId, ReadPurpose purpose, Long userId, String userName, Instant readAt) {
    public DataRead {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(readAt, "readAt");
    }
}
