package dev.gyre.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrafficPolicyTest {
    private static final Deployment BASE = Deployment.of("scores", DeploymentTarget.version("scores", 1), 1);

    @Test
    void withoutACanaryThePrimaryAlwaysAnswers() {
        TrafficPolicy policy = TrafficPolicy.seeded(5);
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.choose(BASE, i % 2 == 0 ? null : "k" + i)).isEqualTo(1);
        }
    }

    @Test
    void zeroAndHundredPercentAreExact() {
        TrafficPolicy policy = TrafficPolicy.seeded(5);
        Deployment none = BASE.withCanary(new Deployment.Canary(2, 0));
        Deployment all = BASE.withCanary(new Deployment.Canary(2, 100));
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.choose(none, null)).isEqualTo(1);
            assertThat(policy.choose(all, "k" + i)).isEqualTo(2);
        }
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        Deployment split = BASE.withCanary(new Deployment.Canary(2, 50));
        TrafficPolicy a = TrafficPolicy.seeded(99);
        TrafficPolicy b = TrafficPolicy.seeded(99);
        for (int i = 0; i < 500; i++) {
            assertThat(a.choose(split, null)).isEqualTo(b.choose(split, null));
        }
    }

    @Test
    void bucketsDependOnTheDeploymentAndSpreadEvenly() {
        int[] counts = new int[10];
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            int bucket = TrafficPolicy.bucket("scores", "user-" + i);
            counts[bucket / 10]++;
            differ += bucket != TrafficPolicy.bucket("other", "user-" + i) ? 1 : 0;
        }
        for (int count : counts) {
            assertThat(count).isBetween(850, 1_150);
        }
        assertThat(differ).isGreaterThan(9_000);
    }

    @Test
    void stateIsValidated() {
        assertThatThrownBy(() -> new Deployment.Canary(2, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeploymentTarget("m", "prod", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeploymentTarget.version("m", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BASE.withPrimary(2).previousVersion()).hasValue(1);
        assertThat(BASE.withCanary(new Deployment.Canary(2, 5)).withPrimary(2).canary()).isEmpty();
    }
}
