package dev.gyre.serving.log;

import static dev.gyre.serving.log.LogFixtures.H0;
import static dev.gyre.serving.log.LogFixtures.HOUR;
import static dev.gyre.serving.log.LogFixtures.awaitFlush;
import static dev.gyre.serving.log.LogFixtures.options;
import static dev.gyre.serving.log.LogFixtures.record;
import static dev.gyre.serving.log.LogFixtures.segmentNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogReaderTest {
    @TempDir
    Path dir;

    @Test
    void recordsReadBackEqualToWhatWasWritten() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("rooms", 4);
        inputs.put("area", 81.5f);
        inputs.put("city", "Lyon\n\"centre\" é");
        inputs.put("garden", false);
        inputs.put("floor", null);
        PredictionRecord regression = new PredictionRecord("req-2", "price", "houses", "7", H0.toEpochMilli() + 1,
                inputs, PredictionRecord.Output.regression(312_000.25), 870, 0.93, true, true);
        PredictionRecord classification = record("req-1", "price", H0);
        try (PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)))) {
            log.offer(classification);
            log.offer(regression);
        }
        List<PredictionRecord> back = new PredictionLogReader(dir).read("price", H0, H0.plus(HOUR)).toList();
        assertThat(back).containsExactly(classification, regression);
        assertThat(back.get(1).inputs().get("rooms")).isEqualTo(4L);
    }

    @Test
    void aPartialLastLineIsSkippedAndARestartStartsANewSegment() throws Exception {
        try (PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0)))) {
            for (int i = 0; i < 5; i++) {
                log.offer(record("r" + i, "churn", H0.plusSeconds(i)));
            }
        }
        Path segment = dir.resolve("churn/2026030110-000000.jsonl");
        byte[] line = RecordJson.encodeLine(record("cut", "churn", H0.plusSeconds(9)));
        Files.write(segment, Arrays.copyOf(line, line.length / 2), StandardOpenOption.APPEND);

        PredictionLogReader reader = new PredictionLogReader(dir);
        assertThat(reader.read("churn", H0, H0.plus(HOUR)).map(PredictionRecord::requestId))
                .containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(reader.skippedLines()).isEqualTo(1);

        try (PredictionLog log = new PredictionLog(options(dir, new MutableClock(H0.plusSeconds(60))))) {
            log.offer(record("after-restart", "churn", H0.plusSeconds(60)));
        }
        assertThat(segmentNames(dir, "churn")).containsExactly("2026030110-000000.jsonl", "2026030110-000001.jsonl");
        assertThat(reader.read("churn", H0, H0.plus(HOUR)).map(PredictionRecord::requestId))
                .containsExactly("r0", "r1", "r2", "r3", "r4", "after-restart");
    }

    @Test
    void aMalformedCompleteLineIsSkippedAndCounted() throws Exception {
        Path churn = Files.createDirectories(dir.resolve("churn"));
        String good = new String(RecordJson.encodeLine(record("good", "churn", H0)), StandardCharsets.UTF_8);
        Files.writeString(churn.resolve("2026030110-000000.jsonl"), "{\"v\":1,\"oops\"\n" + good + "[]\n");
        PredictionLogReader reader = new PredictionLogReader(dir);
        assertThat(reader.read("churn", H0, H0.plus(HOUR)).map(PredictionRecord::requestId)).containsExactly("good");
        assertThat(reader.skippedLines()).isEqualTo(2);
    }

    @Test
    void readsOnlyRecordsBetweenTheTimesFromInclusiveToExclusive() throws Exception {
        MutableClock clock = new MutableClock(H0);
        try (PredictionLog log = new PredictionLog(options(dir, clock))) {
            log.offer(record("h0-start", "churn", H0));
            log.offer(record("h0-mid", "churn", H0.plusSeconds(1_800)));
            log.offer(record("h1-start", "churn", H0.plus(HOUR)));
            log.offer(record("h1-mid", "churn", H0.plus(HOUR).plusSeconds(1_800)));
            awaitFlush(log);
            clock.set(H0.plus(HOUR.multipliedBy(2)));
            log.offer(record("h2-start", "churn", H0.plus(HOUR.multipliedBy(2))));
            log.offer(record("other", "fraud", H0.plusSeconds(1_800)));
        }
        PredictionLogReader reader = new PredictionLogReader(dir);
        assertThat(reader.read("churn", H0.plusSeconds(1_800), H0.plus(HOUR.multipliedBy(2)))
                .map(PredictionRecord::requestId)).containsExactly("h0-mid", "h1-start", "h1-mid");
        assertThat(reader.read("churn", H0, H0.plusSeconds(1_800)).map(PredictionRecord::requestId))
                .containsExactly("h0-start");
        assertThat(reader.segments("churn", H0.plus(HOUR), H0.plus(HOUR.multipliedBy(2))))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("2026030111-000000.jsonl", "2026030112-000000.jsonl");
        assertThat(reader.read("unknown", H0, H0.plus(HOUR))).isEmpty();
    }
}
