package dev.gyre.tracking.registry;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items         the results on this page, in the requested order
 * @param nextPageToken opaque token for the next page, or {@code null} when this is the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
