package dev.gyre.tracking;

import java.util.List;

/**
 * One page of a metric's history in (step, timestamp) order.
 *
 * @param nextPageToken opaque token for the next page, or {@code null} when this is the last
 */
public record MetricHistoryPage(List<Metric> metrics, String nextPageToken) {
    public MetricHistoryPage {
        metrics = List.copyOf(metrics);
    }
}
