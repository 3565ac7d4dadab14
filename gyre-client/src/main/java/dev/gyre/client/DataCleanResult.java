package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to cleaning a version.
 *
 * @param created {@code false} when the data set already had the cleaned content: {@code version} is that version
 * @param version the new version, with the source as parent and step {@code clean}
 * @param log     what each step of the clean spec did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataCleanResult(
        @JsonProperty("created") boolean created,
        @JsonProperty("version") DataVersion version,
        @JsonProperty("log") List<Step> log) {

    public DataCleanResult {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /**
     * What one step did.
     *
     * @param step    its number in the spec, from 1
     * @param kind    its name in the spec ({@code filter}, {@code cast}, …)
     * @param summary one line for people: {@code 3 filter: 891 → 714 rows, 12 → 12 columns}, with notes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(
            @JsonProperty("step") int step,
            @JsonProperty("kind") String kind,
            @JsonProperty("summary") String summary) {
    }
}
