package dev.gyre.monitoring.alert;

import java.time.Instant;

/** A request, raised by a firing alert, to retrain the model behind a deployment. */
public record RetrainingRequest(String deployment, String rule, String metric, double value, double threshold,
                                Instant since, Instant requestedAt) {
}
