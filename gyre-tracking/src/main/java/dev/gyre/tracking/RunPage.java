package dev.gyre.tracking;

import java.util.List;

/**
 * One page of runs.
 *
 * @param nextPageToken opaque token for the next page, or {@code null} when this is the last
 */
public record RunPage(List<Run> runs, String nextPageToken) {
    public RunPage {
        runs = List.copyOf(runs);
    }
}
