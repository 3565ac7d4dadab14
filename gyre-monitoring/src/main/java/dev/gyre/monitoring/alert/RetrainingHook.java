package dev.gyre.monitoring.alert;

/**
 * Called once per firing episode of a rule with {@code retrain: true}. The pipelines module provides the
 * implementation that starts a retraining run; until then {@link RecordingRetrainingHook} records requests.
 */
public interface RetrainingHook {
    void requestRetraining(RetrainingRequest request);
}
