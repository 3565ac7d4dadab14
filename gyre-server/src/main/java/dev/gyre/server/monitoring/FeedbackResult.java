package dev.gyre.server.monitoring;

import java.util.List;
import java.util.Objects;

/**
 * What one feedback call did.
 *
 * @param accepted   labels stored now
 * @param duplicates labels already stored with the same value (sent before, or twice in the call); nothing changed
 * @param unmatched  request ids with no recorded prediction of the deployment, in the order sent; nothing stored
 * @param conflicts  request ids that already have a different label, in the order sent; the stored label is kept
 */
public record FeedbackResult(int accepted, int duplicates, List<String> unmatched, List<String> conflicts) {

    /** Copies the lists. */
    public FeedbackResult {
        unmatched = List.copyOf(Objects.requireNonNull(unmatched, "unmatched"));
        conflicts = List.copyOf(Objects.requireNonNull(conflicts, "conflicts"));
    }
}
