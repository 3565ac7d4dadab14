package dev.gyre.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.monitoring.alert.AlertRule;
import dev.gyre.monitoring.alert.EgressPolicy;
import dev.gyre.monitoring.alert.LogNotifier;
import dev.gyre.monitoring.alert.Notifier;
import dev.gyre.monitoring.alert.RecordingRetrainingHook;
import dev.gyre.monitoring.alert.WebhookNotifier;
import dev.gyre.monitoring.performance.QualitySummary;
import dev.gyre.server.api.MonitoringController;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.config.ServerConfig;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.Route;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.server.serving.RegistryModelLoader;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.store.db.Database;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.validation.reference.Reference;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring on the platform: profiles the prediction log per window, stores the windows, evaluates alert rules on
 * a schedule, and serves the monitoring routes. Alert rules: each deployment's charter defaults, with the rules of
 * {@code alerts.yaml} in the home folder laid over them ({@code rules:} a list of {name, metric, comparison,
 * threshold, window, for, severity, retrain}).
 */
public final class PlatformMonitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMonitoring.class);
    /** The file of administrator alert rules in the home folder. */
    public static final String RULES_FILE = "alerts.yaml";

    private final MonitoringService monitoring;
    private final AlertService alerts;
    private final MonitoringController controller;
    private final RecordingRetrainingHook retraining = new RecordingRetrainingHook();
    /** Where retraining requests go besides the record (the pipeline service's retraining trigger). */
    private volatile dev.gyre.monitoring.alert.RetrainingHook retrainingTrigger = request -> { };
    private final ScheduledExecutorService scheduler;
    private final ServerConfig.MonitoringConfig config;
    private final Map<String, double[]> lastCounts = new HashMap<>();
    private final MeterRegistry meters;
    private Instant lastCleanup;
    private final String replica = "replica-" + java.util.UUID.randomUUID();
    private boolean evaluating;

    /** Where quality metrics come from once ground truth arrives (feedback); none until then. */
    interface QualitySource {
        Map<String, Double> quality(String deployment, String version, Instant from, Instant to);
    }

    private final FeedbackStore feedback;

    public PlatformMonitoring(ServerConfig config, Database database, DeploymentManager deployments,
                              RegistryModelLoader loader, RegistryService registry, ProjectService projects,
                              MeterRegistry meters, FeedbackStore feedback, JsonBodies json, Clock clock) {
        this.config = config.monitoring();
        this.feedback = feedback;
        QualitySource quality = quality(feedback);
        this.meters = meters;
        WindowStore store = new WindowStore(database);
        this.monitoring = new MonitoringService(store, new MonitoringService.Settings(this.config.window(),
                this.config.minRows()), clock, (model, version) -> reference(deployments, loader, model, version));
        List<Notifier> notifiers = new ArrayList<>();
        notifiers.add(AlertService.recording(store));
        notifiers.add(new LogNotifier());
        if (this.config.webhookUrl() != null) {
            EgressPolicy.Builder policy = EgressPolicy.builder().allowPlainHttp(this.config.egressAllowHttp());
            this.config.egressAllowHosts().forEach(policy::allowHost);
            this.config.egressAllowCidrs().forEach(policy::allowCidr);
            EgressPolicy egress = policy.build();
            // refused at start, not at the first alert: an address the policy refuses is a configuration error
            egress.validate(this.config.webhookUrl());
            notifiers.add(WebhookNotifier.builder(this.config.webhookUrl(), this.config.webhookSecret(), egress).build());
        }
        AlertService.Sources sources = new AlertService.Sources() {
            @Override
            public List<AlertService.Target> targets() {
                List<AlertService.Target> out = new ArrayList<>();
                for (DeploymentManager.Status status : deployments.list()) {
                    Deployment d = status.state();
                    out.add(new AlertService.Target(d.name(), d.target().model(), Integer.toString(d.primaryVersion())));
                }
                return out;
            }

            @Override
            public Optional<AlertService.Criterion> criterion(String model) {
                RegisteredModel registered = registry.getRegisteredModel(model);
                if (registered.projectId() == null) {
                    return Optional.empty();
                }
                String project = projects.get(registered.projectId()).name();
                return projects.charter(project).map(c -> {
                    SuccessCriterion s = c.charter().successMetric();
                    return new AlertService.Criterion(s.metric(), s.threshold(), s.direction().higherIsBetter());
                });
            }

            @Override
            public Map<String, Double> quality(String deployment, String version, Instant from, Instant to) {
                return quality.quality(deployment, version, from, to);
            }

            @Override
            public Double errorRate(String deployment) {
                return PlatformMonitoring.this.errorRate(deployment);
            }
        };
        this.alerts = new AlertService(monitoring, sources, rules(config.home().resolve(RULES_FILE)), notifiers,
                request -> {
                    retraining.requestRetraining(request);
                    retrainingTrigger.requestRetraining(request);
                }, meters, clock);
        this.controller = new MonitoringController(monitoring, alerts, this::evaluateNow,
                new MonitoringController.Deployments() {
            @Override
            public AlertService.Target target(String name, Principal principal) {
                Deployment d;
                try {
                    d = deployments.get(name).state();
                } catch (GyreException.NotFound e) {
                    // a standalone server's deployment: known by the windows it shipped
                    String[] latest = store.latestModel(name).orElseThrow(() -> e);
                    readable(registry, projects, latest[0], principal);
                    return new AlertService.Target(name, latest[0], latest[1]);
                }
                readable(registry, projects, d.target().model(), principal);
                return new AlertService.Target(d.name(), d.target().model(), Integer.toString(d.primaryVersion()));
            }

            @Override
            public void requireModel(String model, Principal principal) {
                RegisteredModel registered;
                try {
                    registered = registry.getRegisteredModel(model);
                } catch (GyreException.NotFound e) {
                    throw new GyreException.NotFound("Registered model '" + model + "' does not exist; a standalone"
                            + " server ships windows of a model from this platform's registry.");
                }
                if (registered.projectId() != null) {
                    projects.requireRole(projects.get(registered.projectId()), principal.user(), Permission.READ);
                }
            }
        }, json);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gyre-monitoring");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Model quality from delayed ground truth: the predictions of the span that have a label, scored by
     * {@link QualitySummary} (binary classifiers: the second class is the positive one, as in validation).
     * Empty while no prediction of the span has a label.
     */
    static QualitySource quality(FeedbackStore feedback) {
        return (deployment, version, from, to) -> {
            FeedbackStore.Joined joined = feedback.joined(deployment, version, from, to);
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            if (!joined.classification().isEmpty()) {
                out.putAll(classification(joined).metrics());
            }
            if (!joined.regression().isEmpty()) {
                out.putAll(QualitySummary.regression(joined.trueValues(), joined.predictedValues()).metrics());
            }
            return out;
        };
    }

    private static QualitySummary classification(FeedbackStore.Joined joined) {
        String[] truth = joined.trueClasses();
        String[] predicted = joined.predictedClasses();
        List<Map<String, Double>> probabilities = joined.probabilities();
        List<String> classes = new ArrayList<>(probabilities.get(0).keySet());
        boolean usable = classes.size() >= 2 && probabilities.stream().allMatch(p -> p.keySet().equals(
                new java.util.HashSet<>(classes)) && p.values().stream().allMatch(Double::isFinite));
        if (classes.size() == 2 || !usable) {
            String positive = classes.size() == 2 ? classes.get(1) : predicted[0];
            double[] p = usable ? probabilities.stream().mapToDouble(m -> m.get(classes.get(1))).toArray() : null;
            if (classes.size() != 2) {
                return QualitySummary.multiclass(truth, predicted, null, null);
            }
            return QualitySummary.binary(truth, predicted, p, positive);
        }
        double[][] matrix = new double[probabilities.size()][];
        for (int i = 0; i < matrix.length; i++) {
            Map<String, Double> row = probabilities.get(i);
            matrix[i] = classes.stream().mapToDouble(row::get).toArray();
        }
        try {
            return QualitySummary.multiclass(truth, predicted, matrix, classes.toArray(String[]::new));
        } catch (GyreException.InvalidArgument e) {
            // probabilities that do not sum to one (a model that does not calibrate them): no log loss
            return QualitySummary.multiclass(truth, predicted, null, null);
        }
    }

    private static void readable(RegistryService registry, ProjectService projects, String model, Principal principal) {
        RegisteredModel registered;
        try {
            registered = registry.getRegisteredModel(model);
        } catch (GyreException.NotFound e) {
            return; // the deployment outlived its model; its traffic is still the caller's to see
        }
        if (registered.projectId() != null) {
            projects.requireRole(projects.get(registered.projectId()), principal.user(), Permission.READ);
        }
    }

    /**
     * The reference of a model version: from the package a deployment already serves when one does (the common
     * case, and the only one on the prediction log's writer thread, which must not wait for a download), else
     * loaded from the registry once (the monitoring service keeps it).
     */
    private static Optional<dev.gyre.validation.reference.ReferenceProfile> reference(DeploymentManager deployments,
            RegistryModelLoader loader, String model, String version) {
        int number = Integer.parseInt(version);
        for (Deployment d : deployments.engine().deployments().list()) {
            if (d.target().model().equals(model)) {
                Optional<GyreModel> served = deployments.engine().deployments().model(d.name(), number);
                if (served.isPresent()) {
                    return served.get().modelPackage().reference().map(Reference::profile);
                }
            }
        }
        GyreModel loaded = loader.load(model, number);
        return loaded.modelPackage().reference().map(Reference::profile);
    }

    /** The administrator's alert rules from {@code alerts.yaml}, or none when the file is absent. */
    static List<AlertRule> rules(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Cannot read " + RULES_FILE + " in the Gyre home: " + e.getMessage()
                    + ". Fix the YAML or remove the file.");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return List.of();
        }
        JsonNode list = root.get("rules");
        if (!root.isObject() || list == null || !list.isArray() || root.size() != 1) {
            throw new GyreException.InvalidArgument(RULES_FILE + " must hold one key, rules: a list of rules such as"
                    + " {name: drift, metric: drift_share, comparison: '>=', threshold: 0.3, window: 0, for: 10m}.");
        }
        List<AlertRule> rules = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (JsonNode node : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.convertValue(node, Map.class);
            try {
                rules.add(AlertRule.fromMap(map));
            } catch (GyreException e) {
                throw new GyreException.InvalidArgument(RULES_FILE + ", rule " + (rules.size() + 1) + ": "
                        + e.getMessage());
            }
        }
        return rules;
    }

    /** The share of a deployment's requests answered with 5xx since the previous call; null without requests. */
    synchronized Double errorRate(String deployment) {
        double requests = 0;
        double errors = 0;
        for (Counter c : meters.find("gyre.serving.requests").tag("deployment", deployment).counters()) {
            requests += c.count();
        }
        for (Counter c : meters.find("gyre.serving.errors").tag("deployment", deployment).counters()) {
            String status = c.getId().getTag("status");
            if (status != null && status.startsWith("5")) {
                errors += c.count();
            }
        }
        double[] last = lastCounts.put(deployment, new double[] {requests, errors});
        double dr = requests - (last == null ? 0 : last[0]);
        double de = errors - (last == null ? 0 : last[1]);
        return dr <= 0 ? null : de / dr;
    }

    /** The listener to add to the prediction log. */
    public Consumer<dev.gyre.serving.log.PredictionRecord> listener() {
        return monitoring;
    }

    /** Starts the schedule: windows are saved and rules evaluated every interval. */
    public void start() {
        long every = config.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lease that makes one replica at a time evaluate the alert rules. */
    static final String ALERT_LEASE = "alerts";

    /**
     * One round: this replica's windows saved; the alert rules evaluated when this replica holds the alert lease
     * (taken over from a replica that stopped renewing it), so each event is notified once.
     */
    void tick() {
        try {
            monitoring.flush();
            if (lead()) {
                alerts.evaluate();
                cleanUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("Monitoring round failed (retried at the next one): {}", e.toString());
        }
    }

    /**
     * A round now (the evaluate route): windows saved, rules evaluated.
     *
     * @throws GyreException.Conflict when another replica holds the alert lease
     */
    void evaluateNow() {
        monitoring.flush();
        if (!lead()) {
            throw new GyreException.Conflict("Another replica evaluates the alert rules (it renews the lease every"
                    + " monitoring_interval); read its results with GET /api/v1/alerts, or call this route again once"
                    + " it has stopped.");
        }
        alerts.evaluate();
    }

    /** Takes or renews the alert lease; a replica that takes it over starts from the stored events. */
    private synchronized boolean lead() {
        boolean leader = monitoring.store().tryLease(ALERT_LEASE, replica, Instant.now(),
                config.interval().multipliedBy(3));
        if (leader && !evaluating) {
            // the rounds another replica made since this one last evaluated are in the events, not here
            alerts.reset();
        }
        evaluating = leader;
        return leader;
    }

    private void cleanUp() {
        Instant now = Instant.now();
        if (lastCleanup == null || now.isAfter(lastCleanup.plus(java.time.Duration.ofHours(1)))) {
            lastCleanup = now;
            int removed = monitoring.store().deleteBefore(now.minus(config.retention()));
            long predictions = feedback.deleteBefore(now.minus(config.retention()));
            if (removed > 0 || predictions > 0) {
                LOG.info("Removed {} monitoring windows and {} recorded predictions older than {}", removed,
                        predictions, config.retention());
            }
        }
    }

    public MonitoringService monitoring() {
        return monitoring;
    }

    public AlertService alerts() {
        return alerts;
    }

    /** Sends every retraining request, after recording it, to {@code trigger} (which must not block for long). */
    public void onRetraining(dev.gyre.monitoring.alert.RetrainingHook trigger) {
        this.retrainingTrigger = java.util.Objects.requireNonNull(trigger, "trigger");
    }

    /** The retraining requests alerts made, oldest first. */
    public RecordingRetrainingHook retraining() {
        return retraining;
    }

    public List<Route> routes() {
        return controller.routes();
    }

    /** Stops the schedule and saves the open windows. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            monitoring.flush();
        } catch (RuntimeException e) {
            LOG.warn("Monitoring windows were not saved at stop: {}", e.toString());
        }
        try {
            monitoring.store().releaseLease(ALERT_LEASE, replica);
        } catch (RuntimeException e) {
            LOG.warn("The alert lease was not released at stop (another replica takes it when it expires): {}",
                    e.toString());
        }
    }
}
