package dev.gyre.serving.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Records and file helpers shared by the prediction log tests. */
final class LogFixtures {
    static final Instant H0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private LogFixtures() {
    }

    static PredictionRecord record(String id, String deployment, Instant at) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("Pclass", 3L);
        inputs.put("Sex", "female");
        inputs.put("Age", 29.5);
        inputs.put("Cabin", null);
        inputs.put("Alone", true);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put("0", 0.25);
        probabilities.put("1", 0.75);
        return PredictionRecord.of(id, deployment, "titanic", "3", at.toEpochMilli(), inputs,
                PredictionRecord.Output.classification("1", probabilities), 1_250);
    }

    static PredictionLog.Options options(Path dir, MutableClock clock) {
        return PredictionLog.Options.defaults(dir).withClock(clock).withFlushInterval(Duration.ofMillis(20));
    }

    /** Segment file names of a deployment, sorted. */
    static List<String> segmentNames(Path dir, String deployment) {
        Path sub = dir.resolve(deployment);
        if (!Files.isDirectory(sub)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sub)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of every segment under {@code dir}, each checked to be newline-terminated. */
    static List<String> allLines(Path dir) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                String text = Files.readString(f);
                if (!text.isEmpty()) {
                    assertThat(text).endsWith("\n");
                    lines.addAll(text.lines().toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static void awaitFlush(PredictionLog log) throws InterruptedException {
        assertThat(log.flush(Duration.ofSeconds(30))).as("writer caught up").isTrue();
    }
}
