package dev.gyre.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalExecutorTest {
    private static StepDescription step(StepKind kind, Map<String, Object> params) {
        return new StepDescription("run-1", kind.id(), kind, params, Map.of(), "v1");
    }

    @Test
    void runsTheHandlerOfTheStepsKind() {
        StepHandler clean = s -> StepResult.succeeded(Map.of("dataset", "clean-" + s.params().get("rows")),
                Map.of("rows", s.params().get("rows")), List.of("cleaned"));
        try (LocalExecutor executor = new LocalExecutor(Map.of(StepKind.CLEAN, clean), 1)) {
            StepResult result = executor.execute(step(StepKind.CLEAN, Map.of("rows", 10)));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.outputs()).isEqualTo(Map.of("dataset", "clean-10"));
            assertThat(result.results()).isEqualTo(Map.of("rows", 10L));
            assertThat(result.logs()).containsExactly("cleaned");
        }
    }

    @Test
    void aHandlersExceptionBecomesAFailedResultWithItsMessage() {
        StepHandler broken = s -> {
            throw new java.io.IOException("titanic.csv: no such file");
        };
        try (LocalExecutor executor = new LocalExecutor(Map.of(StepKind.INGEST, broken), 1)) {
            StepResult result = executor.execute(step(StepKind.INGEST, Map.of()));
            assertThat(result.status()).isEqualTo(StepResult.Status.FAILED);
            assertThat(result.error()).isEqualTo("titanic.csv: no such file");
        }
    }

    @Test
    void aKindWithoutHandlerFailsNamingTheKindsItRuns() {
        try (LocalExecutor executor = new LocalExecutor(Map.of(StepKind.TRAIN, s -> StepResult.succeeded(Map.of(),
                Map.of(), List.of())), 1)) {
            StepResult result = executor.execute(step(StepKind.DEPLOY, Map.of()));
            assertThat(result.error()).isEqualTo("No handler runs steps of kind 'deploy' here; register one for it"
                    + " (this executor runs [train]).");
        }
    }

    @Test
    void aNullResultIsAFailure() {
        try (LocalExecutor executor = new LocalExecutor(Map.of(StepKind.SPLIT, s -> null), 1)) {
            assertThat(executor.execute(step(StepKind.SPLIT, Map.of())).error())
                    .isEqualTo("The handler of 'split' returned no result.");
        }
    }

    @Test
    void neverRunsMoreStepsAtOnceThanItHasThreads() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        StepHandler slow = s -> {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            twoIn.countDown();
            twoIn.await(10, TimeUnit.SECONDS);
            running.decrementAndGet();
            return StepResult.succeeded(Map.of(), Map.of(), List.of());
        };
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try (LocalExecutor executor = new LocalExecutor(Map.of(StepKind.FEATURES, slow), 2)) {
            List<Future<StepResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(callers.submit(() -> executor.execute(step(StepKind.FEATURES, Map.of()))));
            }
            for (Future<StepResult> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> new LocalExecutor(Map.of(), 0)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("at least 1 thread");
    }
}
