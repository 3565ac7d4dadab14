package dev.gyre.tracking.search.index;

/**
 * The searchable attributes of one run, as stored.
 *
 * @param endTime {@code null} while the run has not ended
 * @param deleted whether its lifecycle stage is {@code deleted}
 */
record RunAttributes(String runId, String runName, String userId, String status, long startTime, Long endTime,
                     boolean deleted, String artifactUri) {
}
