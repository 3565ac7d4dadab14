package dev.gyre.training.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Every combination of the space's values, algorithm by algorithm in the space's order, parameters varying
 * fastest in reverse name order. Choices contribute every value; a range contributes {@code points} evenly
 * spaced values from its lower to its upper bound inclusive (in log space for a log range; integer ranges
 * rounded, repeats dropped); {@link #DEFAULT_POINTS} unless told otherwise. Exhausted after the last
 * combination; ignores the history and the generator.
 */
public final class GridSampler implements Sampler {

    /** The number of values a range is discretised to by default. */
    public static final int DEFAULT_POINTS = 5;

    private final List<Candidate> grid;
    private int position;

    public GridSampler(SearchSpace space, int points) {
        if (points < 1) {
            throw new dev.gyre.core.GyreException.InvalidArgument("a grid needs at least one point per range, not "
                    + points);
        }
        this.grid = combinations(space, points);
    }

    /** A factory discretising ranges to {@link #DEFAULT_POINTS} values. */
    public static Sampler.Factory factory() {
        return factory(DEFAULT_POINTS);
    }

    /** A factory discretising ranges to {@code points} values. */
    public static Sampler.Factory factory(int points) {
        return space -> new GridSampler(space, points);
    }

    /** Every candidate of the grid, in proposal order. */
    public List<Candidate> candidates() {
        return List.copyOf(grid);
    }

    @Override
    public synchronized Candidate next(List<Observation> history, Random random) {
        return position < grid.size() ? grid.get(position++) : null;
    }

    private static List<Candidate> combinations(SearchSpace space, int points) {
        List<Candidate> all = new ArrayList<>();
        for (String algorithm : space.algorithms()) {
            List<Map<String, Object>> partial = new ArrayList<>();
            partial.add(new TreeMap<>());
            for (Map.Entry<String, Domain> e : space.params(algorithm).entrySet()) {
                List<Map<String, Object>> extended = new ArrayList<>();
                for (Map<String, Object> base : partial) {
                    for (Object v : e.getValue().grid(points)) {
                        Map<String, Object> m = new TreeMap<>(base);
                        m.put(e.getKey(), v);
                        extended.add(m);
                    }
                }
                partial = extended;
            }
            partial.forEach(p -> all.add(new Candidate(algorithm, p)));
        }
        return all;
    }
}
