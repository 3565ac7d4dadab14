package dev.gyre.server.monitoring;

import dev.gyre.monitoring.alert.AlertEvaluator;
import dev.gyre.monitoring.alert.AlertEvent;
import dev.gyre.monitoring.alert.AlertRule;
import dev.gyre.monitoring.alert.AlertRules;
import dev.gyre.monitoring.alert.Notifier;
import dev.gyre.monitoring.alert.RetrainingHook;
import dev.gyre.monitoring.drift.DriftResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns monitoring into alerts: on each {@link #evaluate()} it measures every deployment over its latest windows
 * (dataset drift share of the inputs, outlier rate, latency p99, error rate, and model quality once ground truth
 * arrived), feeds the values to that deployment's {@link AlertEvaluator}, records the firing and resolved events,
 * and publishes the values as Prometheus gauges.
 *
 * <p>Each deployment's rules are the defaults for its charter's success metric ({@link AlertRules#defaultsFor})
 * with the administrator's rules laid over them by name (a rule with a default's name replaces it; others are
 * added).
 */
public final class AlertService {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** A deployment as the alerts see it: its name, model and the version whose traffic is judged. */
    public record Target(String deployment, String model, String version) {
    }

    /** The success criterion of the charter of a model's project, if it has one. */
    public record Criterion(String metric, double threshold, boolean higherIsBetter) {
    }

    /** Where the alerts learn of deployments, charters, model quality and error rates. */
    public interface Sources {
        /** The deployments now served. */
        List<Target> targets();

        /** The success criterion of the charter behind a registered model. */
        Optional<Criterion> criterion(String model);

        /** Model quality metrics (by name) of a deployment version's predictions in [from, to) with ground truth. */
        Map<String, Double> quality(String deployment, String version, Instant from, Instant to);

        /** The share of a deployment's requests answered with a server error since the last call, or null. */
        Double errorRate(String deployment);
    }

    private final MonitoringService monitoring;
    private final WindowStore store;
    private final Sources sources;
    private final List<AlertRule> overrides;
    private final List<Notifier> notifiers;
    private final RetrainingHook retraining;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, AlertEvaluator> evaluators = new ConcurrentHashMap<>();
    private final Map<String, List<AlertRule>> rulesOf = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private final Map<String, Status> latest = new ConcurrentHashMap<>();

    /**
     * @param overrides rules laid over each deployment's defaults by name
     * @param notifiers where events go besides the event table (log, webhook)
     */
    public AlertService(MonitoringService monitoring, Sources sources, List<AlertRule> overrides,
                        List<? extends Notifier> notifiers, RetrainingHook retraining, MeterRegistry meters, Clock clock) {
        this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
        this.store = monitoring.store();
        this.sources = Objects.requireNonNull(sources, "sources");
        this.overrides = List.copyOf(overrides);
        this.notifiers = List.copyOf(notifiers);
        this.retraining = retraining;
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one evaluation measured for a deployment.
     *
     * @param drift   the input and prediction drift of the latest windows
     * @param quality model quality by metric name (empty before ground truth arrives)
     */
    public record Status(Target target, Instant at, MonitoringService.Drift drift, Map<String, Double> quality,
                         Double errorRate, List<AlertEvaluator.RuleState> rules) {
    }

    /** The start of the span the latest evaluation measures: the previous whole window and the current one. */
    public Instant spanStart(Instant now) {
        long windowMs = monitoring.settings().window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), windowMs) * windowMs - windowMs);
    }

    /** Measures every deployment, evaluates its rules and updates the gauges. Never throws. */
    public synchronized void evaluate() {
        Instant now = clock.instant();
        for (Target target : sources.targets()) {
            try {
                latest.put(target.deployment(), evaluate(target, now));
            } catch (RuntimeException e) {
                LOG.warn("Monitoring could not evaluate deployment {}: {}", target.deployment(), e.toString());
            }
        }
    }

    private Status evaluate(Target target, Instant now) {
        String name = target.deployment();
        AlertEvaluator evaluator = evaluator(target);
        Instant from = spanStart(now);
        Instant to = now.plusMillis(1);
        MonitoringService.Drift drift = monitoring.drift(name, target.model(), target.version(), from, to);
        Map<String, Double> quality = sources.quality(name, target.version(), from, to);
        Double errorRate = sources.errorRate(name);
        Map<String, Double> observed = new LinkedHashMap<>();
        if (drift.share() != null) {
            observed.put(AlertRules.DRIFT_SHARE, drift.share());
        }
        MonitoringService.Window window = drift.window();
        if (window.outlierRate() != null) {
            observed.put(AlertRules.OUTLIER_RATE, window.outlierRate());
        }
        if (window.latencyP99Ms() != null) {
            observed.put(AlertRules.LATENCY_P99_MS, window.latencyP99Ms());
        }
        if (errorRate != null) {
            observed.put(AlertRules.ERROR_RATE, errorRate);
        }
        observed.putAll(quality);
        observed.forEach((metric, value) -> {
            if (Double.isFinite(value)) {
                evaluator.observe(name, metric, value, now);
            }
        });
        evaluator.tick();
        List<AlertEvaluator.RuleState> rules = new ArrayList<>();
        for (AlertRule rule : rulesOf.get(name)) {
            AlertEvaluator.RuleState state = evaluator.state(name, rule.name());
            rules.add(state);
            gauge("gyre.monitoring.alert.state", Tags.of("deployment", name, "rule", rule.name()),
                    (double) state.status().ordinal());
        }
        Tags d = Tags.of("deployment", name);
        gauge("gyre.monitoring.window.rows", d, (double) window.rows());
        gauge("gyre.monitoring.drift.share", d, drift.share());
        gauge("gyre.monitoring.outlier.rate", d, window.outlierRate());
        gauge("gyre.monitoring.latency.p99.ms", d, window.latencyP99Ms());
        if (drift.inputs() != null) {
            drift.inputs().columns().forEach((column, result) -> driftGauge(name, column, result));
        }
        if (drift.predictions() != null) {
            drift.predictions().columns().forEach((column, result) -> driftGauge(name, column, result));
        }
        quality.forEach((metric, value) -> gauge("gyre.monitoring.quality",
                Tags.of("deployment", name, "metric", metric), value));
        return new Status(target, now, drift, quality, errorRate, rules);
    }

    private void driftGauge(String deployment, String column, DriftResult result) {
        Tags tags = Tags.of("deployment", deployment, "column", column);
        gauge("gyre.monitoring.drift.score", tags.and("test", result.test()), result.statistic());
        gauge("gyre.monitoring.drift.detected", tags, result.applicable() ? (result.drifted() ? 1.0 : 0.0) : null);
    }

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "gyre.monitoring.alert.state", "Alert rule state: 0 inactive, 1 pending, 2 firing",
            "gyre.monitoring.window.rows", "Records in the span of the latest monitoring round",
            "gyre.monitoring.drift.share", "Share of input columns that drifted in the latest round",
            "gyre.monitoring.outlier.rate", "Share of scored records flagged as outliers in the latest round",
            "gyre.monitoring.latency.p99.ms", "99th percentile of the answering time of logged records, ms",
            "gyre.monitoring.drift.score", "Drift statistic of a column (distance or test statistic)",
            "gyre.monitoring.drift.detected", "1 when the column's drift test says drifted, else 0",
            "gyre.monitoring.quality", "Model quality of the labelled predictions in the latest round");

    private void gauge(String name, Tags tags, Double value) {
        Tags key = tags.and("__name", name);
        AtomicReference<Double> holder = gauges.computeIfAbsent(key, k -> {
            AtomicReference<Double> h = new AtomicReference<>();
            Gauge.builder(name, h, r -> r.get() == null ? Double.NaN : r.get()).tags(tags)
                    .description(DESCRIPTIONS.getOrDefault(name, "")).register(meters);
            return h;
        });
        holder.set(value);
    }

    private AlertEvaluator evaluator(Target target) {
        return evaluators.computeIfAbsent(target.deployment(), d -> {
            List<AlertRule> rules = rules(target.model());
            rulesOf.put(d, rules);
            AlertEvaluator evaluator = new AlertEvaluator(rules, new ArrayList<>(notifiers), retraining, clock);
            if (store != null) {
                // alerts that were firing when the platform stopped are still firing: no second notification
                Map<String, Map<String, Object>> last = new LinkedHashMap<>();
                for (Map<String, Object> event : store.events(d, 10_000)) {
                    last.putIfAbsent((String) event.get("rule"), event);
                }
                for (AlertRule rule : rules) {
                    Map<String, Object> event = last.get(rule.name());
                    if (event != null && "firing".equals(event.get("status"))) {
                        evaluator.restoreFiring(d, rule.name(), Instant.parse((String) event.get("since")),
                                ((Number) event.get("value")).doubleValue());
                    }
                }
            }
            return evaluator;
        });
    }

    /** The rules of a deployment of {@code model}: its charter's defaults with the overrides laid over them. */
    public List<AlertRule> rules(String model) {
        Optional<Criterion> criterion = Optional.empty();
        try {
            criterion = sources.criterion(model);
        } catch (RuntimeException e) {
            LOG.warn("No charter criterion for model {}: {}", model, e.getMessage());
        }
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        List<AlertRule> defaults = criterion
                .map(c -> AlertRules.defaultsFor(c.metric(), c.threshold(), c.higherIsBetter()))
                .orElseGet(() -> AlertRules.defaultsFor("accuracy", 0.0).subList(1, 5));
        for (AlertRule rule : defaults) {
            rules.put(rule.name(), rule);
        }
        for (AlertRule rule : overrides) {
            rules.put(rule.name(), rule);
        }
        return List.copyOf(rules.values());
    }

    /**
     * Forgets the rule states, so that the next evaluation starts from the stored events (a replica that takes
     * over the evaluation from another one must not go on from what it knew before the other's rounds).
     */
    public synchronized void reset() {
        evaluators.clear();
        rulesOf.clear();
        latest.clear();
    }

    /** The latest evaluation of a deployment, if it was evaluated. */
    public Optional<Status> latest(String deployment) {
        return Optional.ofNullable(latest.get(deployment));
    }

    /** Every rule state of every evaluated deployment. */
    public List<AlertEvaluator.RuleState> states() {
        List<AlertEvaluator.RuleState> out = new ArrayList<>();
        latest.values().forEach(s -> out.addAll(s.rules()));
        return out;
    }

    /** A notifier that records every event in the event table. */
    public static Notifier recording(WindowStore store) {
        return (AlertEvent event) -> store.saveEvent(event);
    }
}
