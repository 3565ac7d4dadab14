package dev.gyre.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of metric-only log calls ({@link MetricBatchWriter}): concurrent calls all land exactly,
 * each call gets its own outcome, and latest values keep the greatest point whatever the order calls
 * land in. Deterministic groups are formed by holding a lock on one run's row while other calls queue
 * behind the group that waits for it.
 */
abstract class MetricGroupCommitContract {

    @TempDir
    Path tempDir;

    private Database database;
    private TrackingService tracking;
    private String experiment;
    private ExecutorService pool;

    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        tracking = new TrackingService(database, "file:///artifacts", Clock.systemUTC(), AuditSink.none());
        experiment = tracking.createExperiment("group-commit", null, List.of(), null, null);
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();   // null when the set-up was skipped (no PostgreSQL configured)
        }
        if (database != null) {
            database.close();
        }
    }

    private String newRun() {
        return tracking.createRun(experiment, "u", 1L, null, List.of()).info().runId();
    }

    @Test
    void concurrentCallsToSharedAndOwnRunsAllLandExactly() throws Exception {
        List<String> shared = List.of(newRun(), newRun());
        int threads = 8;
        int calls = 30;
        Map<String, Set<Metric>> expected = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            String own = newRun();
            futures.add(pool.submit(() -> {
                start.await();
                for (int c = 0; c < calls; c++) {
                    String run = c % 3 == 0 ? own : shared.get(c % 2);
                    List<Metric> metrics = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        long step = thread * 1000L + c * 10L + i;
                        double value = ThreadLocalRandom.current().nextInt(4) == 0 ? Double.NaN
                                : ThreadLocalRandom.current().nextDouble();
                        metrics.add(new Metric("k" + (i % 2), value, ThreadLocalRandom.current().nextLong(100), step));
                    }
                    tracking.logBatch(run, metrics, List.of(), List.of());
                    expected.computeIfAbsent(run, k -> ConcurrentHashMap.newKeySet()).addAll(metrics);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        for (Map.Entry<String, Set<Metric>> run : expected.entrySet()) {
            List<Metric> latest = new ArrayList<>();
            for (String key : List.of("k0", "k1")) {
                List<Metric> points = run.getValue().stream().filter(m -> m.key().equals(key)).toList();
                assertThat(new HashSet<>(tracking.getMetricHistory(run.getKey(), key, null, null).metrics()))
                        .isEqualTo(new HashSet<>(points));
                points.stream().max(MetricGroupCommitContract::byStepTimestampValue).ifPresent(latest::add);
            }
            assertThat(tracking.getRun(run.getKey()).data().metrics()).isEqualTo(latest);
        }
        // the index saw every group: its answers are still SQL's
        TrackingService sqlOnly = new TrackingService(database, "file:///artifacts", Clock.systemUTC(),
                AuditSink.none(), SearchIndexSettings.disabled());
        for (String order : List.of("metrics.k0 DESC", "metrics.k1 ASC")) {
            assertThat(tracking.searchRuns(List.of(experiment), "metrics.k0 > 0.25", null, 7, List.of(order), null))
                    .isEqualTo(sqlOnly.searchRuns(List.of(experiment), "metrics.k0 > 0.25", null, 7, List.of(order), null));
        }
    }

    @Test
    void eachCallInAGroupGetsItsOwnError() throws Exception {
        String good = newRun();
        String other = newRun();
        String deleted = newRun();
        tracking.deleteRun(deleted);
        String missing = "0123456789abcdef0123456789abcdef";
        String blocker = newRun();
        // the errors a call of its own gets
        Throwable missingAlone = catchThrowable(() -> tracking.logParam(missing, "p", "v"));
        Throwable deletedAlone = catchThrowable(() -> tracking.logParam(deleted, "p", "v"));

        List<Future<Throwable>> outcomes = inOneGroup(blocker, List.of(good, missing, deleted, other),
                run -> List.of(new Metric("m", 1.5, 2, 3)));
        assertThat(outcomes.get(0).get(60, TimeUnit.SECONDS)).isNull();
        Throwable missingInGroup = outcomes.get(1).get(60, TimeUnit.SECONDS);
        assertThat(missingInGroup).isInstanceOf(GyreException.NotFound.class).hasMessage(missingAlone.getMessage());
        Throwable deletedInGroup = outcomes.get(2).get(60, TimeUnit.SECONDS);
        assertThat(deletedInGroup).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage(deletedAlone.getMessage());
        assertThat(outcomes.get(3).get(60, TimeUnit.SECONDS)).isNull();
        assertThat(tracking.getRun(good).data().metrics()).containsExactly(new Metric("m", 1.5, 2, 3));
        assertThat(tracking.getRun(other).data().metrics()).containsExactly(new Metric("m", 1.5, 2, 3));
        assertThat(tracking.getRun(deleted).data().metrics()).isEmpty();
    }

    @Test
    void aGroupThatFailsIsRetriedCallByCall() throws Exception {
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE metrics ADD CONSTRAINT test_no_poison"
                + " CHECK (metric_key <> 'poison')"));
        String first = newRun();
        String poisoned = newRun();
        String last = newRun();
        String blocker = newRun();
        List<Future<Throwable>> outcomes = inOneGroup(blocker, List.of(first, poisoned, last),
                run -> List.of(new Metric(run.equals(poisoned) ? "poison" : "m", 1, 1, 1)));
        assertThat(outcomes.get(0).get(60, TimeUnit.SECONDS)).isNull();
        assertThat(outcomes.get(1).get(60, TimeUnit.SECONDS)).isInstanceOf(GyreException.Internal.class)
                .hasMessageContaining("log to run " + poisoned);
        assertThat(outcomes.get(2).get(60, TimeUnit.SECONDS)).isNull();
        assertThat(tracking.getRun(first).data().metrics()).containsExactly(new Metric("m", 1, 1, 1));
        assertThat(tracking.getRun(last).data().metrics()).containsExactly(new Metric("m", 1, 1, 1));
        assertThat(tracking.getRun(poisoned).data().metrics()).isEmpty();
    }

    @Test
    void latestValueIsTheGreatestPointWhicheverCallLandsFirst() throws Exception {
        String run = newRun();
        String blocker = newRun();
        List<Metric> points = List.of(new Metric("loss", 0.1, 5, 9), new Metric("loss", 0.9, 50, 8),
                new Metric("loss", 0.3, 4, 9), new Metric("loss", Double.NaN, 5, 9), new Metric("loss", 0.2, 5, 9));
        // greatest by (step, timestamp, value, NaN): step 9, timestamp 5, value 0.2 (NaN counts as 0)
        Metric greatest = new Metric("loss", 0.2, 5, 9);
        for (int round = 0; round < 3; round++) {
            String target = round == 0 ? run : newRun();
            List<Metric> order = new ArrayList<>(points);
            java.util.Collections.shuffle(order, new java.util.Random(round));
            List<String> runs = new ArrayList<>();
            order.forEach(point -> runs.add(target));
            int[] next = {0};
            List<Future<Throwable>> outcomes = inOneGroup(blocker, runs, r -> List.of(order.get(next[0]++)));
            for (Future<Throwable> outcome : outcomes) {
                assertThat(outcome.get(60, TimeUnit.SECONDS)).isNull();
            }
            assertThat(tracking.getRun(target).data().metrics()).containsExactly(greatest);
            assertThat(tracking.getMetricHistory(target, "loss", null, null).metrics()).hasSize(points.size());
        }
        // a later group with smaller points leaves the latest value alone
        tracking.logMetric(run, "loss", 100, 1, 1);
        tracking.logMetric(run, "loss", 0.0, 5, 9);
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(greatest);
        tracking.logMetric(run, "loss", -1, 5, 10);
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(new Metric("loss", -1, 5, 10));
    }

    @Test
    void callsWithParamsOrTagsKeepTheirOwnTransaction() {
        String run = newRun();
        assertThatThrownBy(() -> tracking.logBatch(run, List.of(new Metric("m", 1, 1, 1)),
                List.of(new Param("p", "a"), new Param("p", "b")), List.of()))
                .isInstanceOf(GyreException.InvalidArgument.class);
        tracking.logBatch(run, List.of(new Metric("m", 1, 1, 1)), List.of(new Param("p", "a")), List.of());
        assertThat(tracking.getRun(run).data().params()).containsExactly(new Param("p", "a"));
        assertThat(tracking.getRun(run).data().metrics()).containsExactly(new Metric("m", 1, 1, 1));
    }

    /**
     * Sends one call per run (in this order) so that they form one group: every writer is first kept
     * busy with a call to a run whose row this method holds locked, the calls then queue, and the lock
     * of the first writer's run is released, so that writer takes all of them at once; the other locks
     * are released once the group is done. Each future ends with the call's error, or {@code null}.
     */
    private List<Future<Throwable>> inOneGroup(String firstBlocker, List<String> runs,
                                               java.util.function.Function<String, List<Metric>> metrics)
            throws Exception {
        MetricBatchWriter writer = tracking.metricWriter();
        List<Handle> locks = new ArrayList<>();
        List<Future<Throwable>> blocked = new ArrayList<>();
        List<Future<Throwable>> outcomes = new ArrayList<>();
        try {
            for (int w = 0; w < writer.writers(); w++) {
                String blocker = w == 0 ? firstBlocker : newRun();
                Handle lock = database.jdbi().open();
                locks.add(lock);
                lock.begin();
                lock.createQuery("SELECT run_uuid FROM runs WHERE run_uuid = :id FOR UPDATE").bind("id", blocker)
                        .mapTo(String.class).one();
                long taken = writer.taken();
                blocked.add(pool.submit(() -> catchThrowable(() -> tracking.logMetric(blocker, "b", 1, 1, 1))));
                awaitTaken(writer, taken + 1);   // queued() alone can read 0 before the call has even arrived
                awaitQueued(writer, 0);
                Thread.sleep(200);   // a writer took the blocker's call and waits for the lock
            }
            for (String run : runs) {
                List<Metric> points = metrics.apply(run);
                outcomes.add(pool.submit(() -> catchThrowable(() -> tracking.logBatch(run, points, List.of(), List.of()))));
                awaitQueued(writer, outcomes.size());
            }
            locks.get(0).rollback();
            for (Future<Throwable> outcome : outcomes) {
                outcome.get(60, TimeUnit.SECONDS);
            }
        } finally {
            for (Handle lock : locks) {
                lock.rollback();
                lock.close();
            }
        }
        for (Future<Throwable> call : blocked) {
            assertThat(call.get(60, TimeUnit.SECONDS)).isNull();
        }
        return outcomes;
    }

    private static void awaitTaken(MetricBatchWriter writer, long calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writer.taken() < calls && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(writer.taken()).isGreaterThanOrEqualTo(calls);
    }

    private static void awaitQueued(MetricBatchWriter writer, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writer.queued() != calls && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(writer.queued()).isEqualTo(calls);
    }

    private static int byStepTimestampValue(Metric a, Metric b) {
        return Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp)
                .thenComparingDouble(m -> Double.isNaN(m.value()) ? 0.0 : m.value())
                .thenComparing(m -> Double.isNaN(m.value())).compare(a, b);
    }
}
