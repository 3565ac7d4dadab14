package dev.gyre.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SearchRunnerTest {

    private static final TrainingSet BINARY = Data.binary(300, 11);

    private static final SearchSpace THREE_FAMILIES = SearchSpace.builder()
            .algorithm("logistic_regression", Map.of("c", Domain.floatRange(1e-3, 100, true)))
            .algorithm("random_forest", Map.of("n_trees", Domain.intRange(10, 40), "max_depth", Domain.intRange(2, 8)))
            .algorithm("gradient_boosting", Map.of("n_estimators", Domain.intRange(10, 60),
                    "learning_rate", Domain.floatRange(0.03, 0.5, true), "threads", Domain.fixed(1)))
            .build();

    @Test
    void aSearchOverThreeFamiliesReachesAHighAuc() {
        Search search = Search.builder(THREE_FAMILIES).metric("roc_auc").validation(Validation.kFold(3))
                .maxTrials(14).seed(5).build();
        SearchResult result = new SearchRunner(search, BINARY, null).run();
        assertThat(result.leaderboard()).hasSize(14);
        assertThat(result.leaderboard().stream().map(t -> t.candidate().algorithm()).distinct())
                .containsExactlyInAnyOrder("logistic_regression", "random_forest", "gradient_boosting");
        TrialResult best = result.best().orElseThrow();
        assertThat(best).isEqualTo(result.leaderboard().get(0));
        assertThat(best.mean()).isGreaterThan(0.9);
        assertThat(best.foldMetrics()).hasSize(3);
        assertThat(result.bestModel().orElseThrow().algorithm()).isEqualTo(best.candidate().algorithm());
        for (int i = 1; i < result.leaderboard().size(); i++) {
            assertThat(result.leaderboard().get(i).mean()).isLessThanOrEqualTo(result.leaderboard().get(i - 1).mean());
        }
    }

    @Test
    void aSeededSearchReproducesItsLeaderboardWithOneAndTwoThreads() {
        for (int parallelism : new int[] {1, 2}) {
            Search search = Search.builder(THREE_FAMILIES).validation(Validation.kFold(3)).maxTrials(12)
                    .sampler(TpeSampler.factory(4, 0.25, 24)).parallelism(parallelism).halving(2).seed(3).build();
            List<String> first = summary(new SearchRunner(search, BINARY, null).run());
            List<String> second = summary(new SearchRunner(search, BINARY, null).run());
            assertThat(second).isEqualTo(first);
        }
    }

    private static List<String> summary(SearchResult r) {
        return r.leaderboard().stream()
                .map(t -> t.number() + " " + t.candidate() + " " + t.status() + " " + t.foldMetrics()).toList();
    }

    @Test
    void successiveHalvingPrunesClearlyBadTrials() {
        SearchSpace space = SearchSpace.of("decision_tree", Map.of("max_depth", Domain.choice(List.of(1, 5))));
        Search search = Search.builder(space).sampler(RandomSampler.factory()).validation(Validation.kFold(4))
                .maxTrials(20).halving(3).seed(1).build();
        SearchResult result = new SearchRunner(search, Data.xor(400, 2), null).run();
        List<TrialResult> pruned = result.withStatus(TrialResult.Status.PRUNED);
        assertThat(pruned).isNotEmpty().allSatisfy(t -> {
            assertThat(t.candidate().params()).containsEntry("max_depth", 1);
            assertThat(t.foldMetrics().size()).isLessThan(4);
            assertThat(t.reason()).contains("top 1/3");
        });
        assertThat(result.withStatus(TrialResult.Status.COMPLETED))
                .anySatisfy(t -> assertThat(t.candidate().params()).containsEntry("max_depth", 5));
        assertThat(result.best().orElseThrow().candidate().params()).containsEntry("max_depth", 5);
    }

    @Test
    void aParallelSearchFinishesEveryTrialAndTheListenerSeesEachOnce() {
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
        List<SearchListener.Progress> progress = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ends = new AtomicInteger();
        SearchListener listener = new SearchListener() {
            @Override
            public void trialStarted(int number, Candidate candidate) {
                started.add(number);
            }

            @Override
            public void trialFinished(TrialResult result, Progress p) {
                finished.add(result.number());
                progress.add(p);
            }

            @Override
            public void searchFinished(SearchResult result) {
                ends.incrementAndGet();
            }
        };
        Search search = Search.builder(THREE_FAMILIES).sampler(RandomSampler.factory()).validation(Validation.holdout(0.3))
                .maxTrials(9).parallelism(3).seed(8).build();
        SearchResult result = new SearchRunner(search, BINARY, listener).run();
        assertThat(result.leaderboard()).hasSize(9).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialResult.Status.COMPLETED));
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(finished).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(progress).extracting(SearchListener.Progress::finished).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(progress.get(8).best().getAsDouble()).isEqualTo(result.best().orElseThrow().mean());
        assertThat(progress.get(8).eta()).isPresent();
        assertThat(ends).hasValue(1);
    }

    @Test
    void cancellingStopsTheSearchAndStillRefitsTheBestTrial() {
        Search search = Search.builder(THREE_FAMILIES).sampler(RandomSampler.factory()).validation(Validation.kFold(3))
                .maxTrials(50).seed(4).build();
        SearchRunner[] runner = new SearchRunner[1];
        runner[0] = new SearchRunner(search, BINARY, new SearchListener() {
            @Override
            public void trialFinished(TrialResult result, Progress progress) {
                if (progress.finished() == 2) {
                    runner[0].cancel();
                }
            }
        });
        SearchResult result = runner[0].run();
        assertThat(result.cancelled()).isTrue();
        assertThat(result.leaderboard()).hasSize(2);
        assertThat(result.bestModel()).isPresent();
    }

    @Test
    void aTrialThatThrowsFailsWithItsReasonWhileTheOthersCompleteAndTheBestIsACompletedOne() {
        // k-NN refuses at fit time a k larger than the training rows: 500 > the 200 rows of each fold.
        SearchSpace space = SearchSpace.builder()
                .algorithm("knn", Map.of("k", Domain.choice(List.of(500, 5))))
                .algorithm("logistic_regression", Map.of("c", Domain.choice(List.of(0.01, 1.0))))
                .build();
        List<TrialResult> heard = Collections.synchronizedList(new ArrayList<>());
        List<SearchListener.Progress> progress = Collections.synchronizedList(new ArrayList<>());
        SearchListener listener = new SearchListener() {
            @Override
            public void trialFinished(TrialResult result, Progress p) {
                heard.add(result);
                progress.add(p);
            }
        };
        Search search = Search.builder(space).sampler(GridSampler.factory()).validation(Validation.kFold(3))
                .maxTrials(10).parallelism(2).seed(6).build();
        SearchResult result = run(search, BINARY, listener);

        assertThat(result.leaderboard()).hasSize(4);
        TrialResult failed = result.withStatus(TrialResult.Status.FAILED).get(0);
        assertThat(result.withStatus(TrialResult.Status.FAILED)).hasSize(1);
        assertThat(failed.number()).isZero();
        assertThat(failed.candidate()).isEqualTo(new Candidate("knn", Map.of("k", 500)));
        assertThat(failed.reason()).isEqualTo("knn with k = 500 needs at least 500 training rows, but there are 200; "
                + "lower k");
        assertThat(failed.foldMetrics()).isEmpty();
        assertThat(failed.mean()).isNaN();
        assertThat(result.leaderboard().get(3)).isEqualTo(failed);
        assertThat(heard).contains(failed);

        List<TrialResult> completed = result.withStatus(TrialResult.Status.COMPLETED);
        assertThat(completed).hasSize(3).allSatisfy(t -> {
            assertThat(t.foldMetrics()).hasSize(3);
            assertThat(t.reason()).isEmpty();
        });
        TrialResult best = result.best().orElseThrow();
        assertThat(best).isEqualTo(result.leaderboard().get(0)).isIn(completed);
        assertThat(best.mean()).isEqualTo(completed.stream().mapToDouble(TrialResult::mean).max().orElseThrow());
        assertThat(result.bestModel().orElseThrow().algorithm()).isEqualTo(best.candidate().algorithm());
        assertThat(result.bestModel().orElseThrow().params()).containsAllEntriesOf(best.candidate().params());
        assertThat(progress).extracting(SearchListener.Progress::finished).containsExactly(1, 2, 3, 4);
        assertThat(progress.get(3).best().getAsDouble()).isEqualTo(best.mean());
    }

    @Test
    void aSearchWhoseEveryTrialFailsHasNoBest() {
        SearchSpace space = SearchSpace.of("knn", Map.of("k", Domain.choice(List.of(500, 600))));
        Search search = Search.builder(space).sampler(GridSampler.factory()).validation(Validation.kFold(3))
                .maxTrials(10).seed(6).build();
        SearchResult result = run(search, BINARY, null);
        assertThat(result.leaderboard()).hasSize(2)
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialResult.Status.FAILED));
        assertThat(result.best()).isEmpty();
        assertThat(result.bestModel()).isEmpty();
    }

    @Test
    void mistakesAreRefusedBeforeAnyTraining() {
        AtomicInteger trials = new AtomicInteger();
        SearchListener counting = new SearchListener() {
            @Override
            public void trialStarted(int number, Candidate candidate) {
                trials.incrementAndGet();
            }
        };
        SearchSpace lr = SearchSpace.of("logistic_regression", Map.of());
        assertThatThrownBy(() -> Search.builder(lr).maxTrials(0).build())
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("no budget");
        assertThatThrownBy(() -> run(Search.builder(lr).metric("auc").build(), BINARY, counting))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("unknown metric 'auc'")
                .hasMessageContaining("roc_auc");
        assertThatThrownBy(() -> run(Search.builder(lr).metric("rmse").build(), BINARY, counting))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("use one of: roc_auc");
        SearchSpace ridge = SearchSpace.of("ridge", Map.of("alpha", Domain.floatRange(0.1, 10)));
        assertThatThrownBy(() -> run(Search.builder(ridge).build(), BINARY, counting))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("ridge cannot learn a classification");
        double[][] x = BINARY.x();
        String[] oneClass = new String[x.length];
        java.util.Arrays.fill(oneClass, "yes");
        TrainingSet single = TrainingSet.classification(x, Data.names(5), oneClass, List.of("no", "yes"));
        assertThatThrownBy(() -> run(Search.builder(lr).build(), single, counting))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("every row").hasMessageContaining("'yes'");
        assertThat(trials).hasValue(0);
    }

    private static SearchResult run(Search search, TrainingSet data, SearchListener listener) {
        return new SearchRunner(search, data, listener).run();
    }
}
