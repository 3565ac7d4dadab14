package dev.gyre.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.Algorithms;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ParamSpec;
import dev.gyre.training.TrainingSet;
import dev.gyre.training.internal.Params;
import dev.gyre.training.internal.Registry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The threads a search's trials may use. A probe algorithm with a {@code threads} parameter writes down the
 * thread count its parameters resolve to, the way the built-in trainers read it, and then trains a logistic
 * regression.
 */
class TrialThreadsTest {

    private static final String PROBE = "thread_probe";
    private static final List<Integer> SEEN = Collections.synchronizedList(new ArrayList<>());
    private static final TrainingSet DATA = Data.binary(200, 5);
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @BeforeAll
    static void registerProbe() {
        AlgorithmSpec spec = new AlgorithmSpec(PROBE, "records its thread count", Set.of(LearningTask.CLASSIFICATION),
                List.of(ParamSpec.integer("threads", 0, 0, 256, "worker threads; 0 uses every available core")));
        Algorithms.register(spec, (data, params, seed) -> {
            SEEN.add(new Params(params).threads());
            return Algorithms.fit("logistic_regression", data, Map.of(), seed);
        });
    }

    @AfterAll
    static void removeProbe() {
        Registry.removeAlgorithm(PROBE);
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    @Test
    void withAsManyTrialsAtOnceAsCoresEachTrialTrainsOnOneThreadAndTheRefitOnAll() {
        assumeThat(CORES).as("on one core there is nothing to cap").isGreaterThan(1);
        SearchResult result = search(SearchSpace.of(PROBE, Map.of()), CORES);

        assertThat(result.leaderboard()).hasSize(2 * CORES)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialResult.Status.COMPLETED))
                .allSatisfy(t -> assertThat(t.threads()).isEqualTo(1));
        // Three folds per trial, then the refit of the best on the calling thread.
        assertThat(SEEN).hasSize(3 * 2 * CORES + 1);
        assertThat(SEEN.subList(0, SEEN.size() - 1)).containsOnly(1);
        assertThat(SEEN.get(SEEN.size() - 1)).isEqualTo(CORES);
    }

    @Test
    void theShareIsTheCoresDividedByTheParallelism() {
        SearchResult result = search(SearchSpace.of(PROBE, Map.of()), 1);
        assertThat(result.leaderboard()).allSatisfy(t -> assertThat(t.threads()).isEqualTo(CORES));
        assertThat(SEEN).containsOnly(CORES);

        SEEN.clear();
        int parallelism = Math.max(1, CORES / 2);
        search(SearchSpace.of(PROBE, Map.of()), parallelism);
        assertThat(SEEN.subList(0, SEEN.size() - 1)).containsOnly(Math.max(1, CORES / parallelism));
    }

    @Test
    void anExplicitThreadCountInTheSpaceWins() {
        SearchResult fixed = search(SearchSpace.of(PROBE, Map.of("threads", Domain.fixed(3))), CORES);
        assertThat(fixed.leaderboard()).allSatisfy(t -> assertThat(t.threads()).isEqualTo(3));
        assertThat(SEEN).containsOnly(3);

        SEEN.clear();
        SearchResult everyCore = search(SearchSpace.of(PROBE, Map.of("threads", Domain.fixed(0))), CORES);
        assertThat(everyCore.leaderboard()).allSatisfy(t -> assertThat(t.threads()).isEqualTo(CORES));
        assertThat(SEEN).containsOnly(CORES);
    }

    @Test
    void singleThreadedAlgorithmsReportOneThread() {
        SearchResult result = search(SearchSpace.of("logistic_regression", Map.of()), 1);
        assertThat(result.leaderboard()).allSatisfy(t -> assertThat(t.threads()).isEqualTo(1));
    }

    @Test
    void theShareDoesNotChangeTheMetricsOfRealThreadedAlgorithms() {
        SearchSpace space = SearchSpace.builder()
                .algorithm("random_forest", Map.of("n_trees", Domain.intRange(8, 24), "max_depth", Domain.intRange(2, 6)))
                .algorithm("knn", Map.of("k", Domain.intRange(3, 15)))
                .build();
        Search shared = Search.builder(space).sampler(GridSampler.factory(2)).validation(Validation.kFold(3))
                .maxTrials(6).parallelism(2).seed(9).build();
        Search everyCore = Search.builder(SearchSpace.builder()
                        .algorithm("random_forest", Map.of("n_trees", Domain.intRange(8, 24),
                                "max_depth", Domain.intRange(2, 6), "threads", Domain.fixed(4)))
                        .algorithm("knn", Map.of("k", Domain.intRange(3, 15), "threads", Domain.fixed(4)))
                        .build())
                .sampler(GridSampler.factory(2)).validation(Validation.kFold(3)).maxTrials(6).parallelism(2).seed(9)
                .build();
        SearchResult a = new SearchRunner(shared, DATA, null).run();
        SearchResult b = new SearchRunner(everyCore, DATA, null).run();
        assertThat(a.leaderboard()).hasSize(6).allSatisfy(t -> assertThat(t.threads()).isEqualTo(Math.max(1, CORES / 2)));
        assertThat(b.leaderboard()).allSatisfy(t -> assertThat(t.threads()).isEqualTo(4));
        assertThat(b.leaderboard().stream().map(t -> t.number() + " " + t.foldMetrics()).toList())
                .isEqualTo(a.leaderboard().stream().map(t -> t.number() + " " + t.foldMetrics()).toList());
    }

    private static SearchResult search(SearchSpace space, int parallelism) {
        Search search = Search.builder(space).sampler(RandomSampler.factory()).validation(Validation.kFold(3))
                .maxTrials(2 * parallelism).parallelism(parallelism).seed(4).build();
        return new SearchRunner(search, DATA, null).run();
    }
}
