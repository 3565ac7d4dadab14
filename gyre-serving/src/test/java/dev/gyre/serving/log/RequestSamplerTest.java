package dev.gyre.serving.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestSamplerTest {

    @Test
    void theSameIdAlwaysGetsTheSameDecision() {
        for (int i = 0; i < 1_000; i++) {
            String id = "req-" + i;
            boolean first = RequestSampler.keep(id, 0.3);
            for (int k = 0; k < 3; k++) {
                assertThat(RequestSampler.keep(new String(id.toCharArray()), 0.3)).isEqualTo(first);
            }
        }
    }

    @Test
    void theKeptShareIsTheRateWithinTolerance() {
        for (double rate : new double[] {0.01, 0.1, 0.3, 0.5, 0.9}) {
            int kept = 0;
            for (int i = 0; i < 100_000; i++) {
                if (RequestSampler.keep("7f3a-" + i, rate)) {
                    kept++;
                }
            }
            assertThat(kept / 100_000.0).as("rate %s", rate).isCloseTo(rate, org.assertj.core.data.Offset.offset(0.006));
        }
    }

    @Test
    void aRequestKeptAtARateIsKeptAtEveryHigherRate() {
        for (int i = 0; i < 10_000; i++) {
            String id = java.util.UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString();
            if (RequestSampler.keep(id, 0.2)) {
                assertThat(RequestSampler.keep(id, 0.5)).isTrue();
            }
        }
    }

    @Test
    void zeroKeepsNoneOneKeepsAllAndOtherRatesAreRefused() {
        assertThat(RequestSampler.keep("a", 0.0)).isFalse();
        assertThat(RequestSampler.keep("a", 1.0)).isTrue();
        assertThat(RequestSampler.fraction("a")).isBetween(0.0, 1.0).isLessThan(1.0);
        assertThatThrownBy(() -> RequestSampler.keep("a", 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestSampler.keep("a", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
