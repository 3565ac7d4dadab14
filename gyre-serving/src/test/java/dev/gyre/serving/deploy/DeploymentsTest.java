package dev.gyre.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.protocol.InferenceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentsTest {
    private static Map<Integer, GyreModel> models;

    @BeforeAll
    static void train() {
        models = Map.of(1, TestModels.train(1, TestModels.SPEC), 2, TestModels.train(2, TestModels.SPEC),
                3, TestModels.train(3, TestModels.NEEDS_Z));
    }

    private static TestModels.Loader loader() {
        return new TestModels.Loader(models);
    }

    @Test
    void canaryShareIsRespectedOverTenThousandUnstickyRequests() {
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(11), ShadowSink.DISCARD, 1, 10)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            deployments.setCanary("scores", 2, 20);
            InferenceRequest request = TestModels.request(1, 5);
            int canary = 0;
            for (int i = 0; i < 10_000; i++) {
                DeploymentResult result = deployments.predict("scores", request, null);
                assertThat(result.predictions().get(0).modelVersion()).isEqualTo(Integer.toString(result.version()));
                canary += result.version() == 2 ? 1 : 0;
            }
            assertThat(canary).isBetween(1_700, 2_300);
        }
    }

    @Test
    void stickyCallersAlwaysLandOnTheSameSideAndRaisingTheShareOnlyMovesThemToTheCanary() {
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(3), ShadowSink.DISCARD, 1, 10)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            deployments.setStickyKey("scores", "X-User");
            deployments.setCanary("scores", 2, 30);
            InferenceRequest request = TestModels.request(1, 9);
            List<Integer> first = new ArrayList<>();
            for (int user = 0; user < 1_000; user++) {
                int version = deployments.predict("scores", request, "user-" + user).version();
                for (int again = 0; again < 4; again++) {
                    assertThat(deployments.predict("scores", request, "user-" + user).version()).isEqualTo(version);
                }
                first.add(version);
            }
            assertThat(first.stream().filter(v -> v == 2).count()).isBetween(240L, 360L);
            deployments.setCanary("scores", 2, 60);
            for (int user = 0; user < 1_000; user++) {
                int version = deployments.predict("scores", request, "user-" + user).version();
                if (first.get(user) == 2) {
                    assertThat(version).isEqualTo(2);
                }
            }
        }
        assertThat(TrafficPolicy.bucket("scores", "user-1")).isEqualTo(TrafficPolicy.bucket("scores", "user-1"))
                .isBetween(0, 99);
    }

    @Test
    void aFailingShadowNeverReachesTheCallerAndItsErrorsReachTheSink() throws InterruptedException {
        LinkedBlockingQueue<ShadowSink.Outcome> outcomes = new LinkedBlockingQueue<>();
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(1), outcomes::add, 2, 100)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            deployments.setShadow("scores", 3);
            for (int i = 0; i < 20; i++) {
                DeploymentResult result = deployments.predict("scores", TestModels.request(2, i), null);
                assertThat(result.version()).isEqualTo(1);
                assertThat(result.response().size()).isEqualTo(2);
                assertThat(result.shadowed()).isTrue();
            }
            for (int i = 0; i < 20; i++) {
                ShadowSink.Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
                assertThat(outcome).isNotNull();
                assertThat(outcome.succeeded()).isFalse();
                assertThat(outcome.shadowVersion()).isEqualTo(3);
                assertThat(outcome.servedVersion()).isEqualTo(1);
                assertThat(outcome.error()).isInstanceOf(GyreException.InvalidArgument.class)
                        .hasMessageContaining("'z'");
            }
            assertThat(deployments.shadowDropped()).isZero();
        }
    }

    @Test
    void aWorkingShadowsAnswersReachTheSinkAndASinkThatThrowsIsCounted() throws InterruptedException {
        CountDownLatch seen = new CountDownLatch(5);
        ShadowSink sink = outcome -> {
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.response().size()).isEqualTo(outcome.served().size());
            seen.countDown();
            throw new IllegalStateException("sink is broken");
        };
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(1), sink, 1, 100)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            deployments.setShadow("scores", 2);
            for (int i = 0; i < 5; i++) {
                assertThat(deployments.predict("scores", TestModels.request(3, i), null).version()).isEqualTo(1);
            }
            assertThat(seen.await(30, TimeUnit.SECONDS)).isTrue();
            for (int wait = 0; wait < 3_000 && deployments.shadowSinkFailures() < 5; wait++) {
                Thread.sleep(10);
            }
            assertThat(deployments.shadowSinkFailures()).isEqualTo(5);
        }
    }

    @Test
    void aFullShadowQueueDropsAndCountsWithoutBlockingTheCaller() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        ShadowSink blocking = outcome -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        };
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(1), blocking, 1, 1)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            deployments.setShadow("scores", 2);
            int shadowed = 0;
            for (int i = 0; i < 10; i++) {
                DeploymentResult result = deployments.predict("scores", TestModels.request(1, i), null);
                assertThat(result.version()).isEqualTo(1);
                shadowed += result.shadowed() ? 1 : 0;
            }
            assertThat(shadowed).isEqualTo(2);
            assertThat(deployments.shadowDropped()).isEqualTo(8);
            release.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void rollbackRestoresThePreviousPrimaryInOneCall() {
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(1), ShadowSink.DISCARD, 1, 10)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader());
            assertThatThrownBy(() -> deployments.rollback("scores")).isInstanceOf(GyreException.Conflict.class);
            deployments.retarget("scores", 2);
            assertThat(deployments.predict("scores", TestModels.request(1, 1), null).version()).isEqualTo(2);
            Deployment back = deployments.rollback("scores");
            assertThat(back.primaryVersion()).isEqualTo(1);
            assertThat(back.previousVersion()).hasValue(2);
            assertThat(deployments.predict("scores", TestModels.request(1, 1), null).version()).isEqualTo(1);

            deployments.setCanary("scores", 2, 40);
            Deployment promoted = deployments.promoteCanary("scores");
            assertThat(promoted.primaryVersion()).isEqualTo(2);
            assertThat(promoted.canary()).isEmpty();
            deployments.setCanary("scores", 3, 10);
            Deployment rolledBack = deployments.rollback("scores");
            assertThat(rolledBack.primaryVersion()).isEqualTo(1);
            assertThat(rolledBack.canary()).isEmpty();
            assertThat(deployments.loadedModels()).containsExactly(new ModelKey(TestModels.MODEL, 1));
        }
    }

    @Test
    void aFailingLoadLeavesTheOldVersionServing() {
        TestModels.Loader loader = loader();
        loader.failing.add(2);
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(1), ShadowSink.DISCARD, 1, 10)) {
            deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 1), loader);
            Deployment before = deployments.get("scores");
            assertThatThrownBy(() -> deployments.retarget("scores", 2)).isInstanceOf(GyreException.Internal.class)
                    .hasMessageContaining("scores/2").hasMessageContaining("unreadable");
            assertThatThrownBy(() -> deployments.setCanary("scores", 2, 50))
                    .isInstanceOf(GyreException.Internal.class);
            assertThatThrownBy(() -> deployments.setShadow("scores", 9)).isInstanceOf(GyreException.NotFound.class);
            assertThat(deployments.get("scores")).isEqualTo(before);
            assertThat(deployments.predict("scores", TestModels.request(1, 1), null).version()).isEqualTo(1);
            assertThat(deployments.loadedModels()).containsExactly(new ModelKey(TestModels.MODEL, 1));
            loader.failing.clear();
            assertThat(deployments.retarget("scores", 2).primaryVersion()).isEqualTo(2);
        }
    }

    @Test
    void modelsAreSharedWhileUsedAndDroppedWhenNot() {
        TestModels.Loader loader = loader();
        try (Deployments deployments = new Deployments(ShadowSink.DISCARD)) {
            deployments.deploy("a", DeploymentTarget.version(TestModels.MODEL, 1), loader);
            deployments.deploy("b", DeploymentTarget.version(TestModels.MODEL, 1), loader);
            deployments.setShadow("b", 2);
            assertThat(loader.loads.get()).isEqualTo(2);
            assertThat(deployments.loadedModels()).containsExactlyInAnyOrder(new ModelKey(TestModels.MODEL, 1),
                    new ModelKey(TestModels.MODEL, 2));
            deployments.setShadow("b", null);
            assertThat(deployments.loadedModels()).containsExactly(new ModelKey(TestModels.MODEL, 1));
            deployments.remove("a");
            assertThat(deployments.loadedModels()).hasSize(1);
            deployments.remove("b");
            assertThat(deployments.loadedModels()).isEmpty();
            assertThat(deployments.list()).isEmpty();
            assertThatThrownBy(() -> deployments.get("a")).isInstanceOf(GyreException.NotFound.class);
        }
    }

    @Test
    void anAliasTargetFollowsTheAliasOnRefresh() {
        TestModels.Loader loader = loader();
        loader.aliases.put("production", 1);
        try (Deployments deployments = new Deployments(ShadowSink.DISCARD)) {
            Deployment d = deployments.deploy("scores", DeploymentTarget.alias(TestModels.MODEL, "production"), loader);
            assertThat(d.primaryVersion()).isEqualTo(1);
            assertThat(d.target()).hasToString("scores@production");
            assertThatThrownBy(() -> deployments.deploy("scores", DeploymentTarget.version(TestModels.MODEL, 2),
                    loader)).isInstanceOf(GyreException.AlreadyExists.class);
            loader.aliases.put("production", 2);
            assertThat(deployments.refresh("scores").primaryVersion()).isEqualTo(2);
            assertThat(deployments.loadedModels()).isEqualTo(Set.of(new ModelKey(TestModels.MODEL, 2)));
            assertThatThrownBy(() -> deployments.setCanary("scores", 1, 101))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void restoreRecreatesAStoredStateAndCreatesNothingWhenALoadFails() {
        try (Deployments deployments = new Deployments(TrafficPolicy.seeded(3), ShadowSink.DISCARD, 1, 10)) {
            TestModels.Loader loader = loader();
            loader.aliases.put("production", 1);
            Deployment stored = Deployment.of("scores", DeploymentTarget.alias(TestModels.MODEL, "production"), 1)
                    .withPrimary(2).withCanary(new Deployment.Canary(1, 100)).withStickyKey("X-User")
                    .withShadow(1);
            assertThat(stored.previousVersion().getAsInt()).isEqualTo(1);
            assertThat(deployments.restore(stored, loader)).isEqualTo(stored);
            assertThat(deployments.get("scores")).as("alias not resolved again: the state as stored")
                    .isEqualTo(stored);
            assertThat(deployments.predict("scores", TestModels.request(1, 1), "u").version()).isEqualTo(1);
            assertThat(deployments.rollback("scores").primaryVersion()).isEqualTo(1);
            assertThatThrownBy(() -> deployments.restore(stored, loader))
                    .isInstanceOf(GyreException.AlreadyExists.class);

            loader.failing.add(3);
            Deployment broken = Deployment.of("other", DeploymentTarget.version(TestModels.MODEL, 1), 1)
                    .withShadow(3);
            assertThatThrownBy(() -> deployments.restore(broken, loader)).hasMessageContaining("version 3");
            assertThat(deployments.list()).extracting(Deployment::name).containsExactly("scores");
        }
    }
}
