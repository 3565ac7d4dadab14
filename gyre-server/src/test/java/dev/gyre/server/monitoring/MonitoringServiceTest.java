package dev.gyre.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.serving.log.PredictionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Windows as a replica builds and ships them: alignment, late records, concurrent flushes. */
class MonitoringServiceTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** The latest row saved per window and source, as the store would keep it. */
    static final class Rows implements WindowSink {
        final Map<String, WindowStore.Row> latest = new ConcurrentHashMap<>();

        @Override
        public void save(WindowStore.Row row) {
            latest.put(row.deployment() + "/" + row.version() + "/" + row.windowStart() + "/" + row.source(), row);
        }

        long rows(long windowStart) {
            return latest.values().stream().filter(r -> r.windowStart() == windowStart)
                    .mapToLong(WindowStore.Row::rows).sum();
        }
    }

    static final class MutableClock extends Clock {
        final AtomicLong millis = new AtomicLong(T0.toEpochMilli());

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    static PredictionRecord record(String id, Instant at, double age) {
        return new PredictionRecord(id, "churn", "churn-model", "3", at.toEpochMilli(),
                Map.of("age", age, "plan", age > 40 ? "pro" : "basic"),
                PredictionRecord.Output.classification("1", Map.of("0", 0.3, "1", 0.7)), 1500, 0.2, age > 90, false);
    }

    static MonitoringService service(Rows rows, Clock clock) {
        return MonitoringService.shipping(rows, "test", new MonitoringService.Settings(Duration.ofMinutes(5), 30),
                clock, (model, version) -> Optional.empty());
    }

    @Test
    void recordsGoToTheirAlignedWindowAndAWindowIsSavedAsOneRowPerFlush() {
        Rows rows = new Rows();
        MutableClock clock = new MutableClock();
        MonitoringService monitoring = service(rows, clock);
        for (int i = 0; i < 600; i++) {
            monitoring.accept(record("r" + i, T0.plusSeconds(i), 20 + i % 80));
        }
        monitoring.flush();
        assertThat(rows.latest).hasSize(2);
        assertThat(rows.rows(T0.toEpochMilli())).isEqualTo(300);
        WindowStore.Row second = rows.latest.values().stream()
                .filter(r -> r.windowStart() == T0.plusSeconds(300).toEpochMilli()).findFirst().orElseThrow();
        assertThat(second.rows()).isEqualTo(300);
        assertThat(second.outlierChecked()).isEqualTo(300);
        DatasetProfile profile = DatasetProfile.fromBytes(second.profile());
        assertThat(profile.start()).isEqualTo(T0.plusSeconds(300));
        assertThat(profile.end()).isEqualTo(T0.plusSeconds(600));
        // inputs and outputs under validation's output names; without a reference the kinds come from the values
        assertThat(profile.columns()).containsKeys("age", "plan", "prediction", "prediction_proba_1");
        assertThat(profile.column("age").count()).isEqualTo(300);
        assertThat(profile.column("plan").kind()).isEqualTo(dev.gyre.monitoring.profile.ColumnProfile.Kind.CATEGORICAL);
        // nothing new: nothing saved again
        rows.latest.clear();
        monitoring.flush();
        assertThat(rows.latest).isEmpty();
    }

    @Test
    void aFieldFirstSentMidWindowCountsAsMissingInTheEarlierRows() {
        Rows rows = new Rows();
        MonitoringService monitoring = service(rows, new MutableClock());
        for (int i = 0; i < 30; i++) {
            monitoring.accept(record("r" + i, T0.plusSeconds(i), 30));
        }
        PredictionRecord withRegion = new PredictionRecord("r30", "churn", "churn-model", "3",
                T0.plusSeconds(30).toEpochMilli(), Map.of("age", 31.0, "plan", "basic", "region", "north"),
                PredictionRecord.Output.classification("1", Map.of("0", 0.3, "1", 0.7)), 1500, null, null, false);
        monitoring.accept(withRegion);
        monitoring.flush();
        DatasetProfile profile = DatasetProfile.fromBytes(rows.latest.values().iterator().next().profile());
        assertThat(profile.column("region").missing()).isEqualTo(30);
        assertThat(profile.column("region").count()).isEqualTo(1);
        assertThat(profile.column("age").count()).isEqualTo(31);
    }

    @Test
    void aLateRecordForAClosedWindowIsSavedBesideTheEarlierRowNotOverIt() {
        Rows rows = new Rows();
        MutableClock clock = new MutableClock();
        MonitoringService monitoring = service(rows, clock);
        for (int i = 0; i < 100; i++) {
            monitoring.accept(record("r" + i, T0.plusSeconds(i), 30));
        }
        monitoring.flush();
        clock.millis.addAndGet(Duration.ofMinutes(11).toMillis());
        monitoring.flush(); // the window ended two windows ago: closed and forgotten
        monitoring.accept(record("late", T0.plusSeconds(10), 30));
        monitoring.flush();
        assertThat(rows.latest).hasSize(2);
        assertThat(rows.rows(T0.toEpochMilli())).isEqualTo(101);
    }

    @Test
    void aFailedSaveIsRetriedAtTheNextFlush() {
        Rows rows = new Rows();
        boolean[] down = {true};
        MutableClock clock = new MutableClock();
        MonitoringService monitoring = MonitoringService.shipping(row -> {
            if (down[0]) {
                throw new IllegalStateException("platform unreachable");
            }
            rows.save(row);
        }, "test", new MonitoringService.Settings(Duration.ofMinutes(5), 30), clock, (m, v) -> Optional.empty());
        for (int i = 0; i < 50; i++) {
            monitoring.accept(record("r" + i, T0.plusSeconds(i), 30));
        }
        monitoring.flush();
        assertThat(rows.latest).isEmpty();
        down[0] = false;
        clock.millis.addAndGet(Duration.ofMinutes(11).toMillis());
        monitoring.flush();
        assertThat(rows.rows(T0.toEpochMilli())).isEqualTo(50);
    }

    @Test
    void concurrentRecordsAndFlushesLoseNothing() throws Exception {
        Rows rows = new Rows();
        MutableClock clock = new MutableClock();
        MonitoringService monitoring = service(rows, clock);
        int writers = 4;
        int perWriter = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    // spread over twelve windows, so flushes close windows while records still arrive for them
                    monitoring.accept(record(id + "-" + i, T0.plusSeconds((i * 7L) % 3600), i % 100));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (int round = 0; round < 50; round++) {
            clock.millis.addAndGet(Duration.ofSeconds(80).toMillis());
            monitoring.flush();
        }
        for (Thread t : threads) {
            t.join();
        }
        monitoring.flush();
        long total = rows.latest.values().stream().mapToLong(WindowStore.Row::rows).sum();
        assertThat(total).isEqualTo((long) writers * perWriter);
    }
}
