package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where a version came from: every version it was made from, directly or through further steps.
 *
 * @param version   the version asked about
 * @param ancestors the versions it descends from
 * @param edges     child → parent links between these versions, by ref
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataLineage(
        @JsonProperty("version") DataVersion version,
        @JsonProperty("ancestors") List<DataVersion> ancestors,
        @JsonProperty("edges") List<Edge> edges) {

    public DataLineage {
        ancestors = ancestors == null ? List.of() : List.copyOf(ancestors);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /**
     * One link of the lineage.
     *
     * @param child  the ref of the version that was made
     * @param parent the ref of a version it was made from
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Edge(
            @JsonProperty("child") String child,
            @JsonProperty("parent") String parent) {
    }
}
