package dev.gyre.tracking.registry;

/** Where a {@link PromotionRequest} stands. Only {@link #PENDING} requests can be decided or cancelled. */
public enum PromotionStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED
}
