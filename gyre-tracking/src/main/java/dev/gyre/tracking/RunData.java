package dev.gyre.tracking;

import java.util.List;

/**
 * A run's data: the latest value of each metric, its parameters and its tags, each sorted by key.
 */
public record RunData(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    public RunData {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }
}
