package dev.gyre.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.serving.onnx.OnnxMapping;
import dev.gyre.serving.onnx.OnnxModel;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adaptive batching over the PyTorch ONNX classifier packaged with features over x0…x3: callers get their own
 * answers, equal to unbatched predictions, and a bad record fails only its caller.
 */
class AdaptiveBatcherTest {
    private static final List<String> FEATURES = List.of("x0", "x1", "x2", "x3");
    private static final String SPEC = """
            target: label
            columns:
              x0: [{impute: median}]
              x1: [{impute: median}]
              x2: [{impute: median}]
              x3: [standardize]
            """;
    private static GyreModel model;
    private static ExecutorService pool;

    @BeforeAll
    static void build() throws IOException {
        JsonNode expected;
        byte[] onnx;
        try (InputStream json = AdaptiveBatcherTest.class.getResourceAsStream("/fixtures/onnx/torch-mlp-expected.json");
             InputStream bytes = AdaptiveBatcherTest.class.getResourceAsStream("/fixtures/onnx/torch-mlp.onnx")) {
            expected = new ObjectMapper().readTree(json);
            onnx = bytes.readAllBytes();
        }
        List<String> classes = new ArrayList<>();
        expected.get("classes").forEach(c -> classes.add(c.asText()));
        OnnxModel onnxModel = OnnxModel.of(onnx, OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT,
                "probabilities", "label"), LearningTask.CLASSIFICATION, FEATURES, classes);
        model = packaged(onnxModel, "1");
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** A package of {@code model} with features fitted on generated x0…x3 (x3 standardised, so it is required). */
    private static GyreModel packaged(TrainedModel trained, String version) {
        Random random = new Random(3);
        TableBuilder builder = new TableBuilder(new Schema(List.of(new Field("x0", ColumnType.NUMERIC),
                new Field("x1", ColumnType.NUMERIC), new Field("x2", ColumnType.NUMERIC),
                new Field("x3", ColumnType.NUMERIC), new Field("label", ColumnType.CATEGORICAL))));
        for (int i = 0; i < 100; i++) {
            builder.addRow(random.nextDouble(), random.nextDouble(), random.nextDouble(), random.nextDouble(),
                    trained.classes().get(i % trained.classes().size()));
        }
        Table table = builder.build();
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(table), new FeatureSpecParser().parse(SPEC));
        PackageMetadata metadata = PackageMetadata.builder("mlp", version)
                .createdAt(Instant.parse("2024-01-02T03:04:05Z")).build(trained, features);
        return GyreModel.of(ModelPackage.of(features, trained, metadata, null));
    }

    /** A record; every {@code badEvery}-th one (by index) sends text for x1, which the signature refuses. */
    private static Map<String, Object> record(Random random, boolean bad) {
        Map<String, Object> record = new HashMap<>();
        record.put("x0", random.nextDouble() * 4 - 2);
        record.put("x1", bad ? "high" : random.nextDouble() * 4 - 2);
        record.put("x2", random.nextDouble() * 4 - 2);
        record.put("x3", random.nextDouble() * 4 - 2);
        if (random.nextInt(5) == 0) {
            record.put("comment", "ignored");
        }
        return record;
    }

    private static void assertSame(Prediction batched, Prediction direct) {
        assertThat(batched.predictedClass()).isEqualTo(direct.predictedClass());
        assertThat(batched.notes()).isEqualTo(direct.notes());
        assertThat(batched.modelVersion()).isEqualTo(direct.modelVersion());
        assertThat(batched.probabilities().keySet()).containsExactlyElementsOf(direct.probabilities().keySet());
        direct.probabilities().forEach((c, p) -> assertThat(batched.probabilities().get(c)).isCloseTo(p, within(1e-6)));
    }

    /** Runs {@code callers} threads, each predicting its own records; returns per caller its answers or errors. */
    private static List<List<Object>> run(AdaptiveBatcher batcher, List<List<Map<String, Object>>> perCaller)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(perCaller.size());
        List<Future<List<Object>>> futures = new ArrayList<>();
        for (List<Map<String, Object>> records : perCaller) {
            Callable<List<Object>> call = () -> {
                start.await();
                List<Object> answers = new ArrayList<>();
                for (Map<String, Object> record : records) {
                    try {
                        answers.add(batcher.predict(record));
                    } catch (GyreException e) {
                        answers.add(e);
                    }
                }
                return answers;
            };
            futures.add(pool.submit(call));
        }
        List<List<Object>> out = new ArrayList<>();
        for (Future<List<Object>> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private static void check(List<List<Map<String, Object>>> perCaller, List<List<Object>> answers) {
        for (int c = 0; c < perCaller.size(); c++) {
            for (int i = 0; i < perCaller.get(c).size(); i++) {
                Map<String, Object> record = perCaller.get(c).get(i);
                Object answer = answers.get(c).get(i);
                if (record.get("x1") instanceof String) {
                    assertThat(answer).isInstanceOf(GyreException.InvalidArgument.class);
                    assertThat(((Exception) answer).getMessage()).startsWith("field 'x1': expected a number");
                } else {
                    assertThat(answer).isInstanceOf(Prediction.class);
                    assertSame((Prediction) answer, model.predict(record));
                }
            }
        }
    }

    private static void checkStats(AdaptiveBatcher.Stats stats, int maxBatchSize, long goodRecords) {
        long[] counts = stats.batchSizeCounts();
        assertThat(counts).hasSize(maxBatchSize);
        long batches = 0;
        long records = 0;
        for (int s = 1; s <= counts.length; s++) {
            batches += counts[s - 1];
            records += s * counts[s - 1];
        }
        assertThat(stats.batches()).isEqualTo(batches);
        assertThat(stats.batchedRecords()).isEqualTo(records);
        assertThat(stats.batchedRecords() + stats.direct()).isEqualTo(goodRecords);
    }

    @Test
    void concurrentCallersGetTheirOwnAnswersAndABadRecordFailsOnlyItsCaller() throws Exception {
        Random random = new Random(42);
        List<List<Map<String, Object>>> perCaller = new ArrayList<>();
        int good = 0;
        for (int c = 0; c < 8; c++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                boolean bad = (c * 150 + i) % 37 == 0;
                good += bad ? 0 : 1;
                records.add(record(random, bad));
            }
            perCaller.add(records);
        }
        AdaptiveBatcher.Settings settings = AdaptiveBatcher.Settings.defaults().withMaxBatchSize(16);
        try (AdaptiveBatcher batcher = new AdaptiveBatcher(model, settings)) {
            assertThat(batcher.enabled()).isTrue();
            check(perCaller, run(batcher, perCaller));
            checkStats(batcher.stats(), 16, good);
            assertThat(batcher.stats().direct()).isZero();
            assertThat(batcher.stats().fallbacks()).isZero();
        }
    }

    @Test
    void aRecordTheModelRefusesInsideABatchFailsOnlyItsCaller() throws Exception {
        // A real model that refuses rows with x0 above 1.5 when predicting (after the signature accepted them).
        TrainedModel onnx = model.modelPackage().model();
        TrainedModel picky = new PickyModel(onnx);
        GyreModel pickyModel = packaged(picky, "2");
        Random random = new Random(9);
        List<List<Map<String, Object>>> perCaller = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                records.add(record(random, false));
            }
            perCaller.add(records);
        }
        AdaptiveBatcher.Settings settings = AdaptiveBatcher.Settings.defaults().withMode(AdaptiveBatcher.Mode.ON)
                .withMaxBatchSize(8);
        try (AdaptiveBatcher batcher = new AdaptiveBatcher(pickyModel, settings)) {
            List<List<Object>> answers = run(batcher, perCaller);
            int refused = 0;
            for (int c = 0; c < perCaller.size(); c++) {
                for (int i = 0; i < 100; i++) {
                    Map<String, Object> record = perCaller.get(c).get(i);
                    Object answer = answers.get(c).get(i);
                    if ((Double) record.get("x0") > 1.5) {
                        refused++;
                        assertThat(answer).isInstanceOf(GyreException.InvalidArgument.class);
                        assertThat(((Exception) answer).getMessage()).contains("x0 = " + record.get("x0"));
                    } else {
                        assertSame((Prediction) answer, pickyModel.predict(record));
                    }
                }
            }
            assertThat(refused).isPositive();
            assertThat(batcher.stats().batchedRecords()).isEqualTo(600);
        }
    }

    @Test
    void seededPropertyBatchedAnswersEqualDirectOnesForAnySettings() throws Exception {
        Random random = new Random(20240607);
        for (int trial = 0; trial < 12; trial++) {
            int maxBatchSize = 1 + random.nextInt(24);
            AdaptiveBatcher.Settings settings = new AdaptiveBatcher.Settings(AdaptiveBatcher.Mode.ON, maxBatchSize,
                    Duration.ofNanos(1000L * random.nextInt(3000)), maxBatchSize + random.nextInt(64), 1 + random.nextInt(3));
            int callers = 1 + random.nextInt(8);
            List<List<Map<String, Object>>> perCaller = new ArrayList<>();
            int good = 0;
            for (int c = 0; c < callers; c++) {
                List<Map<String, Object>> records = new ArrayList<>();
                int n = random.nextInt(60);
                for (int i = 0; i < n; i++) {
                    boolean bad = random.nextInt(10) == 0;
                    good += bad ? 0 : 1;
                    records.add(record(random, bad));
                }
                perCaller.add(records);
            }
            try (AdaptiveBatcher batcher = new AdaptiveBatcher(model, settings)) {
                check(perCaller, run(batcher, perCaller));
                AdaptiveBatcher.Stats stats = batcher.stats();
                checkStats(stats, maxBatchSize, good);
            }
        }
    }

    @Test
    void autoBatchesOnnxButNotALinearModel() {
        assertThat(AdaptiveBatcher.pays(model.modelPackage().model(), 32)).isTrue();
        GyreModel linear = TestModels.train(1, TestModels.SPEC);
        try (AdaptiveBatcher batcher = new AdaptiveBatcher(linear, AdaptiveBatcher.Settings.defaults())) {
            assertThat(batcher.enabled()).isFalse();
            Map<String, Object> record = Map.of("x", 0.2, "y", 0.9);
            assertThat(batcher.predict(record)).isEqualTo(linear.predict(record));
            assertThat(batcher.stats().direct()).isEqualTo(1);
            assertThat(batcher.stats().batches()).isZero();
        }
        try (AdaptiveBatcher off = new AdaptiveBatcher(model, AdaptiveBatcher.Settings.defaults()
                .withMode(AdaptiveBatcher.Mode.OFF))) {
            assertThat(off.enabled()).isFalse();
        }
    }

    @Test
    void afterCloseCallsPredictDirectly() {
        AdaptiveBatcher batcher = new AdaptiveBatcher(model, AdaptiveBatcher.Settings.defaults());
        Map<String, Object> record = record(new Random(1), false);
        Prediction before = batcher.predict(record);
        batcher.close();
        Prediction after = batcher.predict(record);
        assertSame(after, before);
        assertThat(batcher.stats().direct()).isEqualTo(1);
        assertThat(batcher.stats().batchedRecords()).isEqualTo(1);
    }

    @Test
    void settingsOutOfRangeAreInvalidArguments() {
        AdaptiveBatcher.Settings d = AdaptiveBatcher.Settings.defaults();
        assertThatThrownBy(() -> d.withMaxBatchSize(0)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("maxBatchSize is 0; set it between 1 and 4096");
        assertThatThrownBy(() -> d.withMaxWait(Duration.ofSeconds(5))).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("set it between 0 and 1 second");
        assertThatThrownBy(() -> d.withThreads(0)).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> d.withQueueSize(1)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("set it between maxBatchSize (32) and 1000000");
    }

    /** Delegates to a real model and refuses rows whose first feature is above 1.5. */
    private static final class PickyModel implements TrainedModel {
        private final TrainedModel inner;

        PickyModel(TrainedModel inner) {
            this.inner = inner;
        }

        @Override
        public String algorithm() {
            return "picky";
        }

        @Override
        public Map<String, Object> params() {
            return Map.of();
        }

        @Override
        public long seed() {
            return 0;
        }

        @Override
        public LearningTask task() {
            return inner.task();
        }

        @Override
        public List<String> featureNames() {
            return inner.featureNames();
        }

        @Override
        public List<String> classes() {
            return inner.classes();
        }

        @Override
        public double[] predict(double[] row) {
            if (row[0] > 1.5) {
                throw new GyreException.InvalidArgument("x0 = " + row[0] + " is above what this model takes");
            }
            return inner.predict(row);
        }

        @Override
        public double[][] predictBatch(double[][] rows) {
            for (double[] row : rows) {
                predict(row);
            }
            return inner.predictBatch(rows);
        }

        @Override
        public byte[] serialize() {
            throw new UnsupportedOperationException("not stored");
        }
    }
}
