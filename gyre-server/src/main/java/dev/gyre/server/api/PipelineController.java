package dev.gyre.server.api;

import dev.gyre.core.auth.Permission;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.PipelineSpec;
import dev.gyre.pipelines.PipelineSpecParser;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.StepRun;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.Route;
import dev.gyre.server.pipelines.PipelineService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifecycle pipelines over HTTP: runs started from a spec or a stored pipeline, followed, approved or rejected at a
 * waiting checkpoint, resumed; stored pipelines with a cron schedule and the deployments whose retraining alerts
 * start them. Runs are driven on the platform's run threads; a start answers 202 with the run at once.
 */
public final class PipelineController {

    /** How many runs a list answers by default, and at most. */
    static final int DEFAULT_LIST = 100;
    static final int MAX_LIST = 1000;

    private final PipelineService service;
    private final JsonBodies json;
    private final PipelineSpecParser parser = new PipelineSpecParser();

    public PipelineController(PipelineService service, JsonBodies json) {
        this.service = service;
        this.json = json;
    }

    /** Body of POST …/pipeline-runs. */
    public record Start(String spec, Map<String, Map<String, Object>> overrides) {
    }

    /** Body of POST …/pipelines/{name}/runs. */
    public record StartStored(Map<String, Map<String, Object>> overrides) {
    }

    /** Body of approve and reject. */
    public record Decision(String comment) {
    }

    /** Body of PUT …/pipelines/{name}. */
    public record Stored(String spec, String schedule, List<String> onAlert) {
    }

    /** The routes, to be added to the platform's route table. */
    public List<Route> routes() {
        String runs = "/api/v1/projects/{project}/pipeline-runs";
        String one = runs + "/{id}";
        String stored = "/api/v1/projects/{project}/pipelines";
        List<Route> r = new ArrayList<>();
        r.add(new Route(HandlerType.POST, runs, Permission.WRITE_TRACKING, false, "Start a run of a pipeline spec"
                + " {spec, overrides}; answers 202 with the run, which goes on on the platform", "pipelines",
                List.of(), this::start));
        r.add(new Route(HandlerType.GET, runs, Permission.READ, false, "The project's pipeline runs, newest first"
                + " (?limit=N, default " + DEFAULT_LIST + ", at most " + MAX_LIST + ")", "pipelines", List.of("limit"),
                this::list));
        r.add(new Route(HandlerType.GET, one, Permission.READ, false, "A pipeline run with its step runs (status,"
                + " cached or not, outputs, results, logs, timings) and its events (every decision with its reason)",
                "pipelines", List.of(), this::get));
        r.add(new Route(HandlerType.POST, one + "/approve", Permission.READ, false, "Approve the checkpoint a run"
                + " waits for {comment}; the caller must hold the role it names in the project", "pipelines",
                List.of(), this::approve));
        r.add(new Route(HandlerType.POST, one + "/reject", Permission.READ, false, "Reject the checkpoint a run"
                + " waits for {comment}; the run ends rejected", "pipelines", List.of(), this::reject));
        r.add(new Route(HandlerType.POST, one + "/resume", Permission.WRITE_TRACKING, false, "Resume a failed or"
                + " interrupted run at the step where it stopped", "pipelines", List.of(), this::resume));
        r.add(new Route(HandlerType.GET, stored, Permission.READ, false, "The project's stored pipelines and their"
                + " triggers", "pipelines", List.of(), this::definitions));
        r.add(new Route(HandlerType.PUT, stored + "/{name}", Permission.WRITE_TRACKING, false, "Store a pipeline"
                + " {spec, schedule (cron, UTC), on_alert: [deployment]}; its triggered runs act as the caller",
                "pipelines", List.of(), this::put));
        r.add(new Route(HandlerType.GET, stored + "/{name}", Permission.READ, false, "A stored pipeline",
                "pipelines", List.of(), this::definition));
        r.add(new Route(HandlerType.DELETE, stored + "/{name}", Permission.WRITE_TRACKING, false, "Delete a stored"
                + " pipeline (its runs stay)", "pipelines", List.of(), this::delete));
        r.add(new Route(HandlerType.POST, stored + "/{name}/runs", Permission.WRITE_TRACKING, false, "Start a run of"
                + " a stored pipeline {overrides}", "pipelines", List.of(), this::startStored));
        return r;
    }

    private void start(Context ctx, Principal principal) {
        Start body = json.read(ctx, Start.class, "{\"spec\": \"<pipeline spec YAML>\", \"overrides\": {\"train\":"
                + " {\"max_trials\": 24}}}");
        PipelineRun run = service.start(project(ctx), body.spec(), body.overrides(), principal.user());
        ctx.status(202).json(view(run, false));
    }

    private void list(Context ctx, Principal principal) {
        String limit = ctx.queryParam("limit");
        int n = limit == null ? DEFAULT_LIST : Math.min(MAX_LIST, Params.positiveInt("limit", limit));
        ctx.json(Map.of("runs", service.runs(project(ctx), n, principal.user()).stream().map(r -> view(r, false))
                .toList()));
    }

    private void get(Context ctx, Principal principal) {
        ctx.json(view(service.run(project(ctx), ctx.pathParam("id"), principal.user()), true));
    }

    private void approve(Context ctx, Principal principal) {
        Decision body = decision(ctx);
        ctx.json(view(service.approve(project(ctx), ctx.pathParam("id"), body.comment(), principal.user()), false));
    }

    private void reject(Context ctx, Principal principal) {
        Decision body = decision(ctx);
        ctx.json(view(service.reject(project(ctx), ctx.pathParam("id"), body.comment(), principal.user()), false));
    }

    private void resume(Context ctx, Principal principal) {
        ctx.json(view(service.resume(project(ctx), ctx.pathParam("id"), principal.user()), false));
    }

    private void definitions(Context ctx, Principal principal) {
        ctx.json(Map.of("pipelines", service.definitions(project(ctx), principal.user()).stream()
                .map(this::definitionView).toList()));
    }

    private void put(Context ctx, Principal principal) {
        Stored body = json.read(ctx, Stored.class, "{\"spec\": \"<pipeline spec YAML>\", \"schedule\": \"0 3 * * 1\","
                + " \"on_alert\": [\"titanic\"]}");
        ctx.json(definitionView(service.put(project(ctx), ctx.pathParam("name"), body.spec(), body.schedule(),
                body.onAlert(), principal.user())));
    }

    private void definition(Context ctx, Principal principal) {
        ctx.json(definitionView(service.definition(project(ctx), ctx.pathParam("name"), principal.user())));
    }

    private void delete(Context ctx, Principal principal) {
        service.delete(project(ctx), ctx.pathParam("name"), principal.user());
        ctx.status(204);
    }

    private void startStored(Context ctx, Principal principal) {
        StartStored body = json.readOptional(ctx, StartStored.class, "{\"overrides\": {\"train\": {\"max_trials\":"
                + " 24}}}", new StartStored(Map.of()));
        PipelineRun run = service.startStored(project(ctx), ctx.pathParam("name"), body.overrides(),
                principal.user());
        ctx.status(202).json(view(run, false));
    }

    private Decision decision(Context ctx) {
        return json.readOptional(ctx, Decision.class, "{\"comment\": \"checked the fairness table\"}",
                new Decision(null));
    }

    private static String project(Context ctx) {
        return ctx.pathParam("project");
    }

    /** A run as JSON (docs/pipelines.md): with its step runs and events when {@code detail}. */
    private Map<String, Object> view(PipelineRun run, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        var origin = service.origin(run.id());
        m.put("project", origin.map(PipelineService.Origin::project).orElse(null));
        m.put("pipeline", run.pipeline());
        m.put("status", run.status().id());
        m.put("reason", run.reason());
        m.put("iteration", run.iteration());
        PipelineSpec spec = parser.parse(run.specJson());
        m.put("next_step", run.nextStep() < spec.steps().size() && !run.status().isFinal()
                ? spec.steps().get(run.nextStep()).id() : null);
        m.put("steps_total", spec.steps().size());
        m.put("max_iterations", spec.maxIterations());
        m.put("trigger", origin.map(PipelineService.Origin::trigger).orElse(null));
        m.put("started_by", origin.map(PipelineService.Origin::startedBy).orElse(null));
        m.put("spec_hash", run.specHash());
        m.put("code_version", run.codeVersion());
        m.put("created_at", run.createdAt().toString());
        m.put("updated_at", run.updatedAt().toString());
        if (run.awaiting() != null) {
            m.put("awaiting", Map.of("step", run.awaiting().stepId(), "role", run.awaiting().role().wireName(),
                    "reason", run.awaiting().reason()));
        } else {
            m.put("awaiting", null);
        }
        m.put("overrides", run.overrides());
        m.put("params", run.params());
        m.put("outputs", run.outputs());
        if (detail) {
            m.put("steps", service.steps(run.id()).stream().map(PipelineController::stepView).toList());
            m.put("events", service.events(run.id()).stream().map(PipelineController::eventView).toList());
        }
        return m;
    }

    private static Map<String, Object> stepView(StepRun s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", s.seq());
        m.put("step", s.stepId());
        m.put("kind", s.kind().id());
        m.put("iteration", s.iteration());
        m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("key", s.key().hash());
        m.put("cached_from", s.reusedFrom());
        m.put("params", s.params());
        m.put("inputs", s.inputs());
        m.put("outputs", s.outputs());
        m.put("results", s.results());
        m.put("logs", s.logs());
        m.put("error", s.error());
        m.put("started_at", s.startedAt().toString());
        m.put("finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
        m.put("duration_ms", s.finishedAt() == null ? null : Duration.between(s.startedAt(), s.finishedAt())
                .toMillis());
        return m;
    }

    private static Map<String, Object> eventView(RunEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("step", e.stepId());
        m.put("message", e.message());
        return m;
    }

    private Map<String, Object> definitionView(dev.gyre.server.pipelines.PipelineCatalog.Definition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        PipelineSpec spec = parser.parse(d.spec());
        m.put("pipeline", spec.name());
        m.put("spec_hash", spec.hash());
        m.put("steps", spec.steps().stream().map(s -> s.id()).toList());
        m.put("schedule", d.schedule());
        m.put("on_alert", d.onAlert());
        m.put("updated_at", d.updatedAt().toString());
        m.put("last_scheduled", d.lastScheduled() == null ? null : d.lastScheduled().toString());
        m.put("spec", spec.toPlain());
        return m;
    }
}
