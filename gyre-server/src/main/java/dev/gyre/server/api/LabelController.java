package dev.gyre.server.api;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.data.label.LabelItem;
import dev.gyre.data.label.LabelItemPage;
import dev.gyre.data.label.LabelService;
import dev.gyre.data.label.LabelTask;
import dev.gyre.data.label.Prediction;
import dev.gyre.data.service.DataSteps;
import dev.gyre.data.version.CreatedVersion;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelling tasks for domain experts (docs/data-api.md): create and assign (data writers), label and
 * review (members with the label permission), agreement, and finishing a task into a new version.
 */
public final class LabelController {

    private final LabelService labels;
    private final DataSteps steps;
    private final ProjectService projects;
    private final JsonBodies json;
    private final DataController data;

    public LabelController(LabelService labels, DataSteps steps, ProjectService projects, JsonBodies json,
                           DataController data) {
        this.labels = labels;
        this.steps = steps;
        this.projects = projects;
        this.json = json;
        this.data = data;
    }

    /** Body of POST …/label-tasks. */
    public record NewTask(String name, String dataset, String labelColumn, List<String> labels, List<Integer> rows,
                          Integer annotatorsPerItem, String instructions, Map<String, PredictionDto> predictions) {
    }

    /** A model's suggestion shown to annotators. */
    public record PredictionDto(String label, Double score) {
    }

    /** Body of POST …/assignees. */
    public record Assign(String username) {
    }

    /** Body of PUT …/items/{row}/label. */
    public record Label(String label) {
    }

    /** Body of POST …/items/{row}/review. */
    public record ReviewBody(Boolean accepted, String label, String comment) {
    }

    /** Body of POST …/finish. */
    public record Finish(String name) {
    }

    public void create(Context ctx, Principal principal) {
        NewTask body = json.read(ctx, NewTask.class, "{\"name\": \"survival-review\", \"dataset\": \"passengers@1\","
                + " \"label_column\": \"Survived\", \"labels\": [\"0\", \"1\"], \"annotators_per_item\": 2}");
        if (body.name() == null || body.dataset() == null || body.labelColumn() == null || body.labels() == null) {
            throw new GyreException.InvalidArgument("Fields 'name', 'dataset' (NAME@N), 'label_column' and 'labels' are needed.");
        }
        Map<Integer, Prediction> predictions = new LinkedHashMap<>();
        if (body.predictions() != null) {
            body.predictions().forEach((row, p) -> {
                try {
                    predictions.put(Integer.parseInt(row), new Prediction(p.label(), p.score()));
                } catch (NumberFormatException e) {
                    throw new GyreException.InvalidArgument("Prediction keys are row numbers; got '" + row + "'.");
                }
            });
        }
        LabelTask task = steps.createTask(DataController.project(ctx), body.dataset(), body.name(), body.labelColumn(),
                body.labels(), body.rows(), body.annotatorsPerItem(), body.instructions(), predictions, principal.user());
        ctx.status(201).json(task);
    }

    public void list(Context ctx, Principal principal) {
        readable(ctx, principal);
        ctx.json(Map.of("tasks", labels.tasks(DataController.project(ctx))));
    }

    public void get(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", task);
        answer.put("annotators", labels.annotators(task.id()));
        answer.put("agreement", labels.agreement(task.id()));
        ctx.json(answer);
    }

    public void assign(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        Assign body = json.read(ctx, Assign.class, "{\"username\": \"dr-lee\"}");
        if (body.username() == null) {
            throw new GyreException.InvalidArgument("Field 'username' is missing: name the member to assign.");
        }
        labels.assign(task.id(), body.username(), principal.user());
        ctx.status(201).json(Map.of("task", task.id(), "username", body.username()));
    }

    public void items(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        int offset = ctx.queryParam("offset") == null ? 0 : Params.nonNegativeInt("offset", ctx.queryParam("offset"));
        int limit = ctx.queryParam("limit") == null ? 50 : Params.positiveInt("limit", ctx.queryParam("limit"));
        LabelItemPage page = labels.items(task.id(), principal.user(), offset, Math.min(limit, LabelService.MAX_PAGE_SIZE));
        List<Integer> rows = page.items().stream().map(LabelItem::rowIndex).toList();
        Map<Integer, Map<String, Object>> values = steps.rows(DataController.project(ctx), task, rows, principal.user());
        List<Map<String, Object>> items = new ArrayList<>();
        for (LabelItem item : page.items()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("row", item.rowIndex());
            out.put("values", values.get(item.rowIndex()));
            out.put("prediction", item.prediction());
            out.put("your_label", item.yourLabel());
            out.put("settled", item.settled());
            items.add(out);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("offset", page.offset());
        answer.put("total", page.total());
        answer.put("unlabelled", page.unlabelled());
        ctx.json(answer);
    }

    public void label(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        Label body = json.read(ctx, Label.class, "{\"label\": \"1\"}");
        if (body.label() == null) {
            throw new GyreException.InvalidArgument("Field 'label' is missing: give one of " + task.allowedLabels() + ".");
        }
        ctx.json(labels.annotate(task.id(), row(ctx), body.label(), principal.user()));
    }

    public void review(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        ReviewBody body = json.read(ctx, ReviewBody.class, "{\"accepted\": false, \"label\": \"0\", \"comment\": \"crew list says so\"}");
        if (body.accepted() == null) {
            throw new GyreException.InvalidArgument("Field 'accepted' is missing: true to accept, false to reject.");
        }
        ctx.json(labels.review(task.id(), row(ctx), body.accepted(), body.label(), body.comment(), principal.user()));
    }

    public void finish(Context ctx, Principal principal) {
        LabelTask task = task(ctx, principal);
        Finish body = ctx.req().getContentLengthLong() <= 0 ? new Finish(null) : json.read(ctx, Finish.class, "{\"name\": \"passengers-labelled\"}");
        CreatedVersion version = steps.finishTask(DataController.project(ctx), task, body.name(), principal.user());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("created", version.created());
        answer.put("version", data.dtos(ctx, principal).of(version.version()));
        ctx.status(version.created() ? 201 : 200).json(answer);
    }

    private Project readable(Context ctx, Principal principal) {
        Project project = projects.get(DataController.project(ctx));
        projects.requireRole(project, principal.user(), Permission.READ);
        return project;
    }

    /** The task named in the path, which must belong to the project in the path. */
    private LabelTask task(Context ctx, Principal principal) {
        Project project = readable(ctx, principal);
        long id = Params.id("Label task", ctx.pathParam("id"));
        LabelTask task = labels.task(id);
        if (task.projectId() != project.id()) {
            throw new GyreException.NotFound("Project '" + project.name() + "' has no label task " + id + ".");
        }
        return task;
    }

    private static int row(Context ctx) {
        return Params.nonNegativeInt("row", ctx.pathParam("row"));
    }
}
