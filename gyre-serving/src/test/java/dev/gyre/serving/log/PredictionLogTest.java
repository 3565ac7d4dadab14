package dev.gyre.serving.log;

import static dev.gyre.serving.log.LogFixtures.H0;
import static dev.gyre.serving.log.LogFixtures.HOUR;
import static dev.gyre.serving.log.LogFixtures.allLines;
import static dev.gyre.serving.log.LogFixtures.awaitFlush;
import static dev.gyre.serving.log.LogFixtures.options;
import static dev.gyre.serving.log.LogFixtures.record;
import static dev.gyre.serving.log.LogFixtures.segmentNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {
    @TempDir
    Path dir;

    @Test
    void concurrentOffersAreAllAccountedForExactly() throws Exception {
        MutableClock clock = new MutableClock(H0);
        PredictionLog log = new PredictionLog(options(dir, clock).withQueueCapacity(16).withSampleRate(0.5)
                .withMaxSegmentBytes(256 * 1024));
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log.offer(record(prefix + i, "dep-" + (i % 3), H0.plusMillis(i)));
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        log.close();

        long expectedSampledOut = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                if (!RequestSampler.keep("t" + t + "-" + i, 0.5)) {
                    expectedSampledOut++;
                }
            }
        }
        PredictionLog.Stats stats = log.stats();
        assertThat(stats.offered()).isEqualTo(80_000);
        assertThat(stats.sampledOut()).isEqualTo(expectedSampledOut);
        assertThat(stats.writeErrors()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.written() + stats.dropped() + stats.sampledOut()).isEqualTo(stats.offered());
        assertThat(allLines(dir)).hasSize((int) stats.written());
        assertThat(log.openSegments()).isEmpty();
    }

    @Test
    void closeWritesEverythingQueued() throws Exception {
        MutableClock clock = new MutableClock(H0);
        PredictionLog log = new PredictionLog(options(dir, clock).withFlushInterval(Duration.ofHours(1)));
        for (int i = 0; i < 500; i++) {
            assertThat(log.offer(record("r" + i, "churn", H0.plusSeconds(i)))).isTrue();
        }
        log.close();

        assertThat(log.stats().written()).isEqualTo(500);
        List<PredictionRecord> back = new PredictionLogReader(dir).read("churn", H0, H0.plus(HOUR)).toList();
        assertThat(back).extracting(PredictionRecord::requestId).hasSize(500).startsWith("r0", "r1").endsWith("r499");
        log.close();
        assertThat(log.stats().written()).isEqualTo(500);
    }

    @Test
    void listenersSeeEveryKeptRecordOnceAndAFailingListenerIsCounted() throws Exception {
        MutableClock clock = new MutableClock(H0);
        PredictionLog log = new PredictionLog(options(dir, clock).withSampleRate(0.5));
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        log.addListener(record -> {
            if (record.requestId().equals("r7")) {
                throw new IllegalStateException("listener failure");
            }
        });
        log.addListener(record -> seen.add(record.requestId()));
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (log.offer(record("r" + i, "churn", H0.plusSeconds(i)))) {
                kept.add("r" + i);
            }
        }
        assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
        // every kept record, in queue order, after flush returned; the sampled-out ones never
        assertThat(seen).containsExactlyElementsOf(kept);
        assertThat(kept).hasSizeBetween(120, 280);
        assertThat(log.listenerErrors()).isEqualTo(kept.contains("r7") ? 1 : 0);
        log.close();
        assertThat(log.stats().written()).isEqualTo(kept.size());
    }

    @Test
    void anOfferAfterCloseIsCountedAsDropped() {
        PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)));
        log.close();
        assertThat(log.offer(record("late", "churn", H0))).isFalse();
        assertThat(log.stats().dropped()).isEqualTo(1);
        assertThat(log.stats().offered()).isEqualTo(1);
    }

    @Test
    void segmentsRollBySize() throws Exception {
        int lineBytes = RecordJson.encodeLine(record("r0", "churn", H0)).length;
        MutableClock clock = new MutableClock(H0);
        try (PredictionLog log = new PredictionLog(options(dir, clock).withMaxSegmentBytes(3L * lineBytes))) {
            for (int i = 0; i < 10; i++) {
                log.offer(record("r" + i, "churn", H0.plusSeconds(i)));
            }
        }
        assertThat(segmentNames(dir, "churn")).containsExactly("2026030110-000000.jsonl",
                "2026030110-000001.jsonl", "2026030110-000002.jsonl", "2026030110-000003.jsonl");
        for (String name : segmentNames(dir, "churn")) {
            assertThat(Files.size(dir.resolve("churn").resolve(name))).isLessThanOrEqualTo(3L * lineBytes);
        }
        assertThat(new PredictionLogReader(dir).read("churn", H0, H0.plus(HOUR)).map(PredictionRecord::requestId))
                .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
    }

    @Test
    void segmentsRollByRecordHourAndByClockHour() throws Exception {
        MutableClock clock = new MutableClock(H0);
        try (PredictionLog log = new PredictionLog(options(dir, clock))) {
            log.offer(record("a", "churn", H0.plusSeconds(10)));
            log.offer(record("b", "churn", H0.plus(HOUR).plusSeconds(5)));
            log.offer(record("c", "churn", H0.plus(HOUR).plusSeconds(6)));
            awaitFlush(log);
            clock.set(H0.plus(HOUR.multipliedBy(2)).plusSeconds(1));
            // received in the third hour but stamped in the second: goes to a segment of the clock's hour
            log.offer(record("late", "churn", H0.plus(HOUR).plusSeconds(7)));
            awaitFlush(log);
            assertThat(log.openSegments()).containsExactly(dir.resolve("churn").resolve("2026030112-000000.jsonl"));
        }
        assertThat(segmentNames(dir, "churn")).containsExactly("2026030110-000000.jsonl",
                "2026030111-000000.jsonl", "2026030112-000000.jsonl");
        PredictionLogReader reader = new PredictionLogReader(dir);
        assertThat(reader.records(dir.resolve("churn/2026030111-000000.jsonl")).map(PredictionRecord::requestId))
                .containsExactly("b", "c");
        assertThat(reader.read("churn", H0.plus(HOUR), H0.plus(HOUR.multipliedBy(2)))
                .map(PredictionRecord::requestId)).containsExactly("b", "c", "late");
    }

    @Test
    void aRecordStampedFarAheadOfTheClockGoesToTheNextHourAtMost() throws Exception {
        try (PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)))) {
            log.offer(record("future", "churn", H0.plus(HOUR.multipliedBy(30))));
            log.offer(record("now", "churn", H0.plusSeconds(1)));
        }
        assertThat(segmentNames(dir, "churn")).containsExactly("2026030111-000000.jsonl");
        assertThat(new PredictionLogReader(dir).read("churn", H0, H0.plus(HOUR)).map(PredictionRecord::requestId))
                .containsExactly("now");
    }

    @Test
    void eachDeploymentHasItsOwnDirectory() throws Exception {
        try (PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)))) {
            log.offer(record("a", "churn", H0));
            log.offer(record("b", "fraud-v2", H0));
        }
        assertThat(segmentNames(dir, "churn")).containsExactly("2026030110-000000.jsonl");
        assertThat(segmentNames(dir, "fraud-v2")).containsExactly("2026030110-000000.jsonl");
    }

    @Test
    void aFailingDirectoryCountsWriteErrorsAndLeavesOffersUnaffected() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file where the log should be");
        PredictionLog log = new PredictionLog(options(notADirectory, new MutableClock(H0)));
        for (int i = 0; i < 100; i++) {
            assertThat(log.offer(record("r" + i, "churn", H0))).isTrue();
        }
        log.close();
        PredictionLog.Stats stats = log.stats();
        assertThat(stats.writeErrors()).isEqualTo(100);
        assertThat(stats.written()).isZero();
        assertThat(stats.offered()).isEqualTo(stats.writeErrors() + stats.dropped() + stats.sampledOut());
        assertThat(log.openSegments()).isEmpty();
    }

    @Test
    void aDeploymentDirectoryReplacedByAFileFailsOnlyThatDeployment() throws Exception {
        int lineBytes = RecordJson.encodeLine(record("r0", "churn", H0)).length;
        PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)).withMaxSegmentBytes(lineBytes));
        log.offer(record("ok-1", "churn", H0));
        awaitFlush(log);
        Path churn = dir.resolve("churn");
        try (var files = Files.list(churn)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(churn);
        Files.writeString(churn, "not a directory");
        log.offer(record("lost", "churn", H0));
        log.offer(record("ok-2", "fraud", H0));
        log.close();
        PredictionLog.Stats stats = log.stats();
        assertThat(stats.written()).isEqualTo(2);
        assertThat(stats.writeErrors()).isEqualTo(1);
        assertThat(segmentNames(dir, "fraud")).hasSize(1);
    }
}
