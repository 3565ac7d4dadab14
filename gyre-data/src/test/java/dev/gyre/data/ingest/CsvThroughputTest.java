package dev.gyre.data.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.Table;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures CSV reading speed on a generated file and prints it; it never asserts a time, since machines
 * differ and share their cores. The CPU time of the reading thread gives the per-core figure. The size is
 * {@code -Dgyre.ingest.benchMegabytes} (default 32). Run alone with {@code -Dtest=CsvThroughputTest} and read
 * the printed line in the test's output file.
 */
class CsvThroughputTest {

    @TempDir
    Path dir;

    @Test
    void printsParseAndTypedReadThroughput() throws IOException {
        long target = Long.getLong("gyre.ingest.benchMegabytes", 32) << 20;
        Path file = dir.resolve("bench.csv");
        long rows = generate(file, target);
        long size = Files.size(file);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long raw = 0;
        long start = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        try (CsvReader reader = CsvReader.open(file, IngestOptions.DEFAULTS)) {
            while (reader.next() != null) {
                raw++;
            }
        }
        double parseSeconds = (System.nanoTime() - start) / 1e9;
        double parseCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;

        long typed = 0;
        start = System.nanoTime();
        cpu = threads.getCurrentThreadCpuTime();
        try (CsvTableStream stream = CsvTableStream.open(file, IngestOptions.DEFAULTS)) {
            for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
                typed += chunk.rowCount();
            }
        }
        double typedSeconds = (System.nanoTime() - start) / 1e9;
        double typedCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;

        assertThat(raw).isEqualTo(rows + 1);
        assertThat(typed).isEqualTo(rows);
        double megabytes = size / 1048576.0;
        System.out.printf("CSV throughput on %.1f MB, %d rows (MB per second of wall time / of the reading thread's"
                + " CPU time): parse %.0f / %.0f, typed chunks %.0f / %.0f%n", megabytes, rows,
                megabytes / parseSeconds, megabytes / parseCpuSeconds, megabytes / typedSeconds,
                megabytes / typedCpuSeconds);
    }

    private static long generate(Path file, long targetBytes) throws IOException {
        Random random = new Random(1);
        String[] cities = {"Oslo", "Rome", "Lima", "Kyoto", "S\u00e3o Paulo", "Z\u00fcrich"};
        long rows = 0;
        long written = 0;
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,amount,ratio,city,active,created,comment\n");
            while (written < targetBytes) {
                line.setLength(0);
                line.append(rows).append(',')
                        .append(random.nextInt(100_000) / 100.0).append(',')
                        .append(random.nextDouble()).append(',')
                        .append(cities[random.nextInt(cities.length)]).append(',')
                        .append(random.nextBoolean()).append(',')
                        .append(Instant.ofEpochSecond(1_600_000_000L + random.nextInt(100_000_000))).append(',')
                        .append(rows % 10 == 0 ? "\"free text, with a comma and \"\"quotes\"\"\"" : "short note")
                        .append('\n');
                out.append(line);
                written += line.length();
                rows++;
            }
        }
        return rows;
    }
}
