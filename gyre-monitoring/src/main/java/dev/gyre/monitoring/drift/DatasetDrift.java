package dev.gyre.monitoring.drift;

import java.util.Map;

/**
 * Drift over all columns: each column's result, the share of drifted columns among those that could be
 * tested, and the dataset verdict (share ≥ the configured share).
 *
 * @param columns    per column, in the order given, its result (after correction)
 * @param tested     columns whose test was applicable
 * @param drifted    columns that drifted
 * @param share      drifted / tested; null when no column could be tested
 * @param threshold  the share at which the dataset drifts
 * @param datasetDrift the verdict; false when no column could be tested
 * @param correction the multiple-testing correction applied to the p-value tests
 * @param note       why the share is missing, when it is
 */
public record DatasetDrift(Map<String, DriftResult> columns, int tested, int drifted, Double share,
                           double threshold, boolean datasetDrift, Correction correction, String note) {
}
