package dev.gyre.training.search;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Independent draws from the prior: an algorithm uniformly, then each of its parameters uniformly over its
 * choices or (log-)range. Never exhausted.
 */
public final class RandomSampler implements Sampler {

    private final SearchSpace space;

    public RandomSampler(SearchSpace space) {
        this.space = space;
    }

    /** A factory for {@code Search.Builder#sampler}. */
    public static Sampler.Factory factory() {
        return RandomSampler::new;
    }

    @Override
    public Candidate next(List<Observation> history, Random random) {
        return draw(space, random);
    }

    static Candidate draw(SearchSpace space, Random random) {
        List<String> algorithms = space.algorithms();
        String algorithm = algorithms.get(random.nextInt(algorithms.size()));
        Map<String, Object> params = new TreeMap<>();
        space.params(algorithm).forEach((name, domain) -> params.put(name, domain.sample(random)));
        return new Candidate(algorithm, params);
    }
}
