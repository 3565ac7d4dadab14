package dev.gyre.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.monitoring.FeedbackItem;
import dev.gyre.server.monitoring.FeedbackResult;
import dev.gyre.server.monitoring.FeedbackStore;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.RegistryService;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delayed ground truth for a deployment's predictions (docs/feedback.md): {@code POST
 * /api/v1/deployments/{name}/feedback} with one {@code {request_id, label}} or a batch of them. The route needs
 * the write_data permission; for a model that belongs to a project, the caller's role there must grant it too.
 * Each call is audited with its counts.
 */
public final class FeedbackController {

    /** Request ids listed in an answer; the counts are complete. */
    static final int MAX_LISTED = 100;
    private static final String EXAMPLE = "{\"request_id\": \"r-17\", \"label\": \"1\"} or {\"feedback\":"
            + " [{\"request_id\": \"r-17\", \"label\": \"1\"}, {\"request_id\": \"r-18\", \"label\": \"0\"}]}";

    private final FeedbackStore store;
    private final DeploymentManager deployments;
    private final RegistryService registry;
    private final ProjectService projects;
    private final JdbcAuditLog audit;
    private final JsonBodies json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final java.util.function.Function<String, java.util.Optional<String>> shippedModel;

    public FeedbackController(FeedbackStore store, DeploymentManager deployments, RegistryService registry,
                              ProjectService projects, JdbcAuditLog audit, JsonBodies json, Clock clock) {
        this(store, deployments, registry, projects, audit, json, clock, name -> java.util.Optional.empty());
    }

    /**
     * @param shippedModel the model of a deployment the platform does not serve but standalone servers ship
     *                     windows for, if any
     */
    public FeedbackController(FeedbackStore store, DeploymentManager deployments, RegistryService registry,
                              ProjectService projects, JdbcAuditLog audit, JsonBodies json, Clock clock,
                              java.util.function.Function<String, java.util.Optional<String>> shippedModel) {
        this.shippedModel = shippedModel;
        this.store = store;
        this.deployments = deployments;
        this.registry = registry;
        this.projects = projects;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** POST …/feedback {request_id, label} or {feedback: [{request_id, label}, …]}. */
    public void submit(Context ctx, Principal principal) {
        String name = ctx.pathParam("name");
        String model = modelOf(name);
        Long projectId = projectOf(model);
        if (projectId != null) {
            projects.requireRole(projects.get(projectId), principal.user(), Permission.WRITE_DATA);
        }
        List<FeedbackItem> items = items(json.readObject(ctx));
        FeedbackResult result = store.submit(name, items, principal.user().username(), (h, r) -> audit.record(h,
                new AuditEvent(projectId, principal.user().id(), principal.user().username(), "deployment.feedback",
                        "deployment", name, null, counts(items.size(), r), clock.instant())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", result.accepted());
        out.put("duplicates", result.duplicates());
        out.put("unmatched", result.unmatched().subList(0, Math.min(MAX_LISTED, result.unmatched().size())));
        out.put("unmatched_count", result.unmatched().size());
        out.put("conflicts", result.conflicts().subList(0, Math.min(MAX_LISTED, result.conflicts().size())));
        out.put("conflicts_count", result.conflicts().size());
        ctx.json(out);
    }

    /**
     * The model the deployment serves: from the stored deployments, else from the serving engine, else from the
     * windows standalone servers shipped under that name.
     */
    private String modelOf(String name) {
        try {
            return deployments.get(name).state().target().model();
        } catch (GyreException.NotFound stored) {
            try {
                return deployments.engine().deployments().get(name).target().model();
            } catch (GyreException.NotFound served) {
                return shippedModel.apply(name).orElseThrow(() -> new GyreException.NotFound("Deployment '" + name
                        + "' does not exist; list the deployments with 'gyre deploy list' (GET /api/v1/deployments)."));
            }
        }
    }

    private Long projectOf(String model) {
        try {
            return registry.getRegisteredModel(model).projectId();
        } catch (GyreException.NotFound e) {
            return null;
        }
    }

    private static List<FeedbackItem> items(ObjectNode body) {
        if (body.has("feedback")) {
            if (body.size() != 1) {
                throw new GyreException.InvalidArgument("Send either one item or a 'feedback' array, not both: "
                        + EXAMPLE + ".");
            }
            JsonNode list = body.get("feedback");
            if (!list.isArray() || list.isEmpty()) {
                throw new GyreException.InvalidArgument("Field 'feedback' must be a non-empty array of {request_id,"
                        + " label} objects, e.g. " + EXAMPLE + ".");
            }
            if (list.size() > FeedbackStore.MAX_BATCH) {
                throw new GyreException.InvalidArgument("A feedback call takes at most " + FeedbackStore.MAX_BATCH
                        + " items; this one has " + list.size() + ". Split it into several calls (sending an item"
                        + " again is harmless).");
            }
            List<FeedbackItem> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(item(list.get(i), "feedback[" + i + "]"));
            }
            return items;
        }
        return List.of(item(body, "the body"));
    }

    private static FeedbackItem item(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new GyreException.InvalidArgument(where + " must be an object {\"request_id\": \"r-17\", \"label\":"
                    + " \"1\"}, got " + abbreviate(node) + ".");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("request_id") && !f.equals("label")) {
                throw new GyreException.InvalidArgument("Unknown field '" + f + "' in " + where + "; an item has"
                        + " request_id and label, e.g. " + EXAMPLE + ".");
            }
        });
        JsonNode id = node.get("request_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new GyreException.InvalidArgument(where + " needs 'request_id': the request id the prediction was"
                    + " answered with (a string), e.g. {\"request_id\": \"r-17\", \"label\": \"1\"}"
                    + (id == null ? "" : "; got " + abbreviate(id)) + ".");
        }
        JsonNode label = node.get("label");
        Object value;
        if (label == null || label.isNull()) {
            throw new GyreException.InvalidArgument(where + " (request id '" + id.asText() + "') needs 'label': the"
                    + " true class (e.g. \"1\") or, for a regression model, the true value (e.g. 12.5).");
        } else if (label.isTextual()) {
            value = label.asText();
        } else if (label.isBoolean()) {
            value = label.asBoolean();
        } else if (label.isIntegralNumber() && label.canConvertToLong()) {
            value = label.asLong();
        } else if (label.isNumber()) {
            value = label.isBigDecimal() || label.isBigInteger() ? label.decimalValue() : label.doubleValue();
        } else {
            throw new GyreException.InvalidArgument("The label of " + where + " (request id '" + id.asText()
                    + "') must be a class name (a string, or a number or boolean naming a class) or a number for a"
                    + " regression model, got " + abbreviate(label) + ".");
        }
        return new FeedbackItem(id.asText(), value);
    }

    private String counts(int items, FeedbackResult r) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("items", items);
        counts.put("accepted", r.accepted());
        counts.put("duplicates", r.duplicates());
        counts.put("unmatched", r.unmatched().size());
        counts.put("conflicts", r.conflicts().size());
        try {
            return mapper.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
