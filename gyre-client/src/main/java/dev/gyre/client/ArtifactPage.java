package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of an artifact listing.
 *
 * @param artifacts     the artifacts on this page, ordered by path
 * @param nextPageToken pass it to {@link GyreClient#listArtifacts} for the next page; {@code null} on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArtifactPage(
        @JsonProperty("artifacts") List<ArtifactInfo> artifacts,
        @JsonProperty("next_page_token") String nextPageToken) {

    public ArtifactPage {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        if (nextPageToken != null && nextPageToken.isEmpty()) {
            nextPageToken = null;
        }
    }

    /** Whether more pages follow. */
    public boolean hasNextPage() {
        return nextPageToken != null;
    }
}
