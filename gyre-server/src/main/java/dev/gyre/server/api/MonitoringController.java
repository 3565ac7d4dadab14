package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.monitoring.alert.AlertEvaluator;
import dev.gyre.monitoring.alert.AlertRule;
import dev.gyre.monitoring.drift.Correction;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.monitoring.report.DriftReport;
import dev.gyre.monitoring.report.DriftReportHtml;
import dev.gyre.monitoring.report.DriftReportJson;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.Route;
import dev.gyre.server.monitoring.AlertService;
import dev.gyre.server.monitoring.MonitoringService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monitoring of deployments (stage 7): the latest status, drift reports over chosen windows, alerts.
 */
public final class MonitoringController {
    /** The longest span one report merges. */
    static final Duration MAX_SPAN = Duration.ofDays(31);

    /** What the controller needs to know of a deployment: its model and the version now answering. */
    public interface Deployments {
        /** The deployment's target, or a NotFound naming the list command. */
        AlertService.Target target(String deployment, Principal principal);

        /** Refuses a caller who may not see the registered model (NotFound when it does not exist). */
        void requireModel(String model, Principal principal);
    }

    private final MonitoringService monitoring;
    private final AlertService alerts;
    private final Deployments deployments;
    private final JsonBodies json;
    private final Runnable evaluateNow;

    /** @param evaluateNow a monitoring round now (windows saved, rules evaluated) for the evaluate route */
    public MonitoringController(MonitoringService monitoring, AlertService alerts, Runnable evaluateNow,
                                Deployments deployments, JsonBodies json) {
        this.evaluateNow = evaluateNow;
        this.monitoring = monitoring;
        this.alerts = alerts;
        this.deployments = deployments;
        this.json = json;
    }

    /**
     * One window of a standalone server, as it ships it ({@code PUT /api/v1/deployments/{name}/profiles}).
     *
     * @param lastSeen the time of the window's latest record, epoch milliseconds (default: the window's start)
     * @param latency the latency sketch image, base64, or null
     * @param profile the profile image ({@code DatasetProfile.toBytes()}), base64
     */
    public record ShippedWindow(String model, String version, Long windowStart, Long windowMs, String source,
                                Long rows, Long outliers, Long outlierChecked, Long lastSeen, String latency,
                                String profile) {
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The example body of the profile route. */
    static final String SHIPPED_EXAMPLE = "{\"model\": \"titanic\", \"version\": \"3\", \"window_start\":"
            + " 1764374400000, \"window_ms\": 300000, \"source\": \"serve-1\", \"rows\": 120, \"outliers\": 2,"
            + " \"outlier_checked\": 120, \"last_seen\": 1764374512345, \"latency\": null, \"profile\":"
            + " \"<base64>\"}";

    /** PUT /api/v1/deployments/{name}/profiles: a standalone server's window, stored as a row of its source. */
    void putWindow(Context ctx, Principal principal) {
        String name = ctx.pathParam("name");
        dev.gyre.server.serving.DeploymentManager.checkName(name);
        ShippedWindow w = json.read(ctx, ShippedWindow.class, SHIPPED_EXAMPLE);
        require(w.model() != null && !w.model().isBlank() && w.model().length() <= 256, "model",
                "the registered model's name");
        deployments.requireModel(w.model(), principal);
        require(w.version() != null && NAME.matcher(w.version()).matches(), "version", "the model version, e.g. \"3\"");
        require(w.source() != null && NAME.matcher(w.source()).matches(), "source",
                "the replica's name: letters, digits, '.', '_', '-', at most 64");
        require(w.rows() != null && w.outliers() != null && w.outlierChecked() != null && w.rows() >= 0
                && w.outlierChecked() >= 0 && w.outliers() >= 0 && w.outliers() <= w.outlierChecked()
                && w.outlierChecked() <= w.rows(), "rows, outliers, outlier_checked",
                "counts with 0 <= outliers <= outlier_checked <= rows");
        long windowMs = monitoring.settings().window().toMillis();
        if (w.windowMs() == null || w.windowMs() != windowMs) {
            throw new GyreException.InvalidArgument("window_ms is " + w.windowMs() + " but the platform profiles in"
                    + " windows of " + windowMs + " ms; start gyre serve with --monitoring-window "
                    + monitoring.settings().window().toSeconds() + "s.");
        }
        require(w.windowStart() != null && w.windowStart() >= 0 && w.windowStart() % windowMs == 0
                && w.windowStart() <= Instant.now().plusMillis(2 * windowMs).toEpochMilli(), "window_start",
                "the window's start in epoch milliseconds, a multiple of window_ms, not in the future");
        long lastSeen = w.lastSeen() == null ? w.windowStart() : w.lastSeen();
        require(lastSeen >= w.windowStart() && lastSeen < w.windowStart() + windowMs, "last_seen",
                "the time of the window's latest record, inside the window (epoch milliseconds)");
        byte[] profileBytes = base64(w.profile(), "profile");
        dev.gyre.monitoring.profile.DatasetProfile profile =
                dev.gyre.monitoring.profile.DatasetProfile.fromBytes(profileBytes);
        require(profile.rows() == w.rows() && profile.start().toEpochMilli() == w.windowStart(), "profile",
                "the image of the window's profile: its rows and start must match rows and window_start");
        byte[] latency = null;
        if (w.latency() != null) {
            latency = base64(w.latency(), "latency");
            try {
                org.apache.datasketches.kll.KllDoublesSketch.heapify(
                        org.apache.datasketches.memory.Memory.wrap(latency));
            } catch (RuntimeException e) {
                throw new GyreException.InvalidArgument("latency is not a KLL sketch image (" + e.getMessage()
                        + "); send the sketch's toByteArray(), base64, or null.");
            }
        }
        monitoring.store().save(new dev.gyre.server.monitoring.WindowStore.Row(name, w.model(), w.version(),
                w.windowStart(), windowMs, "shipped-" + w.source(), w.rows(), w.outliers(), w.outlierChecked(),
                lastSeen, latency, profileBytes));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", name);
        out.put("window_start", Instant.ofEpochMilli(w.windowStart()).toString());
        out.put("source", "shipped-" + w.source());
        out.put("rows", w.rows());
        ctx.json(out);
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new GyreException.InvalidArgument("Field '" + field + "' is missing or wrong; give " + what + ".");
        }
    }

    private static byte[] base64(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' is missing; give the image, base64.");
        }
        try {
            return java.util.Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new GyreException.InvalidArgument("Field '" + field + "' is not base64: " + e.getMessage() + ".");
        }
    }

    /** The routes, to be added to the platform's route table. */
    public List<Route> routes() {
        String one = "/api/v1/deployments/{name}";
        List<Route> r = new ArrayList<>();
        r.add(new Route(HandlerType.GET, one + "/monitoring", Permission.READ, false, "Monitoring status of a"
                + " deployment over its latest windows (?window=1h to choose the span): traffic, drift of inputs and"
                + " predictions, outlier rate, latency p99, model quality from feedback, alert states", "monitoring",
                List.of("window", "version"), this::status));
        r.add(new Route(HandlerType.GET, one + "/monitoring/report", Permission.READ, false, "Drift report of a"
                + " window against the version's reference (?window=1h, ?end=ISO-8601 instant, ?version=N,"
                + " ?format=json|html)", "monitoring", List.of("window", "end", "version", "format"), this::report));
        r.add(new Route(HandlerType.POST, one + "/monitoring/evaluate", Permission.OPERATE, false, "Measure every"
                + " deployment and evaluate the alert rules now (they are evaluated on a schedule too)", "monitoring",
                List.of(), this::evaluate));
        r.add(new Route(HandlerType.PUT, one + "/profiles", Permission.DEPLOY, false, "Ship one window of a"
                + " standalone server's traffic profile {model, version, window_start, window_ms, source, rows,"
                + " outliers, outlier_checked, last_seen, latency, profile} (images base64); merged with every other source's"
                + " rows of that window; the same source and window again replaces its row", "monitoring", List.of(),
                this::putWindow));
        r.add(new Route(HandlerType.GET, "/api/v1/alerts", Permission.READ, false, "Alert rules' states (firing and"
                + " pending first) and the latest firing and resolved events (?deployment=NAME, ?limit=N)", "monitoring",
                List.of("deployment", "limit"), this::alerts));
        return r;
    }

    /** GET /api/v1/deployments/{name}/monitoring */
    void status(Context ctx, Principal principal) {
        String name = ctx.pathParam("name");
        AlertService.Target target = version(deployments.target(name, principal), ctx.queryParam("version"));
        Instant now = Instant.now();
        String windowParam = ctx.queryParam("window");
        Instant from = windowParam == null ? alerts.spanStart(now) : now.minus(span(windowParam));
        MonitoringService.Drift drift = monitoring.drift(name, target.model(), target.version(), from, now.plusMillis(1));
        Map<String, Object> out = summary(target, drift);
        Optional<AlertService.Status> latest = alerts.latest(name);
        out.put("quality", latest.map(AlertService.Status::quality).orElse(Map.of()));
        out.put("quality_measured_at", latest.map(s -> s.at().toString()).orElse(null));
        out.put("error_rate", latest.map(AlertService.Status::errorRate).orElse(null));
        out.put("alerts", latest.map(s -> s.rules().stream().map(MonitoringController::ruleState).toList())
                .orElse(List.of()));
        ctx.json(out);
    }

    /** GET /api/v1/deployments/{name}/monitoring/report */
    void report(Context ctx, Principal principal) {
        String name = ctx.pathParam("name");
        AlertService.Target target = version(deployments.target(name, principal), ctx.queryParam("version"));
        Duration span = span(Optional.ofNullable(ctx.queryParam("window")).orElse("1h"));
        Instant end = instant(ctx.queryParam("end")).orElse(Instant.now().plusMillis(1));
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        if (!format.equals("json") && !format.equals("html")) {
            throw new GyreException.InvalidArgument("format must be json or html, got '" + format + "'.");
        }
        MonitoringService.Drift drift = monitoring.drift(name, target.model(), target.version(), end.minus(span), end);
        Map<String, Object> out = summary(target, drift);
        DriftReport report = report(target, drift);
        if (format.equals("html")) {
            if (report == null) {
                throw new GyreException.NotFound(drift.note());
            }
            ctx.contentType("text/html; charset=utf-8").result(DriftReportHtml.render(report));
            return;
        }
        out.put("report", report == null ? null : DriftReportJson.tree(report));
        ctx.json(out);
    }

    /**
     * The drift report of a window: inputs, then outputs, each with reference and current distributions. A window
     * without a verdict (no traffic, too little) gets its columns with the reason as their note; null without a
     * reference.
     */
    static DriftReport report(AlertService.Target target, MonitoringService.Drift drift) {
        if (drift.reference() == null) {
            return null;
        }
        MonitoringService.Window w = drift.window();
        Map<String, ColumnProfile> refColumns = new LinkedHashMap<>();
        Map<String, ColumnProfile> curColumns = new LinkedHashMap<>();
        Map<String, DriftResult> results = new LinkedHashMap<>();
        for (DatasetDrift part : java.util.Arrays.asList(drift.inputs(), drift.predictions())) {
            if (part != null) {
                results.putAll(part.columns());
            }
        }
        for (String name : drift.reference().columns().keySet()) {
            refColumns.put(name, drift.reference().columns().get(name));
            if (w.profile() != null && w.profile().columns().containsKey(name)) {
                curColumns.put(name, w.profile().columns().get(name));
            }
            results.putIfAbsent(name, DriftResult.notApplicable("none", 0, drift.note() == null
                    ? "not compared" : drift.note()));
        }
        DatasetProfile current = new DatasetProfile(w.from(), w.to(), w.rows(), curColumns);
        DatasetProfile reference = new DatasetProfile(drift.reference().start(), drift.reference().end(),
                drift.reference().rows(), refColumns);
        DatasetDrift inputs = drift.inputs();
        DatasetDrift all = new DatasetDrift(results, inputs == null ? 0 : inputs.tested(),
                inputs == null ? 0 : inputs.drifted(), inputs == null ? null : inputs.share(),
                inputs == null ? 0.5 : inputs.threshold(), inputs != null && inputs.datasetDrift(),
                inputs == null ? Correction.NONE : inputs.correction(),
                inputs == null ? drift.note() : inputs.note());
        return DriftReport.of(target.deployment(), target.version(), reference, current, all)
                .withOutlierRate(w.outlierRate());
    }

    /** POST /api/v1/deployments/{name}/monitoring/evaluate */
    void evaluate(Context ctx, Principal principal) {
        String name = ctx.pathParam("name");
        deployments.target(name, principal);
        evaluateNow.run();
        Optional<AlertService.Status> latest = alerts.latest(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", name);
        out.put("evaluated_at", latest.map(s -> s.at().toString()).orElse(null));
        out.put("alerts", latest.map(s -> s.rules().stream().map(MonitoringController::ruleState).toList())
                .orElse(List.of()));
        ctx.json(out);
    }

    /** GET /api/v1/alerts */
    void alerts(Context ctx, Principal principal) {
        String deployment = ctx.queryParam("deployment");
        int limit = limit(ctx.queryParam("limit"));
        List<Map<String, Object>> states = new ArrayList<>();
        alerts.states().stream()
                .filter(s -> deployment == null || s.deployment().equals(deployment))
                .sorted((a, b) -> Integer.compare(b.status().ordinal(), a.status().ordinal()))
                .forEach(s -> states.add(ruleState(s)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules", states);
        out.put("firing", states.stream().filter(s -> "firing".equals(s.get("status"))).count());
        out.put("events", monitoring.store().events(deployment, limit));
        ctx.json(out);
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new GyreException.InvalidArgument("limit must be a whole number from 1 to 10000, got '" + text + "'.");
    }

    private static AlertService.Target version(AlertService.Target target, String version) {
        if (version == null || version.isBlank()) {
            return target;
        }
        if (!version.trim().matches("[0-9]{1,9}")) {
            throw new GyreException.InvalidArgument("version must be a version number, got '" + version + "'.");
        }
        return new AlertService.Target(target.deployment(), target.model(), version.trim());
    }

    /** A span such as 30m, 1h, 7d. */
    static Duration span(String text) {
        Duration span;
        try {
            span = AlertRule.parseDuration(text.trim());
        } catch (RuntimeException e) {
            throw new GyreException.InvalidArgument("window '" + text + "' is not a duration; write e.g. 30m, 1h or 1d.");
        }
        if (span.isZero() || span.isNegative() || span.compareTo(MAX_SPAN) > 0) {
            throw new GyreException.InvalidArgument("window must be longer than 0 and at most 31d, got '" + text + "'.");
        }
        return span;
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new GyreException.InvalidArgument("end must be an ISO-8601 instant such as 2026-11-29T10:00:00Z, got '"
                    + text + "'.");
        }
    }

    /** The JSON view of a window's drift. */
    public static Map<String, Object> summary(AlertService.Target target, MonitoringService.Drift drift) {
        MonitoringService.Window w = drift.window();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", target.deployment());
        out.put("model", target.model());
        out.put("version", target.version());
        out.put("from", w.from().toString());
        out.put("to", w.to().toString());
        out.put("rows", w.rows());
        out.put("windows", w.windows());
        out.put("outlier_rate", w.outlierRate());
        out.put("outliers", w.outliers());
        out.put("latency_p99_ms", w.latencyP99Ms());
        out.put("reference_rows", drift.reference() == null ? null : drift.reference().rows());
        out.put("drift_share", drift.share());
        out.put("dataset_drift", drift.inputs() == null ? null : drift.inputs().datasetDrift());
        out.put("drift_share_threshold", drift.inputs() == null ? null : drift.inputs().threshold());
        out.put("note", drift.note());
        out.put("columns", columns(drift.inputs()));
        out.put("prediction_drift", drift.predictions() == null ? null : drift.predictions().drifted() > 0);
        out.put("predictions", columns(drift.predictions()));
        return out;
    }

    private static List<Map<String, Object>> columns(DatasetDrift drift) {
        if (drift == null) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        drift.columns().forEach((name, r) -> out.add(column(name, r)));
        return out;
    }

    private static Map<String, Object> column(String name, DriftResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("column", name);
        m.put("test", r.test());
        m.put("statistic", finite(r.statistic()));
        m.put("p_value", finite(r.pValue()));
        m.put("threshold", r.threshold());
        m.put("drifted", r.drifted());
        m.put("applicable", r.applicable());
        m.put("note", r.note());
        return m;
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }

    static Map<String, Object> ruleState(AlertEvaluator.RuleState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment", s.deployment());
        m.put("rule", s.rule().name());
        m.put("metric", s.rule().metric());
        m.put("comparison", s.rule().comparison().symbol());
        m.put("threshold", s.rule().threshold());
        m.put("status", s.status().name().toLowerCase());
        m.put("since", s.since() == null ? null : s.since().toString());
        m.put("value", s.lastValue());
        m.put("severity", s.rule().severity().name().toLowerCase());
        m.put("retrain", s.rule().retrain());
        return m;
    }
}
