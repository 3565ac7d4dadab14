package dev.gyre.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.protocol.InferenceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deployments with batching on, over the stored fixture package: single-record requests are gathered into
 * batched calls and answered exactly as without batching, also while the served version keeps changing.
 */
class DeploymentsBatchingTest {
    private static final String FIXTURE = "/fixtures/package-v1.zip";
    private static final AdaptiveBatcher.Settings ON = AdaptiveBatcher.Settings.defaults()
            .withMode(AdaptiveBatcher.Mode.ON).withMaxBatchSize(16).withMaxWait(Duration.ofMillis(5));

    private static ModelPackage v1;
    private static ModelPackage v2;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = DeploymentsBatchingTest.class.getResourceAsStream(FIXTURE)) {
            v1 = ModelPackages.read(in);
        }
        PackageMetadata m = v1.metadata();
        PackageMetadata second = new PackageMetadata(m.modelName(), "2", m.algorithm(), m.task(), m.classes(),
                m.createdAt(), m.lineage(), m.charterMetric(), m.validation());
        v2 = ModelPackage.of(v1.features(), v1.model(), v1.signature(), second, v1.reference().orElse(null));
    }

    /** Loads fresh models of the fixture, as a registry would. */
    private static ModelLoader loader() {
        return (model, version) -> GyreModel.of(version == 1 ? v1 : v2);
    }

    /** Distinct passengers, so that each answer can be told apart. */
    private static List<Map<String, Object>> records(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("Pclass", 1 + i % 3);
            r.put("Sex", i % 2 == 0 ? "male" : "female");
            r.put("Age", 5 + (i * 7) % 70);
            r.put("SibSp", i % 4);
            r.put("Parch", i % 3);
            r.put("Fare", 5.0 + i * 1.37);
            r.put("Embarked", "S");
            out.add(r);
        }
        return out;
    }

    private static InferenceRequest one(Map<String, Object> record) {
        return new InferenceRequest(List.of(record), Optional.empty(), Map.of());
    }

    @Test
    void concurrentSingleRecordsAreBatchedAndAnsweredAsWithoutBatching() throws Exception {
        List<Map<String, Object>> records = records(400);
        GyreModel plain = GyreModel.of(v1);
        List<Prediction> expected = new ArrayList<>();
        records.forEach(r -> expected.add(plain.predict(r)));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Deployments deployments = new Deployments(TrafficPolicy.random(), ShadowSink.DISCARD, 1, 100, ON)) {
            deployments.deploy("titanic", DeploymentTarget.version("titanic", 1), loader());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Prediction>> answers = new ArrayList<>();
            for (Map<String, Object> record : records) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return deployments.predict("titanic", one(record), null).predictions().get(0);
                }));
            }
            start.countDown();
            for (int i = 0; i < records.size(); i++) {
                Prediction got = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(got.predictedClass()).as("record %d", i).isEqualTo(expected.get(i).predictedClass());
                assertThat(got.probabilities()).as("record %d", i).isEqualTo(expected.get(i).probabilities());
            }
            // several records in one request are predicted as they are, not through the batcher
            List<Prediction> many = deployments.predict("titanic",
                    new InferenceRequest(records.subList(0, 3), Optional.empty(), Map.of()), null).predictions();
            assertThat(many.get(2).probabilities()).isEqualTo(expected.get(2).probabilities());

            AdaptiveBatcher.Stats stats = deployments.batchStats("titanic", 1).orElseThrow();
            assertThat(stats.batches()).isPositive();
            assertThat(stats.batchedRecords() + stats.direct()).isEqualTo(records.size());
            assertThat(stats.batchSizeCounts()).hasSize(16);
            assertThat(deployments.batchStats()).containsKey(new ModelKey("titanic", 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchingOffOrNotPayingMakesNoBatcher() {
        try (Deployments off = new Deployments(ShadowSink.DISCARD);
             Deployments auto = new Deployments(ShadowSink.DISCARD, AdaptiveBatcher.Settings.defaults())) {
            off.deploy("titanic", DeploymentTarget.version("titanic", 1), loader());
            auto.deploy("titanic", DeploymentTarget.version("titanic", 1), loader());
            off.predict("titanic", one(records(1).get(0)), null);
            auto.predict("titanic", one(records(1).get(0)), null);
            assertThat(off.batching().mode()).isEqualTo(AdaptiveBatcher.Mode.OFF);
            assertThat(off.batchStats("titanic", 1)).isEmpty();
            // a logistic regression predicts a row in microseconds: AUTO leaves it unbatched
            assertThat(auto.batchStats("titanic", 1)).isEmpty();
        }
    }

    @Test
    void aHotSwapUnderConcurrentBatchedLoadFailsNoRequest() throws Exception {
        List<Map<String, Object>> records = records(64);
        GyreModel plain = GyreModel.of(v1);
        List<Prediction> expected = new ArrayList<>();
        records.forEach(r -> expected.add(plain.predict(r)));
        LongAdder predicted = new LongAdder();
        LongAdder wrong = new LongAdder();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int swaps = 0;
        try (Deployments deployments = new Deployments(TrafficPolicy.random(), ShadowSink.DISCARD, 1, 100, ON)) {
            deployments.deploy("titanic", DeploymentTarget.version("titanic", 1), loader());
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    int i = offset;
                    while (!stop.get()) {
                        int k = i++ % records.size();
                        try {
                            DeploymentResult result = deployments.predict("titanic", one(records.get(k)), null);
                            predicted.increment();
                            Prediction p = result.predictions().get(0);
                            // both versions hold the same model: any answer must equal the unbatched one
                            if (!p.probabilities().equals(expected.get(k).probabilities())
                                    || !p.modelVersion().equals(Integer.toString(result.version()))) {
                                wrong.increment();
                            }
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            // every retarget drops the version left behind from the cache and closes its batcher
            while (swaps < 40) {
                deployments.retarget("titanic", swaps % 2 == 0 ? 2 : 1);
                swaps++;
                Thread.sleep(10);
            }
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            assertThat(deployments.loadedModels()).hasSize(1);
            AdaptiveBatcher.Stats one = deployments.batchStats("titanic", 1).orElseThrow();
            AdaptiveBatcher.Stats two = deployments.batchStats("titanic", 2).orElseThrow();
            // a request that took a batcher just before it closed is predicted directly after its counts were kept
            assertThat(one.batchedRecords() + one.direct() + two.batchedRecords() + two.direct())
                    .isPositive().isLessThanOrEqualTo(predicted.sum());
            assertThat(one.batches() + two.batches()).isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(errors).isEmpty();
        assertThat(wrong.sum()).isZero();
        assertThat(predicted.sum()).isPositive();
    }

    @Test
    void aRequestHoldingAClosedBatcherIsStillAnswered() {
        Deployments deployments = new Deployments(TrafficPolicy.random(), ShadowSink.DISCARD, 1, 100, ON);
        deployments.deploy("titanic", DeploymentTarget.version("titanic", 1), loader());
        Map<String, Object> record = records(1).get(0);
        Prediction before = deployments.predict("titanic", one(record), null).predictions().get(0);
        deployments.close();
        Prediction after = deployments.predict("titanic", one(record), null).predictions().get(0);
        assertThat(after.probabilities()).isEqualTo(before.probabilities());
        assertThat(deployments.batchStats("titanic", 1).orElseThrow().direct()).isEqualTo(1);
    }
}
