package dev.gyre.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.store.db.Database;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.tracking.search.index.SearchIndex;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index answers every run search exactly as SQL does: random runs (metrics with NaN, ±∞, −0
 * and missing values, params, tags, statuses, end times, deleted runs, several experiments), random
 * filters, order-bys, view types and page sizes, paged to the end with the page tokens, compared page by
 * page with a service that searches in SQL only, on the same database. The data changes between rounds
 * through the indexed service, so the index's incremental maintenance is checked too. The seed is in
 * every failure message; {@code -Dgyre.test.seed=N} replays it.
 */
abstract class SearchIndexEquivalenceContract {

    static final String[] METRIC_KEYS = {"m0", "m1", "m2"};
    static final double[] METRIC_VALUES = {0.0, -0.0, 0.5, 1.0, -1.5, 2.0, 1e-9, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    static final String[] NUMBERS = {"0", "-0", "0.5", "1", "-1.5", "2", "1e-9", "1e400", "-1e400", "0.75"};
    static final String[] TEXTS = {"a", "b", "A", "ab", "a b", "10", "9", "\u00e9", "x_y", "100%", "",
            "\ud83d\ude00", "Ab"};
    static final String[] PATTERNS = {"a%", "%b", "_", "a_", "%", "%a%", "A%", "x\\_y", "1%", "%\u00e9", "__"};
    static final String[] USERS = {"alice", "Bob", "carol"};
    static final String[] ORDER_KEYS = {"metrics.m0", "metrics.m1", "metrics.m9", "params.p0", "params.p1",
            "tags.t0", "attributes.start_time", "attributes.end_time", "attributes.run_name", "attributes.status",
            "attributes.user_id", "attributes.run_id", "attributes.lifecycle_stage", "attributes.artifact_uri"};

    @TempDir
    Path tempDir;

    protected Database database;
    protected TrackingService indexed;
    protected TrackingService sqlOnly;
    protected Random random;
    protected long seed;
    protected final List<String> experiments = new ArrayList<>();
    protected final List<String> runs = new ArrayList<>();

    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        indexed = new TrackingService(database, "file:///artifacts", Clock.systemUTC(), AuditSink.none());
        sqlOnly = new TrackingService(database, "file:///artifacts", Clock.systemUTC(), AuditSink.none(),
                SearchIndexSettings.disabled());
        seed = Long.getLong("gyre.test.seed", System.nanoTime());
        random = new Random(seed);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void answersEveryRandomSearchExactlyLikeSql() {
        for (int e = 0; e < 3; e++) {
            experiments.add(indexed.createExperiment("exp-" + e, null, List.of(), null, null));
        }
        for (int i = 0; i < 60; i++) {
            createRun();
        }
        int answered = 0;
        for (int i = 0; i < 120; i++) {
            answered += compareRandomSearch();
        }
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 25; i++) {
                mutate();
            }
            for (int i = 0; i < 40; i++) {
                answered += compareRandomSearch();
            }
        }
        assertThat(answered).as("searches the index answered (seed %d)", seed).isGreaterThan(150);
    }

    @Test
    void experimentsOverTheCapFallBackToSql() {
        TrackingService capped = new TrackingService(database, "file:///artifacts", Clock.systemUTC(),
                AuditSink.none(), new SearchIndexSettings(true, 10, SearchIndexSettings.DEFAULT_MAX_CELLS));
        String small = capped.createExperiment("small", null, List.of(), null, null);
        String large = capped.createExperiment("large", null, List.of(), null, null);
        for (int i = 0; i < 12; i++) {
            capped.createRun(large, "u", (long) i, "l" + i, List.of());
        }
        for (int i = 0; i < 9; i++) {
            capped.logMetric(capped.createRun(small, "u", (long) i, "s" + i, List.of()).info().runId(), "m", i, 1, 0);
        }
        SearchIndex index = capped.searchIndex();
        assertThat(capped.searchRuns(List.of(large), null, null, null, null, null))
                .isEqualTo(sqlOnly.searchRuns(List.of(large), null, null, null, null, null));
        assertThat(index.answered()).isZero();
        assertThat(capped.searchRuns(List.of(small), "metrics.m > 3", null, null, null, null))
                .isEqualTo(sqlOnly.searchRuns(List.of(small), "metrics.m > 3", null, null, null, null));
        assertThat(index.answered()).isOne();
        // the tenth run fits, the eleventh takes the experiment over the cap: SQL again, same answers
        capped.createRun(small, "u", 9L, "s9", List.of());
        assertThat(capped.searchRuns(List.of(small), null, null, null, null, null).runs()).hasSize(10);
        assertThat(index.answered()).isEqualTo(2);
        capped.createRun(small, "u", 10L, "s10", List.of());
        assertThat(capped.searchRuns(List.of(small), null, null, null, null, null))
                .isEqualTo(sqlOnly.searchRuns(List.of(small), null, null, null, null, null));
        assertThat(index.answered()).isEqualTo(2);
        assertThat(index.declined()).isEqualTo(2);
    }

    @Test
    void staysExactUnderConcurrentWritesSearchesAndReloads() throws Exception {
        for (int e = 0; e < 2; e++) {
            experiments.add(indexed.createExperiment("exp-" + e, null, List.of(), null, null));
        }
        for (int i = 0; i < 30; i++) {
            createRun();
        }
        List<String> fixedRuns = List.copyOf(runs);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                int writer = w;
                workers.add(pool.submit(() -> {
                    Random r = new Random(seed + writer);
                    for (int i = 0; i < 60; i++) {
                        String run = fixedRuns.get(r.nextInt(fixedRuns.size()));
                        switch (r.nextInt(5)) {
                            case 0 -> indexed.setTag(run, "t" + r.nextInt(2), TEXTS[r.nextInt(TEXTS.length)]);
                            case 1 -> indexed.updateRun(run, RunStatus.values()[r.nextInt(5)], (long) r.nextInt(3000), null);
                            case 2 -> indexed.createRun(experiments.get(r.nextInt(2)), "w", (long) r.nextInt(3000),
                                    "w" + i, List.of(new RunTag("t0", "new")));
                            default -> indexed.logBatch(run, List.of(new Metric("m0", r.nextDouble(), r.nextInt(9), r.nextInt(9)),
                                    new Metric("m1", r.nextInt(3) == 0 ? Double.NaN : r.nextDouble(), 1, r.nextInt(9))),
                                    List.of(), List.of());
                        }
                    }
                    return null;
                }));
            }
            for (int s = 0; s < 3; s++) {
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        indexed.searchRuns(experiments, "metrics.m0 > 0.3", ViewType.ALL, 10, List.of("metrics.m1 DESC"), null);
                    }
                    return null;
                }));
            }
            // reloads while the writes go on: writes reported during a load are replayed onto it
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    indexed.searchIndex().invalidate(Long.parseLong(experiments.get(0)));
                    Thread.sleep(20);
                }
                return null;
            }));
            for (int w = 0; w < 4; w++) {
                workers.get(w).get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        for (java.util.concurrent.Future<?> worker : workers) {
            worker.get();
        }
        runs.clear();
        runs.addAll(fixedRuns);
        int answered = 0;
        for (int i = 0; i < 80; i++) {
            answered += compareRandomSearch();
        }
        assertThat(answered).as("searches the index answered (seed %d)", seed).isGreaterThan(30);
    }

    // ---------------------------------------------------------------- data

    protected void createRun() {
        String experiment = experiments.get(random.nextInt(experiments.size()));
        long start = random.nextInt(4) == 0 ? 1000L : 100L * random.nextInt(30);
        String name = random.nextInt(5) == 0 ? null : "r" + TEXTS[random.nextInt(TEXTS.length)];
        String user = random.nextInt(6) == 0 ? null : pick(USERS);
        String runId = indexed.createRun(experiment, user, start, name, List.of()).info().runId();
        runs.add(runId);
        List<Metric> metrics = new ArrayList<>();
        for (String key : METRIC_KEYS) {
            int points = random.nextInt(3);
            for (int p = 0; p < points; p++) {
                metrics.add(new Metric(key, METRIC_VALUES[random.nextInt(METRIC_VALUES.length)],
                        random.nextInt(3), random.nextInt(3)));
            }
        }
        List<Param> params = new ArrayList<>();
        List<RunTag> tags = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            if (random.nextBoolean()) {
                params.add(new Param("p" + k, pick(TEXTS)));
            }
            if (random.nextBoolean()) {
                tags.add(new RunTag("t" + k, pick(TEXTS)));
            }
        }
        if (random.nextBoolean()) {
            indexed.logBatch(runId, metrics, params, tags);
        } else {
            // metric-only calls take the group commit path
            indexed.logBatch(runId, metrics, List.of(), List.of());
            indexed.logBatch(runId, List.of(), params, tags);
        }
    }

    protected void mutate() {
        String run = runs.get(random.nextInt(runs.size()));
        try {
            switch (random.nextInt(10)) {
                case 0 -> createRun();
                case 1, 2 -> indexed.logMetric(run, pick(METRIC_KEYS), METRIC_VALUES[random.nextInt(METRIC_VALUES.length)],
                        random.nextInt(5), random.nextInt(5));
                case 3 -> indexed.setTag(run, "t" + random.nextInt(2), pick(TEXTS));
                case 4 -> indexed.deleteTag(run, "t" + random.nextInt(2));
                case 5 -> indexed.logParam(run, "p" + random.nextInt(3), pick(TEXTS));
                case 6 -> indexed.updateRun(run, RunStatus.values()[random.nextInt(RunStatus.values().length)],
                        random.nextBoolean() ? null : (long) random.nextInt(3000), random.nextBoolean() ? null : "n" + pick(TEXTS));
                case 7 -> indexed.deleteRun(run);
                case 8 -> indexed.restoreRun(run);
                default -> {
                    String experiment = experiments.get(1 + random.nextInt(experiments.size() - 1));
                    if (random.nextBoolean()) {
                        indexed.deleteExperiment(experiment);
                    } else {
                        indexed.restoreExperiment(experiment);
                    }
                }
            }
        } catch (dev.gyre.core.GyreException.InvalidArgument | dev.gyre.core.GyreException.NotFound e) {
            // a write to a deleted run, a param logged with another value, a missing tag: fine
        }
    }

    // ---------------------------------------------------------------- searches

    /** Pages through one random search on both services; 1 when the index answered every page. */
    protected int compareRandomSearch() {
        List<String> ids = new ArrayList<>();
        for (String experiment : experiments) {
            if (random.nextInt(3) > 0) {
                ids.add(experiment);
            }
        }
        if (ids.isEmpty() || random.nextInt(10) == 0) {
            ids.add(random.nextBoolean() ? "987654" : experiments.get(0));
        }
        List<String> clauses = new ArrayList<>();
        int comparisons = random.nextInt(4);
        for (int i = 0; i < comparisons; i++) {
            clauses.add(randomComparison());
        }
        String filter = clauses.isEmpty() ? null : String.join(" and ", clauses);
        List<String> orderBy = new ArrayList<>();
        int orders = random.nextInt(3);
        for (int i = 0; i < orders; i++) {
            orderBy.add(pick(ORDER_KEYS) + (random.nextBoolean() ? " DESC" : random.nextBoolean() ? " ASC" : ""));
        }
        ViewType view = random.nextInt(3) == 0 ? null : ViewType.values()[random.nextInt(3)];
        int pageSize = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
        String description = String.format(Locale.ROOT, "seed %d: experiments %s filter [%s] order %s view %s page %d",
                seed, ids, filter, orderBy, view, pageSize);
        SearchIndex index = indexed.searchIndex();
        boolean allAnswered = true;
        String token = null;
        int pages = 0;
        do {
            long before = index.answered();
            String current = token;
            Object fromIndex = outcome(() -> indexed.searchRuns(ids, filter, view, pageSize, orderBy, current));
            allAnswered &= index.answered() > before;
            Object fromSql = outcome(() -> sqlOnly.searchRuns(ids, filter, view, pageSize, orderBy, current));
            assertThat(fromIndex).as(description + " page " + pages).isEqualTo(fromSql);
            token = fromIndex instanceof RunPage page ? page.nextPageToken() : null;
            pages++;
        } while (token != null && pages < 8);
        return allAnswered ? 1 : 0;
    }

    private String randomComparison() {
        switch (random.nextInt(8)) {
            case 0, 1 -> {
                String op = pick(new String[] {"=", "!=", ">", ">=", "<", "<="});
                return "metrics." + pick(new String[] {"m0", "m1", "m2", "m9"}) + " " + op + " " + pick(NUMBERS);
            }
            case 2, 3 -> {
                String entity = random.nextBoolean() ? "params.p" + random.nextInt(3) : "tags.t" + random.nextInt(2);
                return entity + " " + stringComparison();
            }
            case 4 -> {
                String op = pick(new String[] {"=", "!=", ">", ">=", "<", "<="});
                String attribute = random.nextBoolean() ? "attributes.start_time" : "attributes.end_time";
                String[] values = {"100", "1000", "1500.5", "0", "2999", "-1"};
                return attribute + " " + op + " " + pick(values);
            }
            case 5 -> {
                String list = random.nextBoolean() ? "('FINISHED', 'RUNNING')" : "('KILLED')";
                return "attributes.status " + (random.nextBoolean() ? "IN " : "NOT IN ") + list;
            }
            case 6 -> {
                String attribute = pick(new String[] {"attributes.run_name", "attributes.user_id",
                        "attributes.artifact_uri", "attributes.lifecycle_stage", "attributes.status"});
                return attribute + " " + stringComparison();
            }
            default -> {
                String run = runs.get(random.nextInt(runs.size()));
                return random.nextBoolean() ? "attributes.run_id = '" + run + "'"
                        : "attributes.run_id IN ('" + run + "', '" + runs.get(random.nextInt(runs.size())) + "')";
            }
        }
    }

    private String stringComparison() {
        return switch (random.nextInt(4)) {
            case 0 -> "= '" + pick(TEXTS) + "'";
            case 1 -> "!= '" + pick(TEXTS) + "'";
            case 2 -> "LIKE '" + pick(PATTERNS) + "'";
            default -> "ILIKE '" + pick(PATTERNS) + "'";
        };
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** The result, or the error's class and message (both services must fail alike). */
    private static Object outcome(java.util.function.Supplier<Object> search) {
        try {
            return search.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
