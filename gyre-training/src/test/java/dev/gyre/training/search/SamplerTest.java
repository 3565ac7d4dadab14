package dev.gyre.training.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final SearchSpace TWO_ALGORITHMS = SearchSpace.builder()
            .algorithm("logistic_regression", Map.of("c", Domain.floatRange(0.01, 100, true)))
            .algorithm("random_forest", Map.of("n_trees", Domain.choice(List.of(10, 20)),
                    "max_depth", Domain.intRange(2, 6)))
            .build();

    @Test
    void gridProposesEveryCombinationOnceThenIsExhausted() {
        Sampler grid = new GridSampler(TWO_ALGORITHMS, 5);
        List<Candidate> seen = new ArrayList<>();
        for (Candidate c = grid.next(List.of(), new Random(0)); c != null; c = grid.next(List.of(), new Random(0))) {
            seen.add(c);
        }
        assertThat(seen).hasSize(5 + 2 * 5).doesNotHaveDuplicates();
        assertThat(seen.stream().filter(c -> c.algorithm().equals("logistic_regression"))
                .map(c -> (Double) c.params().get("c")).toList())
                .usingComparatorForType((a, b) -> Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)) ? 0 : Double.compare(a, b), Double.class)
                .containsExactly(0.01, 0.1, 1.0, 10.0, 100.0);   // log-spaced, both bounds included
        assertThat(seen.stream().filter(c -> c.algorithm().equals("random_forest")).map(Candidate::params))
                .contains(Map.of("n_trees", 10, "max_depth", 2), Map.of("n_trees", 20, "max_depth", 6));
    }

    @Test
    void gridRoundsIntegerRangesAndDropsRepeats() {
        SearchSpace space = SearchSpace.of("random_forest", Map.of("max_depth", Domain.intRange(1, 3)));
        assertThat(new GridSampler(space, 5).candidates()).extracting(c -> c.params().get("max_depth"))
                .containsExactly(1, 2, 3);
    }

    @Test
    void randomStaysWithinBoundsAndIsUniformOnTheLogScale() {
        SearchSpace space = SearchSpace.of("gradient_boosting", Map.of(
                "learning_rate", Domain.floatRange(1e-4, 1, true),
                "n_estimators", Domain.intRange(10, 1000, true),
                "max_depth", Domain.intRange(2, 8)));
        Sampler sampler = new RandomSampler(space);
        Random random = new Random(1);
        int belowHundredth = 0;
        int belowHundred = 0;
        Set<Object> depths = new HashSet<>();
        for (int i = 0; i < 4000; i++) {
            Map<String, Object> p = sampler.next(List.of(), random).params();
            double lr = (Double) p.get("learning_rate");
            int trees = (Integer) p.get("n_estimators");
            assertThat(lr).isBetween(1e-4, 1.0);
            assertThat(trees).isBetween(10, 1000);
            assertThat((Integer) p.get("max_depth")).isBetween(2, 8);
            depths.add(p.get("max_depth"));
            belowHundredth += lr < 1e-2 ? 1 : 0;
            belowHundred += trees < 100 ? 1 : 0;
        }
        assertThat(belowHundredth / 4000.0).isBetween(0.45, 0.55);   // half the decades lie below 0.01
        assertThat(belowHundred / 4000.0).isBetween(0.42, 0.58);
        assertThat(depths).hasSize(7);
    }

    @Test
    void theSameSeedGivesTheSameTpeProposals() {
        assertThat(runTpe(7, 30)).isEqualTo(runTpe(7, 30));
        assertThat(runTpe(7, 30)).isNotEqualTo(runTpe(8, 30));
    }

    @Test
    void tpeProposesOnlyTheParametersOfTheChosenAlgorithm() {
        Sampler tpe = new TpeSampler(TWO_ALGORITHMS, 5, 0.25, 24);
        Random random = new Random(3);
        List<Observation> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Candidate c = tpe.next(history, random);
            assertThat(c.params().keySet()).isEqualTo(TWO_ALGORITHMS.params(c.algorithm()).keySet());
            history.add(new Observation(c, c.algorithm().equals("random_forest") ? 0 : 1));
        }
        // random forest scores better, so after the start-up TPE should mostly propose it
        long forests = history.subList(15, 30).stream().filter(o -> o.candidate().algorithm().equals("random_forest")).count();
        assertThat(forests).isGreaterThanOrEqualTo(10);
    }

    @Test
    void tpeFindsBetterValuesThanRandomOnAverageOverSeeds() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < 20; seed++) {
            tpe += best(TpeSampler.factory().create(BOWL), seed, 40);
            random += best(new RandomSampler(BOWL), seed, 40);
        }
        assertThat(tpe / 20).isLessThan(random / 20);
    }

    private static final SearchSpace BOWL = SearchSpace.of("gradient_boosting", Map.of(
            "learning_rate", Domain.floatRange(1e-4, 1, true),
            "max_depth", Domain.intRange(1, 30),
            "subsample", Domain.floatRange(0.1, 1),
            "max_bin", Domain.choice(List.of(16, 32, 64, 128, 256))));

    /** A smooth bowl with its minimum 0 at learning_rate 0.03, max_depth 9, subsample 0.7, max_bin 64. */
    private static double bowl(Candidate c) {
        double lr = Math.log10((Double) c.params().get("learning_rate")) - Math.log10(0.03);
        double depth = ((Integer) c.params().get("max_depth") - 9) / 10.0;
        double sub = ((Double) c.params().get("subsample") - 0.7) * 2;
        double bin = c.params().get("max_bin").equals(64) ? 0 : 0.5;
        return lr * lr + depth * depth + sub * sub + bin;
    }

    private static double best(Sampler sampler, long seed, int trials) {
        Random random = new Random(seed);
        List<Observation> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trials; i++) {
            Candidate c = sampler.next(history, random);
            double loss = bowl(c);
            best = Math.min(best, loss);
            history.add(new Observation(c, loss));
        }
        return best;
    }

    private static List<Candidate> runTpe(long seed, int trials) {
        Sampler tpe = TpeSampler.factory().create(BOWL);
        Random random = new Random(seed);
        List<Observation> history = new ArrayList<>();
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Candidate c = tpe.next(history, random);
            out.add(c);
            history.add(new Observation(c, bowl(c)));
        }
        return out;
    }
}
