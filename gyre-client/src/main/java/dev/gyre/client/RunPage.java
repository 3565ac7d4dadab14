package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of runs.
 *
 * @param nextPageToken pass to the next call for the next page; {@code null} on the last
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunPage(
        @JsonProperty("runs") List<Run> runs,
        @JsonProperty("next_page_token") String nextPageToken) {
}
