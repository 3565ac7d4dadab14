package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<AlertEvent> received = new ArrayList<>();
    private final Notifier collect = received::add;

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private AlertEvaluator evaluator(RetrainingHook hook, AlertRule... rules) {
        return new AlertEvaluator(List.of(rules), List.of(collect), hook, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void firesOnlyAfterTheConditionHeldForTheForDuration() {
        AlertRule rule = AlertRule.of("errors", "error_rate", ">", 0.01).withFor(Duration.ofMinutes(5));
        AlertEvaluator ev = evaluator(null, rule);

        assertThat(ev.observe("churn", "error_rate", 0.05, at(0))).isEmpty();
        assertThat(ev.state("churn", "errors").status()).isEqualTo(AlertEvaluator.Status.PENDING);
        assertThat(ev.observe("churn", "error_rate", 0.05, at(4))).isEmpty();
        List<AlertEvent> fired = ev.observe("churn", "error_rate", 0.06, at(5));

        assertThat(fired).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.Kind.FIRING);
            assertThat(e.rule()).isEqualTo("errors");
            assertThat(e.value()).isEqualTo(0.06);
            assertThat(e.threshold()).isEqualTo(0.01);
            assertThat(e.since()).isEqualTo(at(0));
            assertThat(e.at()).isEqualTo(at(5));
        });
        assertThat(ev.state("churn", "errors").status()).isEqualTo(AlertEvaluator.Status.FIRING);
        assertThat(ev.firing()).hasSize(1);
        assertThat(received).containsExactlyElementsOf(fired);
    }

    @Test
    void aRestoredFiringAlertDoesNotFireAgainAndResolvesItsOwnEpisode() {
        AlertRule rule = AlertRule.of("drift", "drift_share", ">=", 0.5);
        AlertEvaluator ev = evaluator(null, rule);
        ev.restoreFiring("d", "drift", at(0), 0.8);
        assertThat(ev.state("d", "drift").status()).isEqualTo(AlertEvaluator.Status.FIRING);
        assertThat(ev.observe("d", "drift_share", 0.9, at(3))).isEmpty();
        assertThat(ev.observe("d", "drift_share", 0.1, at(4))).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AlertEvent.Kind.RESOLVED);
            assertThat(e.since()).isEqualTo(at(0));
        });
        assertThatThrownBy(() -> ev.restoreFiring("d", "nope", at(0), 1))
                .isInstanceOf(dev.gyre.core.GyreException.InvalidArgument.class).hasMessageContaining("drift");
    }

    @Test
    void aDipBeforeTheForDurationResetsThePendingEpisode() {
        AlertRule rule = AlertRule.of("errors", "error_rate", ">", 0.01).withFor(Duration.ofMinutes(5));
        AlertEvaluator ev = evaluator(null, rule);
        ev.observe("d", "error_rate", 0.05, at(0));
        ev.observe("d", "error_rate", 0.0, at(3));
        ev.observe("d", "error_rate", 0.05, at(4));
        assertThat(ev.observe("d", "error_rate", 0.05, at(8))).isEmpty();
        assertThat(ev.observe("d", "error_rate", 0.05, at(9))).singleElement()
                .satisfies(e -> assertThat(e.since()).isEqualTo(at(4)));
    }

    @Test
    void oneFiringAndOneResolvedEventPerEpisode() {
        AlertRule rule = AlertRule.of("drift", "drift_share", ">=", 0.5);
        AlertEvaluator ev = evaluator(null, rule);
        for (int i = 0; i < 5; i++) {
            ev.observe("d", "drift_share", 0.7, at(i));
        }
        ev.observe("d", "drift_share", 0.1, at(5));
        ev.observe("d", "drift_share", 0.2, at(6));
        ev.observe("d", "drift_share", 0.9, at(7));

        assertThat(received).extracting(AlertEvent::kind).containsExactly(
                AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED, AlertEvent.Kind.FIRING);
        assertThat(received.get(1).since()).isEqualTo(at(0));
        assertThat(received.get(1).at()).isEqualTo(at(5));
        assertThat(received.get(1).value()).isEqualTo(0.1);
        assertThat(received.get(0).id()).isNotEqualTo(received.get(2).id());
    }

    @Test
    void severalRulesAndDeploymentsAreIndependent() {
        AlertRule latency = AlertRule.of("latency", "latency_p99_ms", ">", 500);
        AlertRule errors = AlertRule.of("errors", "error_rate", ">", 0.01);
        AlertRule veryHighLatency = AlertRule.of("latency_critical", "latency_p99_ms", ">", 2000)
                .withSeverity(Severity.CRITICAL);
        AlertEvaluator ev = evaluator(null, latency, errors, veryHighLatency);

        ev.observe("a", "latency_p99_ms", 800, at(0));
        ev.observe("b", "latency_p99_ms", 100, at(0));
        ev.observe("a", "error_rate", 0.0, at(0));
        ev.observe("b", "latency_p99_ms", 3000, at(1));

        assertThat(received).extracting(e -> e.deployment() + ":" + e.rule())
                .containsExactly("a:latency", "b:latency", "b:latency_critical");
        assertThat(ev.state("a", "errors").status()).isEqualTo(AlertEvaluator.Status.INACTIVE);
        assertThat(ev.state("a", "latency_critical").status()).isEqualTo(AlertEvaluator.Status.INACTIVE);
        assertThat(ev.firing()).hasSize(3);
    }

    @Test
    void theWindowAveragesRecentObservations() {
        AlertRule rule = AlertRule.of("errors", "error_rate", ">", 0.01).withWindow(Duration.ofMinutes(5));
        AlertEvaluator ev = evaluator(null, rule);
        ev.observe("d", "error_rate", 0.0, at(0));
        ev.observe("d", "error_rate", 0.0, at(1));
        assertThat(ev.observe("d", "error_rate", 0.02, at(2))).isEmpty(); // mean 0.0067
        assertThat(ev.observe("d", "error_rate", 0.02, at(6))).hasSize(1); // minute 0 and 1 left the window
    }

    @Test
    void tickUsesTheInjectedClock() {
        AlertRule rule = AlertRule.of("errors", "error_rate", ">", 0.01).withFor(Duration.ofMinutes(5))
                .withWindow(Duration.ofMinutes(10));
        Instant[] now = {at(0)};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        AlertEvaluator ev = new AlertEvaluator(List.of(rule), List.of(collect), null, clock);
        ev.observe("d", "error_rate", 0.5);
        now[0] = at(3);
        assertThat(ev.tick()).isEmpty();
        now[0] = at(5);
        assertThat(ev.tick()).singleElement().satisfies(e -> assertThat(e.since()).isEqualTo(at(0)));
        assertThat(ev.tick()).isEmpty();
    }

    @Test
    void retrainingIsRequestedOncePerEpisode() {
        RecordingRetrainingHook hook = new RecordingRetrainingHook();
        AlertRule rule = AlertRule.of("accuracy", "accuracy", "<", 0.9).withRetrain(true);
        AlertRule noRetrain = AlertRule.of("errors", "error_rate", ">", 0.01);
        AlertEvaluator ev = evaluator(hook, rule, noRetrain);
        ev.observe("d", "accuracy", 0.8, at(0));
        ev.observe("d", "accuracy", 0.7, at(1));
        ev.observe("d", "error_rate", 0.5, at(1));
        assertThat(hook.requests()).singleElement().satisfies(r -> {
            assertThat(r.deployment()).isEqualTo("d");
            assertThat(r.rule()).isEqualTo("accuracy");
            assertThat(r.value()).isEqualTo(0.8);
        });
        ev.observe("d", "accuracy", 0.95, at(2));
        ev.observe("d", "accuracy", 0.5, at(3));
        assertThat(hook.requests()).hasSize(2);
    }

    @Test
    void aFailingNotifierDoesNotStopTheOthers() {
        Notifier broken = e -> {
            throw new GyreException.NotReady("receiver down");
        };
        AlertEvaluator ev = new AlertEvaluator(List.of(AlertRule.of("x", "m", ">", 1)), List.of(broken, collect),
                null, Clock.fixed(T0, ZoneOffset.UTC));
        ev.observe("d", "m", 2, at(0));
        assertThat(received).hasSize(1);
        assertThat(ev.deliveryFailures()).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("receiver down"));
    }

    @Test
    void badObservationsAndRulesAreRefusedWithTheFix() {
        AlertEvaluator ev = evaluator(null, AlertRule.of("x", "m", ">", 1));
        assertThatThrownBy(() -> ev.observe("d", "m", Double.NaN, at(0)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("finite");
        ev.observe("d", "m", 0, at(5));
        assertThatThrownBy(() -> ev.observe("d", "m", 0, at(4)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("time order");
        assertThatThrownBy(() -> ev.state("d", "nope"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("known rules");
        assertThatThrownBy(() -> evaluator(null, AlertRule.of("x", "m", ">", 1), AlertRule.of("x", "n", "<", 1)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("used twice");
    }

    @Test
    void rulesParseFromConfigurationWithClearErrors() {
        AlertRule r = AlertRule.fromMap(Map.of("name", "p99", "metric", "latency_p99_ms", "comparison", ">=",
                "threshold", "750", "window", "5m", "for", "PT10M", "severity", "critical", "retrain", true));
        assertThat(r.comparison()).isEqualTo(Comparison.GREATER_OR_EQUAL);
        assertThat(r.threshold()).isEqualTo(750);
        assertThat(r.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.retrain()).isTrue();

        assertThatThrownBy(() -> AlertRule.fromMap(Map.of("name", "a", "metric", "m", "comparison", "=>", "threshold", 1)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("use one of >, >=, <, <=");
        assertThatThrownBy(() -> AlertRule.fromMap(Map.of("name", "a", "metric", "m", "comparison", ">", "threshold", "high")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> AlertRule.fromMap(Map.of("name", "a", "metric", "m", "comparison", ">", "threshold", 1,
                "window", "five minutes")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("write e.g. 30s, 5m");
        assertThatThrownBy(() -> AlertRule.fromMap(Map.of("name", "a", "metric", "m", "comparison", ">", "threshold", 1,
                "treshold", 2)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("unknown key(s) [treshold]");
        assertThatThrownBy(() -> AlertRule.fromMap(Map.of("name", "a", "comparison", ">", "threshold", 1)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("missing 'metric'");
        assertThatThrownBy(() -> AlertRule.of("a", "m", ">", Double.POSITIVE_INFINITY))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("finite");
    }

    @Test
    void charterDefaults() {
        List<AlertRule> rules = AlertRules.defaultsFor("accuracy", 0.9);
        assertThat(rules).extracting(AlertRule::name).containsExactly("success_metric_below_threshold",
                "dataset_drift", "outlier_rate", "latency_p99", "error_rate");
        assertThat(rules).extracting(r -> r.metric() + " " + r.comparison() + " " + r.threshold()).containsExactly(
                "accuracy < 0.9", "drift_share >= 0.5", "outlier_rate > 0.05", "latency_p99_ms > 500.0",
                "error_rate > 0.01");
        assertThat(AlertRules.defaultsFor("rmse", 3.0, false).get(0).comparison()).isEqualTo(Comparison.GREATER_THAN);
        assertThatThrownBy(() -> AlertRules.defaultsFor(" ", 0.9))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("success metric");
        // the defaults drive an evaluator as they are
        AlertEvaluator ev = new AlertEvaluator(rules, List.of(collect), null, Clock.fixed(T0, ZoneOffset.UTC));
        ev.observe("d", "drift_share", 0.6, at(0));
        assertThat(received).extracting(AlertEvent::rule).containsExactly("dataset_drift");
    }
}
