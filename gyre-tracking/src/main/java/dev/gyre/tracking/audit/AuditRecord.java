package dev.gyre.tracking.audit;

import java.util.Objects;

/**
 * An event as stored in the audit log.
 *
 * @param id    its position in the log; ids grow with every record, so {@code afterId} pages through it
 * @param event the event
 */
public record AuditRecord(long id, AuditEvent event) {
    public AuditRecord {
        Objects.requireNonNull(event, "event");
    }
}
