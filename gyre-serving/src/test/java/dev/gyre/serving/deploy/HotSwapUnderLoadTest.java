package dev.gyre.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.protocol.InferenceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Eight threads predict without pause while the primary and the canary split keep changing; every third change
 * removes the canary, so the version left behind is dropped from the cache while requests may still be using it.
 */
class HotSwapUnderLoadTest {

    @Test
    void noRequestFailsWhileTheModelIsSwapped() throws Exception {
        Map<Integer, GyreModel> models = Map.of(1, TestModels.train(1, TestModels.SPEC),
                2, TestModels.train(2, TestModels.SPEC));
        LongAdder predicted = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder wrongVersion = new LongAdder();
        LongAdder[] byVersion = {new LongAdder(), new LongAdder(), new LongAdder()};
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        int swaps = 0;
        try (Deployments deployments = new Deployments(TrafficPolicy.random(), ShadowSink.DISCARD, 1, 100)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1),
                    new TestModels.Loader(models));
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                InferenceRequest request = TestModels.request(4, t);
                String sticky = t % 2 == 0 ? null : "caller-" + t;
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            DeploymentResult result = deployments.predict("scores", request, sticky);
                            predicted.increment();
                            int version = result.version();
                            if (version < 1 || version > 2 || result.response().size() != 4
                                    || !result.predictions().get(3).modelVersion().equals(Integer.toString(version))
                                    || !result.model().modelPackage().metadata().version()
                                            .equals(Integer.toString(version))) {
                                wrongVersion.increment();
                            } else {
                                byVersion[version].increment();
                            }
                        } catch (RuntimeException e) {
                            failed.increment();
                            errors.add(e);
                        }
                    }
                }));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (swaps < 60 || System.nanoTime() < end) {
                int next = swaps % 2 == 0 ? 2 : 1;
                deployments.retarget("scores", next);
                if (swaps % 3 == 2) {
                    deployments.clearCanary("scores");
                } else {
                    deployments.setCanary("scores", 3 - next, (swaps * 17) % 101);
                }
                swaps++;
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            assertThat(deployments.loadedModels()).hasSizeBetween(1, 2);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(errors).isEmpty();
        assertThat(failed.sum()).isZero();
        assertThat(wrongVersion.sum()).isZero();
        assertThat(swaps).isGreaterThanOrEqualTo(60);
        assertThat(predicted.sum()).isPositive();
        assertThat(byVersion[1].sum()).isPositive();
        assertThat(byVersion[2].sum()).isPositive();
        System.out.printf("hot swap: %d swaps, %d requests (v1 %d, v2 %d), %d failed%n", swaps, predicted.sum(),
                byVersion[1].sum(), byVersion[2].sum(), failed.sum());
    }
}
