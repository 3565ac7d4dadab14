package dev.gyre.serving.log;

import static dev.gyre.serving.log.LogFixtures.H0;
import static dev.gyre.serving.log.LogFixtures.HOUR;
import static dev.gyre.serving.log.LogFixtures.awaitFlush;
import static dev.gyre.serving.log.LogFixtures.options;
import static dev.gyre.serving.log.LogFixtures.record;
import static dev.gyre.serving.log.LogFixtures.segmentNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentShipperTest {
    @TempDir
    Path dir;

    /** Keeps shipped segments in memory, by name. */
    static final class MemorySink implements SegmentSink {
        final Map<String, String> stored = new TreeMap<>();

        @Override
        public void put(String name, Path file) throws IOException {
            stored.put(name, Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Test
    void shipsClosedSegmentsOfPastHoursOnly() throws Exception {
        int lineBytes = RecordJson.encodeLine(record("r00", "churn", H0)).length;
        MutableClock clock = new MutableClock(H0);
        Instant h2 = H0.plus(HOUR.multipliedBy(2));
        try (PredictionLog log = new PredictionLog(options(dir, clock).withMaxSegmentBytes(2L * lineBytes))) {
            for (int i = 0; i < 3; i++) {
                log.offer(record("r0" + i, "churn", H0.plusSeconds(i)));
            }
            for (int i = 0; i < 3; i++) {
                log.offer(record("r1" + i, "churn", H0.plus(HOUR).plusSeconds(i)));
            }
            log.offer(record("f00", "fraud", H0));
            awaitFlush(log);
            clock.set(h2);
            for (int i = 0; i < 3; i++) {
                log.offer(record("r2" + i, "churn", h2.plusSeconds(i)));
            }
            awaitFlush(log);
            assertThat(segmentNames(dir, "churn")).containsExactly("2026030110-000000.jsonl",
                    "2026030110-000001.jsonl", "2026030111-000000.jsonl", "2026030111-000001.jsonl",
                    "2026030112-000000.jsonl", "2026030112-000001.jsonl");
            assertThat(log.openSegments()).containsExactly(dir.resolve("churn/2026030112-000001.jsonl"));

            MemorySink sink = new MemorySink();
            SegmentShipper.Result result = new SegmentShipper(log, sink).ship();

            assertThat(result.failed()).isEmpty();
            assertThat(result.shipped()).containsExactly("churn/2026030110-000000.jsonl",
                    "churn/2026030110-000001.jsonl", "churn/2026030111-000000.jsonl",
                    "churn/2026030111-000001.jsonl", "fraud/2026030110-000000.jsonl");
            assertThat(sink.stored.keySet()).containsExactlyElementsOf(result.shipped());
            assertThat(String.join("", sink.stored.values()).lines()).hasSize(7);
            assertThat(segmentNames(dir, "churn")).containsExactly("2026030112-000000.jsonl",
                    "2026030112-000001.jsonl");
            assertThat(segmentNames(dir, "fraud")).isEmpty();
        }
    }

    @Test
    void aRefusedSegmentStaysAndIsShippedNextTime() throws Exception {
        MutableClock clock = new MutableClock(H0);
        try (PredictionLog log = new PredictionLog(options(dir, clock))) {
            log.offer(record("a", "churn", H0));
            awaitFlush(log);
            clock.set(H0.plus(HOUR));
            log.offer(record("b", "churn", H0.plus(HOUR)));
            awaitFlush(log);

            SegmentShipper.Result refused = new SegmentShipper(log, (name, file) -> {
                throw new IOException("store unavailable");
            }).ship();
            assertThat(refused.shipped()).isEmpty();
            assertThat(refused.failed()).containsOnlyKeys("churn/2026030110-000000.jsonl");
            assertThat(segmentNames(dir, "churn")).hasSize(2);

            MemorySink sink = new MemorySink();
            assertThat(new SegmentShipper(log, sink).ship().shipped())
                    .containsExactly("churn/2026030110-000000.jsonl");
            assertThat(sink.stored.get("churn/2026030110-000000.jsonl")).contains("\"request_id\":\"a\"");
            assertThat(segmentNames(dir, "churn")).containsExactly("2026030111-000000.jsonl");
        }
    }
}
