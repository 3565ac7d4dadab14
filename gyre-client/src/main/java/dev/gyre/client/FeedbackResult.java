package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one feedback call did, as {@code POST /api/v1/deployments/{name}/feedback} answers.
 *
 * @param accepted       labels stored now
 * @param duplicates     labels already stored with the same value; nothing changed
 * @param unmatched      request ids with no recorded prediction (at most the first 100)
 * @param unmatchedCount how many request ids were unmatched in all
 * @param conflicts      request ids that already have a different label, kept as it was (at most the first 100)
 * @param conflictsCount how many request ids conflicted in all
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeedbackResult(
        @JsonProperty("accepted") int accepted,
        @JsonProperty("duplicates") int duplicates,
        @JsonProperty("unmatched") List<String> unmatched,
        @JsonProperty("unmatched_count") int unmatchedCount,
        @JsonProperty("conflicts") List<String> conflicts,
        @JsonProperty("conflicts_count") int conflictsCount) {

    /** Copies the lists; absent ones are empty. */
    public FeedbackResult {
        unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }
}
