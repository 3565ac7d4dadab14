package dev.gyre.core.artifact;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items         artifacts in path order
 * @param nextPageToken token for the next page, or {@code null} on the last page
 */
public record ArtifactPage(List<ArtifactInfo> items, String nextPageToken) {
    public ArtifactPage {
        items = List.copyOf(items);
    }
}
