package dev.gyre.tracking.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to point an alias (normally the production alias) at a model version, which a second
 * person with an approving role must approve.
 *
 * @param id              store-assigned id
 * @param modelName       the registered model's current name
 * @param version         the version to promote
 * @param alias           the alias to move
 * @param requestedById   id of the requester, or {@code null} if that user was deleted
 * @param requestedBy     the requester's user name
 * @param requestedAt     when it was requested
 * @param reason          why, or {@code null}
 * @param status          where it stands
 * @param decidedById     id of who approved, rejected or cancelled it, or {@code null}
 * @param decidedBy       that user's name, or {@code null} while pending
 * @param decidedAt       when, or {@code null} while pending
 * @param decisionReason  why, or {@code null}
 */
public record PromotionRequest(long id, String modelName, int version, String alias, Long requestedById,
                               String requestedBy, Instant requestedAt, String reason, PromotionStatus status,
                               Long decidedById, String decidedBy, Instant decidedAt, String decisionReason) {
    public PromotionRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(status, "status");
    }
}
