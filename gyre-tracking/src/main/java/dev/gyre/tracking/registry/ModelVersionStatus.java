package dev.gyre.tracking.registry;

/** Registration status of a model version, with MLflow's names. */
public enum ModelVersionStatus {
    PENDING_REGISTRATION,
    FAILED_REGISTRATION,
    READY
}
