package dev.gyre.tracking.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment on a run or a model version.
 *
 * @param id         store-assigned id, growing with every comment
 * @param projectId  the project the entity belongs to, or {@code null} when unknown
 * @param entityType {@code run} or {@code model_version}
 * @param entityId   the run id, or {@code name/version} for a model version
 * @param authorId   id of the author, or {@code null} if the author was deleted
 * @param authorName the author's name, or {@code null} if the author was deleted
 * @param body       the text, trimmed, 1 to 20 000 characters
 * @param createdAt  when it was written
 */
public record Comment(long id, Long projectId, String entityType, String entityId, Long authorId, String authorName,
                      String body, Instant createdAt) {
    public Comment {
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
