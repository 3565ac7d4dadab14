package dev.gyre.tracking;

import java.util.List;

/**
 * One page of experiments.
 *
 * @param nextPageToken opaque token for the next page, or {@code null} when this is the last
 */
public record ExperimentPage(List<Experiment> experiments, String nextPageToken) {
    public ExperimentPage {
        experiments = List.copyOf(experiments);
    }
}
