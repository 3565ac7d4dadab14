package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.Principal;
import dev.gyre.tracking.Experiment;
import dev.gyre.tracking.ExperimentPage;
import dev.gyre.tracking.ExperimentTag;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.Param;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunPage;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.ViewType;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiments and runs in Gyre's own JSON (the MLflow routes serve MLflow's shapes). Experiments of a
 * project are shown to those who may read the project.
 */
public final class TrackingController {

    private final TrackingService tracking;
    private final ProjectService projects;

    public TrackingController(TrackingService tracking, ProjectService projects) {
        this.tracking = tracking;
        this.projects = projects;
    }

    /** An experiment. */
    public record ExperimentDto(String id, String name, String project, String lifecycleStage, Instant createdAt,
                                Instant updatedAt, String artifactLocation, Map<String, String> tags) {
    }

    /** A run with its latest metrics, params and tags. */
    public record RunDto(String id, String name, String experimentId, String user, String status, Instant startTime,
                         Instant endTime, String lifecycleStage, Map<String, Double> metrics,
                         Map<String, String> params, Map<String, String> tags) {
        static RunDto of(Run run) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Metric m : run.data().metrics()) {
                metrics.put(m.key(), m.value());
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Param p : run.data().params()) {
                params.put(p.key(), p.value());
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (RunTag t : run.data().tags()) {
                tags.put(t.key(), t.value());
            }
            var info = run.info();
            return new RunDto(info.runId(), info.runName(), info.experimentId(), info.userId(), info.status().name(),
                    Instant.ofEpochMilli(info.startTime()), info.endTime() == null ? null : Instant.ofEpochMilli(info.endTime()),
                    info.lifecycleStage().name().toLowerCase(java.util.Locale.ROOT), metrics, params, tags);
        }
    }

    public void experiments(Context ctx, Principal principal) {
        Integer max = ctx.queryParam("max_results") == null ? null
                : Params.positiveInt("max_results", ctx.queryParam("max_results"));
        ExperimentPage page = tracking.searchExperiments(ctx.queryParam("filter"), null, max,
                ctx.queryParam("page_token"), ViewType.parse(ctx.queryParam("view_type")));
        Map<Long, Project> seen = new LinkedHashMap<>();
        List<ExperimentDto> visible = page.experiments().stream()
                .filter(e -> e.projectId() == null
                        || projects.may(seen.computeIfAbsent(e.projectId(), projects::get), principal.user(), Permission.READ))
                .map(e -> dto(e, seen))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("experiments", visible);
        answer.put("next_page_token", page.nextPageToken());
        ctx.json(answer);
    }

    public void runs(Context ctx, Principal principal) {
        String experimentId = ctx.queryParam("experiment_id");
        if (experimentId == null || experimentId.isBlank()) {
            throw new GyreException.InvalidArgument("Query parameter 'experiment_id' is missing: name the experiment whose"
                    + " runs to search (GET /api/v1/experiments lists them).");
        }
        Experiment experiment = tracking.getExperiment(experimentId.strip());
        if (experiment.projectId() != null) {
            projects.requireRole(projects.get(experiment.projectId()), principal.user(), Permission.READ);
        }
        Integer max = ctx.queryParam("max_results") == null ? null
                : Params.positiveInt("max_results", ctx.queryParam("max_results"));
        List<String> orderBy = ctx.queryParams("order_by").stream().filter(o -> !o.isBlank()).toList();
        RunPage page = tracking.searchRuns(List.of(experiment.experimentId()), ctx.queryParam("filter"),
                ViewType.parse(ctx.queryParam("view_type")), max, orderBy.isEmpty() ? null : orderBy,
                ctx.queryParam("page_token"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runs", page.runs().stream().map(RunDto::of).toList());
        answer.put("next_page_token", page.nextPageToken());
        ctx.json(answer);
    }

    private static ExperimentDto dto(Experiment e, Map<Long, Project> seen) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (ExperimentTag t : e.tags()) {
            tags.put(t.key(), t.value());
        }
        return new ExperimentDto(e.experimentId(), e.name(), e.projectId() == null ? null : seen.get(e.projectId()).name(),
                e.lifecycleStage().name().toLowerCase(java.util.Locale.ROOT), Instant.ofEpochMilli(e.creationTime()),
                Instant.ofEpochMilli(e.lastUpdateTime()), e.artifactLocation(), tags);
    }
}
