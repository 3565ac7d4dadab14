package dev.gyre.monitoring.alert;

import dev.gyre.core.GyreException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates alert rules against metric observations, per deployment.
 *
 * <p>Each (deployment, rule) pair is in one of three states: {@link Status#INACTIVE}, {@link Status#PENDING}
 * (the condition holds, for less than the rule's for-duration) and {@link Status#FIRING}. The pair moves
 * to firing when the condition has held for the for-duration, and back to inactive at the first evaluation
 * where it does not hold. Each episode produces exactly one firing event and one resolved event, whatever
 * the number of observations in between. Rules are evaluated when an observation of their metric arrives,
 * and for all pairs on {@link #tick()}; an evaluation with no observation inside the rule's window leaves
 * the state as it is.
 *
 * <p>Events go to the notifiers after the evaluator's lock is released; a notifier that fails does not
 * stop the others, and its failure is kept in {@link #deliveryFailures()}.
 */
public final class AlertEvaluator {

    /** State of one rule on one deployment. */
    public enum Status { INACTIVE, PENDING, FIRING }

    /** What {@link #state} reports; {@code since} and {@code lastValue} are null while inactive without data. */
    public record RuleState(String deployment, AlertRule rule, Status status, Instant since, Double lastValue) {
    }

    /** An event a notifier or the retraining hook could not take, and why. */
    public record DeliveryFailure(AlertEvent event, String receiver, String message) {
    }

    private record Observation(Instant time, double value) {
    }

    private static final class PairState {
        Status status = Status.INACTIVE;
        Instant since;
        Double lastValue;
    }

    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, Duration> retention = new HashMap<>();
    private final List<Notifier> notifiers;
    private final RetrainingHook retrainingHook;
    private final Clock clock;
    private final System.Logger logger = System.getLogger("dev.gyre.monitoring.alert");

    private final Map<String, Map<String, Deque<Observation>>> observations = new HashMap<>();
    private final Map<String, Map<String, PairState>> states = new HashMap<>();
    private final List<DeliveryFailure> failures = new ArrayList<>();

    public AlertEvaluator(List<AlertRule> rules, List<? extends Notifier> notifiers, RetrainingHook retrainingHook,
                          Clock clock) {
        if (rules == null || rules.isEmpty()) {
            throw new GyreException.InvalidArgument("no alert rules given; pass at least one, e.g. AlertRules.defaultsFor(...)");
        }
        Set<String> seen = new HashSet<>();
        for (AlertRule r : rules) {
            Objects.requireNonNull(r, "rule");
            if (!seen.add(r.name())) {
                throw new GyreException.InvalidArgument("alert rule name '" + r.name()
                        + "' is used twice; give each rule its own name");
            }
            this.rules.put(r.name(), r);
            retention.merge(r.metric(), r.window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        this.notifiers = List.copyOf(notifiers == null ? List.of() : notifiers);
        this.retrainingHook = retrainingHook;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records an observation at the clock's current time. */
    public List<AlertEvent> observe(String deployment, String metric, double value) {
        return observe(deployment, metric, value, clock.instant());
    }

    /**
     * Records an observation and evaluates the rules on that metric for that deployment.
     *
     * @return the events this observation caused (also sent to the notifiers)
     */
    public List<AlertEvent> observe(String deployment, String metric, double value, Instant time) {
        if (deployment == null || deployment.isBlank()) {
            throw new GyreException.InvalidArgument("observation has no deployment; name the deployment it belongs to");
        }
        if (metric == null || metric.isBlank()) {
            throw new GyreException.InvalidArgument("observation has no metric name; give e.g. error_rate");
        }
        if (!Double.isFinite(value)) {
            throw new GyreException.InvalidArgument("observation of " + metric + " is " + value
                    + "; give a finite number (drop or skip missing values)");
        }
        Objects.requireNonNull(time, "time");
        List<AlertEvent> events = new ArrayList<>();
        synchronized (this) {
            Deque<Observation> series = observations.computeIfAbsent(deployment, d -> new HashMap<>())
                    .computeIfAbsent(metric, m -> new ArrayDeque<>());
            Observation last = series.peekLast();
            if (last != null && time.isBefore(last.time())) {
                throw new GyreException.InvalidArgument("observation of " + metric + " on " + deployment + " at "
                        + time + " is older than the latest one (" + last.time()
                        + "); feed observations in time order");
            }
            series.addLast(new Observation(time, value));
            Duration keep = retention.getOrDefault(metric, Duration.ZERO);
            while (series.size() > 1 && !series.peekFirst().time().isAfter(time.minus(keep))) {
                series.removeFirst();
            }
            for (AlertRule rule : rules.values()) {
                if (rule.metric().equals(metric)) {
                    evaluate(deployment, rule, time, events);
                }
            }
        }
        dispatch(events);
        return events;
    }

    /** Re-evaluates every rule on every deployment at the clock's current time. */
    public List<AlertEvent> tick() {
        Instant now = clock.instant();
        List<AlertEvent> events = new ArrayList<>();
        synchronized (this) {
            for (String deployment : observations.keySet()) {
                for (AlertRule rule : rules.values()) {
                    evaluate(deployment, rule, now, events);
                }
            }
        }
        dispatch(events);
        return events;
    }

    /**
     * Puts a rule of a deployment back into the firing state it was in before a restart, as its last recorded
     * event says, so that the condition still holding does not fire a second time and its end sends the resolved
     * event of the same episode. Sends nothing.
     *
     * @throws GyreException.InvalidArgument for an unknown rule
     */
    public synchronized void restoreFiring(String deployment, String ruleName, Instant since, double lastValue) {
        if (!rules.containsKey(ruleName)) {
            throw new GyreException.InvalidArgument("there is no alert rule named '" + ruleName
                    + "'; known rules are " + rules.keySet());
        }
        PairState s = states.computeIfAbsent(deployment, d -> new HashMap<>())
                .computeIfAbsent(ruleName, n -> new PairState());
        s.status = Status.FIRING;
        s.since = Objects.requireNonNull(since, "since");
        s.lastValue = lastValue;
        observations.computeIfAbsent(deployment, d -> new HashMap<>());
    }

    /** The state of a rule on a deployment. */
    public synchronized RuleState state(String deployment, String ruleName) {
        AlertRule rule = rules.get(ruleName);
        if (rule == null) {
            throw new GyreException.InvalidArgument("there is no alert rule named '" + ruleName
                    + "'; known rules are " + rules.keySet());
        }
        PairState s = states.getOrDefault(deployment, Map.of()).get(ruleName);
        if (s == null) {
            return new RuleState(deployment, rule, Status.INACTIVE, null, null);
        }
        return new RuleState(deployment, rule, s.status, s.since, s.lastValue);
    }

    /** All rules currently firing, on all deployments. */
    public synchronized List<RuleState> firing() {
        List<RuleState> out = new ArrayList<>();
        states.forEach((deployment, byRule) -> byRule.forEach((name, s) -> {
            if (s.status == Status.FIRING) {
                out.add(new RuleState(deployment, rules.get(name), s.status, s.since, s.lastValue));
            }
        }));
        return out;
    }

    /** Events that a notifier or the retraining hook failed to take. */
    public synchronized List<DeliveryFailure> deliveryFailures() {
        return List.copyOf(failures);
    }

    private void evaluate(String deployment, AlertRule rule, Instant now, List<AlertEvent> events) {
        Deque<Observation> series = observations.getOrDefault(deployment, Map.of()).get(rule.metric());
        if (series == null || series.isEmpty()) {
            return;
        }
        Double value = aggregate(series, rule.window(), now);
        if (value == null) {
            return;
        }
        PairState s = states.computeIfAbsent(deployment, d -> new HashMap<>())
                .computeIfAbsent(rule.name(), n -> new PairState());
        s.lastValue = value;
        if (rule.comparison().holds(value, rule.threshold())) {
            if (s.status == Status.INACTIVE) {
                s.status = Status.PENDING;
                s.since = now;
            }
            if (s.status == Status.PENDING && !Duration.between(s.since, now).minus(rule.forDuration()).isNegative()) {
                s.status = Status.FIRING;
                events.add(event(AlertEvent.Kind.FIRING, deployment, rule, value, s.since, now));
            }
        } else {
            if (s.status == Status.FIRING) {
                events.add(event(AlertEvent.Kind.RESOLVED, deployment, rule, value, s.since, now));
            }
            s.status = Status.INACTIVE;
            s.since = null;
        }
    }

    /** Mean of the observations in (now - window, now]; the latest observation at or before now when window is 0. */
    private static Double aggregate(Deque<Observation> series, Duration window, Instant now) {
        if (window.isZero()) {
            Observation latest = null;
            for (Observation o : series) {
                if (!o.time().isAfter(now)) {
                    latest = o;
                }
            }
            return latest == null ? null : latest.value();
        }
        Instant from = now.minus(window);
        double sum = 0;
        int n = 0;
        for (Observation o : series) {
            if (o.time().isAfter(from) && !o.time().isAfter(now)) {
                sum += o.value();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static AlertEvent event(AlertEvent.Kind kind, String deployment, AlertRule rule, double value,
                                    Instant since, Instant at) {
        return new AlertEvent(kind, deployment, rule.name(), rule.metric(), rule.comparison(), rule.threshold(),
                value, rule.severity(), since, at);
    }

    private void dispatch(List<AlertEvent> events) {
        for (AlertEvent e : events) {
            for (Notifier n : notifiers) {
                try {
                    n.notify(e);
                } catch (RuntimeException ex) {
                    fail(e, n.getClass().getSimpleName(), ex);
                }
            }
            AlertRule rule = rules.get(e.rule());
            if (e.kind() == AlertEvent.Kind.FIRING && rule.retrain() && retrainingHook != null) {
                try {
                    retrainingHook.requestRetraining(new RetrainingRequest(e.deployment(), e.rule(), e.metric(),
                            e.value(), e.threshold(), e.since(), e.at()));
                } catch (RuntimeException ex) {
                    fail(e, "retraining hook", ex);
                }
            }
        }
    }

    private void fail(AlertEvent e, String receiver, RuntimeException ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        logger.log(System.Logger.Level.WARNING, "could not deliver " + e + " to " + receiver + ": " + message);
        synchronized (this) {
            failures.add(new DeliveryFailure(e, receiver, message));
        }
    }
}
