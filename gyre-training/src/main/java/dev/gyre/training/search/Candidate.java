package dev.gyre.training.search;

import java.util.Map;
import java.util.TreeMap;

/**
 * One point of a search space: an algorithm and values for its tuned parameters (the others take their
 * defaults). Parameter values are normalised as the algorithm's schema does ({@link Integer}, {@link Double},
 * {@link Boolean} or {@link String}).
 *
 * @param algorithm the algorithm's registered name
 * @param params    the tuned parameters, sorted by name
 */
public record Candidate(String algorithm, Map<String, Object> params) {

    public Candidate {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }
}
