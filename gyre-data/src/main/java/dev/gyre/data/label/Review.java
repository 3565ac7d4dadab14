package dev.gyre.data.label;

import java.time.Instant;
import java.util.Objects;

/**
 * A reviewer's decision on an item's labels.
 *
 * @param taskId     the task
 * @param rowIndex   the row of the dataset version
 * @param reviewer   the reviewer's user name
 * @param accepted   whether the annotators' label was accepted
 * @param comment    the reviewer's comment, or {@code null} (required when rejecting)
 * @param finalLabel the item's label from now on; {@code null} only for a rejection that sends the item back
 *                   to its annotators
 * @param reviewedAt when
 */
public record Review(long taskId, int rowIndex, String reviewer, boolean accepted, String comment, String finalLabel,
                     Instant reviewedAt) {
    public Review {
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(reviewedAt, "reviewedAt");
    }
}
