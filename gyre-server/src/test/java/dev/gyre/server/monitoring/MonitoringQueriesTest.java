package dev.gyre.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.data.profile.ProfileOptions;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import dev.gyre.training.LearningTask;
import dev.gyre.validation.reference.ReferenceProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows stored and queried on H2 and PostgreSQL: replicas' rows merged, drift against a reference built the way
 * validation builds it, and the answers for the bad cases (no traffic, a column never sent, values of the wrong
 * kind).
 */
class MonitoringQueriesTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path tmp;
    Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    Database open(String kind) {
        if (kind.equals("postgres")) {
            database = Databases.postgres();
        } else {
            database = Databases.h2(tmp);
        }
        return database;
    }

    /** A binary classifier's reference: age ~ N(40, 12), plan in {basic, pro}, predictions from age. */
    static ReferenceProfile reference() {
        Random random = new Random(5);
        int n = 2000;
        double[] ages = new double[n];
        int[] plans = new int[n];
        double[][] predictions = new double[n][];
        for (int i = 0; i < n; i++) {
            ages[i] = 40 + 12 * random.nextGaussian();
            plans[i] = random.nextDouble() < 0.7 ? 0 : 1;
            double p1 = 1 / (1 + Math.exp(-(ages[i] - 40) / 10));
            predictions[i] = new double[] {1 - p1, p1};
        }
        Table inputs = new Table(List.of(new NumericColumn("age", ages, new BitSet()),
                new CategoricalColumn("plan", List.of("basic", "pro"), plans)));
        return ReferenceProfile.of(inputs, LearningTask.CLASSIFICATION, List.of("0", "1"), predictions,
                new ProfileOptions(1024, 1000));
    }

    static PredictionRecord record(String id, Instant at, Object age, String plan) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("age", age);
        if (plan != null) {
            inputs.put("plan", plan);
        }
        double a = age instanceof Number x ? x.doubleValue() : 40;
        double p1 = 1 / (1 + Math.exp(-(a - 40) / 10));
        return new PredictionRecord(id, "churn", "churn-model", "3", at.toEpochMilli(), inputs,
                PredictionRecord.Output.classification(p1 >= 0.5 ? "1" : "0", Map.of("0", 1 - p1, "1", p1)), 900,
                0.1, a > 90, false);
    }

    static Clock fixed(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void replicasWindowsMergeAndDriftIsMeasuredAgainstTheReference(String kind) {
        WindowStore store = new WindowStore(open(kind));
        ReferenceProfile reference = reference();
        MonitoringService.ReferenceSource refs = (model, version) -> Optional.of(reference);
        MonitoringService.Settings settings = new MonitoringService.Settings(Duration.ofMinutes(5), 30);
        Clock clock = fixed(T0.plus(Duration.ofMinutes(12)));
        MonitoringService a = new MonitoringService(store, settings, clock, refs);
        MonitoringService b = new MonitoringService(store, settings, clock, refs);
        Random random = new Random(9);
        // replica a: ten minutes of unchanged traffic; replica b: the same minutes, ages shifted by 20 years
        for (int i = 0; i < 600; i++) {
            Instant at = T0.plusSeconds(i);
            a.accept(record("a" + i, at, 40 + 12 * random.nextGaussian(), random.nextDouble() < 0.7 ? "basic" : "pro"));
            b.accept(record("b" + i, at, 60 + 12 * random.nextGaussian(), random.nextDouble() < 0.7 ? "basic" : "pro"));
        }
        b.flush();
        MonitoringService.Window window = a.window("churn", "3", T0, T0.plus(Duration.ofMinutes(10)));
        assertThat(window.rows()).isEqualTo(1200);
        assertThat(window.windows()).isEqualTo(2);
        assertThat(window.outlierChecked()).isEqualTo(1200);
        assertThat(window.latencyP99Ms()).isEqualTo(0.9);
        assertThat(window.profile().column("age").count()).isEqualTo(1200);

        MonitoringService.Drift unchangedFirstFive = a.drift("churn", "churn-model", "3", T0,
                T0.plus(Duration.ofMinutes(5)));
        assertThat(unchangedFirstFive.window().rows()).isEqualTo(600);
        MonitoringService.Drift both = a.drift("churn", "churn-model", "3", T0, T0.plus(Duration.ofMinutes(10)));
        DriftResult age = both.inputs().columns().get("age");
        assertThat(age.test()).isEqualTo("wasserstein_normed");
        assertThat(age.drifted()).isTrue();
        assertThat(both.inputs().columns().get("plan").drifted()).isFalse();
        assertThat(both.predictions().columns().get("prediction_proba_1").drifted()).isTrue();
        assertThat(both.share()).isEqualTo(0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void badCasesGetAnswersNotErrors(String kind) {
        WindowStore store = new WindowStore(open(kind));
        ReferenceProfile reference = reference();
        MonitoringService monitoring = new MonitoringService(store, new MonitoringService.Settings(
                Duration.ofMinutes(5), 30), fixed(T0.plus(Duration.ofMinutes(6))), (m, v) -> Optional.of(reference));

        // no traffic at all
        MonitoringService.Drift empty = monitoring.drift("churn", "churn-model", "3", T0, T0.plusSeconds(300));
        assertThat(empty.inputs()).isNull();
        assertThat(empty.note()).contains("No traffic");

        // too little traffic for a verdict
        for (int i = 0; i < 10; i++) {
            monitoring.accept(record("few" + i, T0.plusSeconds(i), 40.0, "basic"));
        }
        MonitoringService.Drift few = monitoring.drift("churn", "churn-model", "3", T0, T0.plusSeconds(300));
        assertThat(few.inputs()).isNull();
        assertThat(few.note()).contains("Only 10 records").contains("monitoring_min_rows");

        // the next window: the plan column is never sent, and the age arrives as text that is not a number
        for (int i = 0; i < 100; i++) {
            monitoring.accept(record("odd" + i, T0.plusSeconds(300 + i), "forty", null));
        }
        MonitoringService.Drift odd = monitoring.drift("churn", "churn-model", "3", T0.plusSeconds(300),
                T0.plusSeconds(600));
        DriftResult plan = odd.inputs().columns().get("plan");
        assertThat(plan.applicable()).isFalse();
        assertThat(plan.note()).contains("no values in this window");
        assertThat(odd.inputs().columns().get("age").applicable()).isFalse();
        assertThat(odd.share()).isNull();
        assertThat(odd.window().profile().column("age").missing()).isEqualTo(100);
        assertThat(odd.window().profile().column("plan").missing()).isEqualTo(100);

        // a version without a reference: the answer says how to get one
        MonitoringService noReference = new MonitoringService(store, MonitoringService.Settings.defaults(),
                fixed(T0), (m, v) -> Optional.empty());
        assertThat(noReference.drift("churn", "churn-model", "4", T0, T0.plusSeconds(300)).note())
                .contains("no reference profile").contains("validate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneReplicaAtATimeHoldsTheAlertLease(String kind) throws Exception {
        WindowStore a = new WindowStore(open(kind));
        WindowStore b = new WindowStore(database);
        Duration ttl = Duration.ofMinutes(3);
        assertThat(a.tryLease("alerts", "replica-a", T0, ttl)).isTrue();
        assertThat(b.tryLease("alerts", "replica-b", T0.plusSeconds(60), ttl)).isFalse();
        assertThat(a.tryLease("alerts", "replica-a", T0.plusSeconds(60), ttl)).as("renewed").isTrue();
        // a stops renewing: once its lease expired, b takes over and a is refused
        assertThat(b.tryLease("alerts", "replica-b", T0.plusSeconds(239), ttl)).isFalse();
        assertThat(b.tryLease("alerts", "replica-b", T0.plusSeconds(241), ttl)).isTrue();
        assertThat(a.tryLease("alerts", "replica-a", T0.plusSeconds(242), ttl)).isFalse();
        // a replica stopping gives its lease up: the next one takes it at once
        a.releaseLease("alerts", "replica-a");
        assertThat(a.tryLease("alerts", "replica-a", T0.plusSeconds(243), ttl)).as("not a's to release").isFalse();
        b.releaseLease("alerts", "replica-b");
        assertThat(a.tryLease("alerts", "replica-a", T0.plusSeconds(244), ttl)).isTrue();
        // two replicas racing for a new lease: exactly one wins
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<Boolean> first = pool.submit(() -> {
                go.await();
                return a.tryLease("race", "replica-a", T0, ttl);
            });
            java.util.concurrent.Future<Boolean> second = pool.submit(() -> {
                go.await();
                return b.tryLease("race", "replica-b", T0, ttl);
            });
            go.countDown();
            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
    }
}
