package dev.gyre.data.label;

import java.time.Instant;
import java.util.Objects;

/**
 * One annotator's label for one item.
 *
 * @param taskId    the task
 * @param rowIndex  the row of the dataset version
 * @param annotator the annotator's user name
 * @param label     the label given
 * @param createdAt when it was first given
 * @param updatedAt when it was last changed (equal to {@code createdAt} if never)
 */
public record Annotation(long taskId, int rowIndex, String annotator, String label, Instant createdAt,
                         Instant updatedAt) {
    public Annotation {
        Objects.requireNonNull(annotator, "annotator");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
