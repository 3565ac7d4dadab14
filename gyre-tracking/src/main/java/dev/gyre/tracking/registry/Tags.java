package dev.gyre.tracking.registry;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable, key-ordered copies of tag maps for the records. */
final class Tags {

    private Tags() {
    }

    static SortedMap<String, String> copy(Map<String, String> tags) {
        return tags == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }
}
