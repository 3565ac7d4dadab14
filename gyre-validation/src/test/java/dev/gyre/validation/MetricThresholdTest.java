package dev.gyre.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

class MetricThresholdTest {

    @Test
    void absoluteThresholdIgnoresTheBaseline() {
        MetricThreshold t = new MetricThreshold(0.8, null, null, true);
        assertThat(t.check(0.8, null).passed()).isTrue();
        assertThat(t.check(0.79, 0.1).passed()).isFalse();
        assertThat(t.check(0.79, 0.1).failures()).singleElement().asString().contains("threshold 0.8000");
        MetricThreshold lower = new MetricThreshold(5.0, null, null, false);
        assertThat(lower.check(5.0, null).passed()).isTrue();
        assertThat(lower.check(5.01, null).passed()).isFalse();
    }

    @Test
    void absoluteChangeGreaterIsBetter() {
        MetricThreshold t = new MetricThreshold(null, 0.05, null, true);
        assertThat(t.check(0.85, 0.80).passed()).isTrue();
        assertThat(t.check(0.84, 0.80).passed()).isFalse();
        assertThat(t.check(0.84, null).passed()).as("no baseline: change criteria skipped").isTrue();
    }

    @Test
    void relativeChangeBothDirections() {
        MetricThreshold higher = new MetricThreshold(null, null, 0.1, true);
        assertThat(higher.check(0.88, 0.80).passed()).isTrue();
        assertThat(higher.check(0.87, 0.80).passed()).isFalse();
        MetricThreshold lower = new MetricThreshold(null, null, 0.1, false);
        assertThat(lower.check(9.0, 10.0).passed()).isTrue();
        assertThat(lower.check(9.5, 10.0).passed()).isFalse();
        assertThat(lower.check(9.5, 10.0).failures()).singleElement().asString().contains("9.000");
    }

    @Test
    void lowerIsBetterAbsoluteChangeAndAllCriteriaTogether() {
        MetricThreshold t = new MetricThreshold(3.0, 0.5, 0.1, false);
        assertThat(t.check(2.0, 3.0).passed()).isTrue();
        var outcome = t.check(3.2, 3.0);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.failures()).hasSize(3);
    }

    @Test
    void notWorseAcceptsATie() {
        assertThat(MetricThreshold.notWorse(true).check(0.8, 0.8).passed()).isTrue();
        assertThat(MetricThreshold.notWorse(true).check(0.79, 0.8).passed()).isFalse();
        assertThat(MetricThreshold.notWorse(false).check(0.8, 0.79).passed()).isFalse();
    }

    @Test
    void invalidFiguresAreRefused() {
        assertThatThrownBy(() -> new MetricThreshold(null, -0.1, null, true))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("min_absolute_change");
        assertThatThrownBy(() -> new MetricThreshold(null, null, 1.5, true))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("min_relative_change");
        assertThatThrownBy(() -> new MetricThreshold(Double.NaN, null, null, true))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }
}
