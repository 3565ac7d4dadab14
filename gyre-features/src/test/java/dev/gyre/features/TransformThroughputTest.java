package dev.gyre.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.Table;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A rough throughput report, not a benchmark harness: transforms 100 000 Titanic-like rows as a table and
 * row by row, and prints rows per second. It never asserts on time, so a slow machine does not fail it.
 */
class TransformThroughputTest {
    private static final int ROWS = 100_000;

    @Test
    void reportsRowsPerSecondForTransformAndTransformRow() {
        Table passengers = CsvTables.titanic();
        FittedFeatures fitted = FeaturePipeline.fit(TrainingData.train(passengers), Specs.titanic());
        SplittableRandom random = new SplittableRandom(1);
        int[] picks = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            picks[i] = random.nextInt(passengers.rowCount());
        }
        Table big = passengers.take(picks);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < passengers.rowCount(); i++) {
            requests.add(passengers.row(i));
        }

        for (int warmup = 0; warmup < 3; warmup++) {
            fitted.transform(big.slice(0, 20_000));
            rowByRow(fitted, requests, 20_000);
        }
        long start = System.nanoTime();
        double checksum = rowByRow(fitted, requests, ROWS);
        double rowSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Table out = fitted.transform(big);
        double batchSeconds = (System.nanoTime() - start) / 1e9;

        long bytes = allocatedBytes(() -> rowByRow(fitted, requests, ROWS));
        System.out.printf("features: transform %,.0f rows/s, transformRow %,.0f rows/s (%d rows, %d features);"
                + " transformRow allocates %s bytes per row%n", ROWS / batchSeconds, ROWS / rowSeconds, ROWS,
                fitted.featureCount(), bytes < 0 ? "(unmeasured)" : Long.toString(bytes / ROWS));
        assertThat(out.rowCount()).isEqualTo(ROWS);
        assertThat(checksum).isFinite();
    }

    /** Bytes allocated by this thread while running {@code work}, or -1 where the JVM cannot tell. */
    private static long allocatedBytes(Runnable work) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        work.run();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private static double rowByRow(FittedFeatures fitted, List<Map<String, Object>> requests, int rows) {
        double[] out = new double[fitted.featureCount()];
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            fitted.transformRow(requests.get(i % requests.size()), out);
            sum += out[0];
        }
        return sum;
    }
}
