package dev.gyre.data.version;

import java.util.List;
import java.util.Objects;

/**
 * Where a version came from: every version it was made from, directly or through other versions.
 *
 * @param version   the version asked about
 * @param ancestors each ancestor once, nearest first (breadth-first, parents in the order they were named)
 * @param edges     every "made from" link among them, child to parent
 */
public record Lineage(DataVersion version, List<DataVersion> ancestors, List<Edge> edges) {

    /**
     * One "made from" link.
     *
     * @param childId  the version made
     * @param parentId a version it was made from
     */
    public record Edge(long childId, long parentId) {
    }

    public Lineage {
        Objects.requireNonNull(version, "version");
        ancestors = List.copyOf(ancestors);
        edges = List.copyOf(edges);
    }
}
