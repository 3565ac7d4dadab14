package dev.gyre.tracking.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One change, as the audit log keeps it.
 *
 * @param projectId  the project it belongs to, or {@code null} for platform-wide changes
 * @param actorId    the user who made it, or {@code null} for the platform itself
 * @param actorName  that user's name at the time (kept even if the user is renamed or deleted)
 * @param action     what happened, dotted lower case: {@code charter.update}, {@code model_version.create},
 *                   {@code alias.set}, {@code promotion.approve}, …
 * @param entityType the kind of thing changed: {@code project}, {@code charter}, {@code run},
 *                   {@code registered_model}, {@code model_version}, {@code alias}, {@code promotion}, …
 * @param entityId   its id ({@code name/version} for model versions)
 * @param beforeJson the state before as JSON, or {@code null} when it was created
 * @param afterJson  the state after as JSON, or {@code null} when it was deleted
 * @param at         when
 */
public record AuditEvent(Long projectId, Long actorId, String actorName, String action, String entityType,
                         String entityId, String beforeJson, String afterJson, Instant at) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(at, "at");
    }
}
