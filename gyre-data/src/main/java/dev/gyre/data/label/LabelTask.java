package dev.gyre.data.label;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A labelling task: rows of one dataset version for annotators to label with one of a fixed set of labels.
 *
 * @param id                store-assigned id
 * @param projectId         the project it belongs to
 * @param versionId         the dataset version whose rows are labelled
 * @param name              unique within the project
 * @param labelColumn       the column the final labels become in the new dataset version
 * @param allowedLabels     the labels annotators choose from, in the order they are shown
 * @param instructions      guidance for annotators, or {@code null}
 * @param annotatorsPerItem how many annotators should label each item
 * @param status            open (labelling and review go on) or closed (nothing changes any more)
 * @param createdBy         id of the creator, or {@code null} if that user is gone
 * @param createdAt         when it was created
 * @param itemCount         how many rows it covers
 */
public record LabelTask(long id, long projectId, long versionId, String name, String labelColumn,
                        List<String> allowedLabels, String instructions, int annotatorsPerItem, Status status,
                        Long createdBy, Instant createdAt, int itemCount) {

    public LabelTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labelColumn, "labelColumn");
        allowedLabels = List.copyOf(allowedLabels);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether labels and reviews may still change. */
    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** The state of a task. */
    public enum Status {
        OPEN, CLOSED;

        /** The lower-case name stored and shown: {@code open}, {@code closed}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
