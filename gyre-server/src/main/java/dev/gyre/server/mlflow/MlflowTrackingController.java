package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.Dataset;
import dev.gyre.tracking.DatasetInput;
import dev.gyre.tracking.ExperimentPage;
import dev.gyre.tracking.ExperimentTag;
import dev.gyre.tracking.InputTag;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.MetricHistoryPage;
import dev.gyre.tracking.Param;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunInfo;
import dev.gyre.tracking.RunPage;
import dev.gyre.tracking.RunStatus;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.ViewType;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** MLflow's tracking routes ({@code experiments/*}, {@code runs/*}, {@code metrics/get-history}) over the tracking service. */
public final class MlflowTrackingController {

    private final TrackingService tracking;
    private final JsonBodies bodies;

    public MlflowTrackingController(TrackingService tracking, JsonBodies bodies) {
        this.tracking = tracking;
        this.bodies = bodies;
    }

    private MlflowRequest request(Context ctx) {
        return MlflowRequest.of(ctx, bodies);
    }

    private static void empty(Context ctx) {
        ctx.json(MlflowJson.object());
    }

    // ---- experiments

    public void createExperiment(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        List<ExperimentTag> tags = new ArrayList<>();
        r.keyValues("tags").forEach((k, v) -> tags.add(new ExperimentTag(k, v)));
        String location = r.optional("artifact_location");
        if (location != null && !location.isEmpty()) {
            // artifacts live in Gyre's store, reached through the proxy: no client-chosen file: or foreign URIs
            if (!location.startsWith(MlflowArtifactsController.PROXY_ROOT)) {
                throw new GyreException.InvalidArgument("artifact_location must be inside Gyre's artifact store, "
                        + "written 'mlflow-artifacts:/<path>' (or left out for the default); got '" + location + "'.");
            }
            dev.gyre.core.artifact.ArtifactPath.of(location.substring(MlflowArtifactsController.PROXY_ROOT.length()));
        } else {
            location = null;
        }
        String id = tracking.createExperiment(r.required("name"), location, tags, null, principal.user());
        ObjectNode body = MlflowJson.object();
        body.put("experiment_id", id);
        ctx.json(body);
    }

    public void getExperiment(Context ctx, Principal principal) {
        ctx.json(MlflowJson.experimentBody(tracking.getExperiment(request(ctx).required("experiment_id"))));
    }

    public void getExperimentByName(Context ctx, Principal principal) {
        ctx.json(MlflowJson.experimentBody(tracking.getExperimentByName(request(ctx).required("experiment_name"))));
    }

    public void searchExperiments(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        ExperimentPage page = tracking.searchExperiments(r.optional("filter"), r.stringList("order_by"),
                r.optionalInt("max_results"), r.optional("page_token"), ViewType.parse(r.optional("view_type")));
        ObjectNode body = MlflowJson.object();
        ArrayNode experiments = body.putArray("experiments");
        page.experiments().forEach(e -> experiments.add(MlflowJson.experiment(e)));
        MlflowJson.putIfSet(body, "next_page_token", page.nextPageToken());
        ctx.json(body);
    }

    public void updateExperiment(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.updateExperiment(r.required("experiment_id"), r.optional("new_name"));
        empty(ctx);
    }

    public void deleteExperiment(Context ctx, Principal principal) {
        tracking.deleteExperiment(request(ctx).required("experiment_id"));
        empty(ctx);
    }

    public void restoreExperiment(Context ctx, Principal principal) {
        tracking.restoreExperiment(request(ctx).required("experiment_id"));
        empty(ctx);
    }

    public void setExperimentTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.setExperimentTag(r.required("experiment_id"), r.required("key"), value(r));
        empty(ctx);
    }

    public void deleteExperimentTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.deleteExperimentTag(r.required("experiment_id"), r.required("key"));
        empty(ctx);
    }

    // ---- runs

    public void createRun(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        List<RunTag> tags = new ArrayList<>();
        r.keyValues("tags").forEach((k, v) -> tags.add(new RunTag(k, v)));
        String experimentId = r.optional("experiment_id");
        if (experimentId == null || experimentId.isEmpty()) {
            experimentId = tracking.ensureDefaultExperiment().experimentId();
        }
        // the run belongs to the authenticated user, whatever user_id the client claims
        Run run = tracking.createRun(experimentId, principal.user().username(), r.optionalLong("start_time"),
                r.optional("run_name"), tags);
        ctx.json(MlflowJson.runBody(run));
    }

    public void getRun(Context ctx, Principal principal) {
        ctx.json(MlflowJson.runBody(tracking.getRun(runId(request(ctx)))));
    }

    public void updateRun(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        String status = r.optional("status");
        RunInfo info = tracking.updateRun(runId(r), status == null ? null : RunStatus.parse(status), r.optionalLong("end_time"),
                r.optional("run_name"));
        ObjectNode body = MlflowJson.object();
        body.set("run_info", MlflowJson.runInfo(info));
        ctx.json(body);
    }

    public void deleteRun(Context ctx, Principal principal) {
        tracking.deleteRun(runId(request(ctx)));
        empty(ctx);
    }

    public void restoreRun(Context ctx, Principal principal) {
        tracking.restoreRun(runId(request(ctx)));
        empty(ctx);
    }

    public void logMetric(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        Long timestamp = r.optionalLong("timestamp");
        if (timestamp == null) {
            throw MlflowRequest.missing("timestamp");
        }
        Long step = r.optionalLong("step");
        tracking.logMetric(runId(r), r.required("key"), doubleValue(r.optionalNode("value"), "value"), timestamp,
                step == null ? 0 : step);
        empty(ctx);
    }

    public void logParam(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.logParam(runId(r), r.required("key"), value(r));
        empty(ctx);
    }

    public void setTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.setTag(runId(r), r.required("key"), value(r));
        empty(ctx);
    }

    public void deleteTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        tracking.deleteTag(runId(r), r.required("key"));
        empty(ctx);
    }

    public void logBatch(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode m : r.objects("metrics")) {
            JsonNode step = m.get("step");
            metrics.add(new Metric(MlflowRequest.text(m, "key", "metrics"), doubleValue(m.get("value"), "metrics.value"),
                    longValue(m.get("timestamp"), "metrics.timestamp", null), longValue(step, "metrics.step", 0L)));
        }
        List<Param> params = new ArrayList<>();
        for (JsonNode p : r.objects("params")) {
            params.add(new Param(MlflowRequest.text(p, "key", "params"), MlflowRequest.text(p, "value", "params")));
        }
        List<RunTag> tags = new ArrayList<>();
        for (JsonNode t : r.objects("tags")) {
            tags.add(new RunTag(MlflowRequest.text(t, "key", "tags"), MlflowRequest.text(t, "value", "tags")));
        }
        tracking.logBatch(runId(r), metrics, params, tags);
        empty(ctx);
    }

    public void logInputs(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        List<DatasetInput> inputs = new ArrayList<>();
        for (JsonNode input : r.objects("datasets")) {
            JsonNode d = input.get("dataset");
            if (d == null || !d.isObject()) {
                throw MlflowRequest.missing("datasets.dataset");
            }
            List<InputTag> tags = new ArrayList<>();
            JsonNode tagNodes = input.get("tags");
            if (tagNodes != null && tagNodes.isArray()) {
                for (JsonNode t : tagNodes) {
                    tags.add(new InputTag(MlflowRequest.text(t, "key", "datasets.tags"), MlflowRequest.text(t, "value", "datasets.tags")));
                }
            }
            inputs.add(new DatasetInput(tags, new Dataset(MlflowRequest.text(d, "name", "datasets.dataset"),
                    MlflowRequest.text(d, "digest", "datasets.dataset"), textOrNull(d, "source_type"), textOrNull(d, "source"),
                    textOrNull(d, "schema"), textOrNull(d, "profile"))));
        }
        tracking.logInputs(runId(r), inputs);
        empty(ctx);
    }

    public void searchRuns(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        RunPage page = tracking.searchRuns(r.stringList("experiment_ids"), r.optional("filter"),
                ViewType.parse(r.optional("run_view_type")), r.optionalInt("max_results"), r.stringList("order_by"),
                r.optional("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode runs = body.putArray("runs");
        page.runs().forEach(run -> runs.add(MlflowJson.run(run)));
        MlflowJson.putIfSet(body, "next_page_token", page.nextPageToken());
        ctx.json(body);
    }

    public void metricHistory(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        MetricHistoryPage page = tracking.getMetricHistory(runId(r), r.required("metric_key"), r.optionalInt("max_results"),
                r.optional("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode metrics = body.putArray("metrics");
        page.metrics().forEach(m -> metrics.add(MlflowJson.metric(m)));
        MlflowJson.putIfSet(body, "next_page_token", page.nextPageToken());
        ctx.json(body);
    }

    // ---- parameters

    /** {@code run_id}, or the deprecated {@code run_uuid} that older clients send instead. */
    private static String runId(MlflowRequest r) {
        String id = r.optional("run_id");
        if (id == null || id.isEmpty()) {
            id = r.optional("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw MlflowRequest.missing("run_id");
        }
        return id;
    }

    private static String value(MlflowRequest r) {
        String value = r.optional("value");
        if (value == null) {
            throw MlflowRequest.missing("value");
        }
        return value;
    }

    /** A metric value: a JSON number, or one of the strings MLflow clients use for non-finite values. */
    static double doubleValue(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            throw MlflowRequest.missing(name);
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            switch (text) {
                case "NaN", "nan" -> {
                    return Double.NaN;
                }
                case "Infinity", "inf", "+Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity", "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
            }
        }
        throw new GyreException.InvalidArgument("Invalid value " + node + " for parameter '" + name + "': expected a number.");
    }

    private static long longValue(JsonNode node, String name, Long fallback) {
        if (node == null || node.isNull()) {
            if (fallback == null) {
                throw MlflowRequest.missing(name);
            }
            return fallback;
        }
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new GyreException.InvalidArgument("Invalid value " + node + " for parameter '" + name + "': expected a whole number.");
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
