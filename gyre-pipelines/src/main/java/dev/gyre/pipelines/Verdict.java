package dev.gyre.pipelines;

import java.util.Objects;

/**
 * The outcome of a {@link Condition} over a step's results.
 *
 * @param holds  whether the condition holds
 * @param reason why, quoting the values read, e.g. {@code metrics.roc_auc = 0.812 < 0.85} or
 *               {@code metrics.roc_auc is missing}
 */
public record Verdict(boolean holds, String reason) {
    public Verdict {
        Objects.requireNonNull(reason, "reason");
    }
}
