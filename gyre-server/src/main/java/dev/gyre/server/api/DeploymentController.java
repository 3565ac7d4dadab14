package dev.gyre.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.Deployments;
import dev.gyre.serving.deploy.ModelKey;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.tracking.project.ProjectService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The platform's deployments (stage 6): create one from a registered model's alias or version, read their state,
 * and change the traffic: canary, shadow, sticky header, retarget, promote the canary, roll back, delete. Changes
 * need the deploy permission (the route table checks it) and read access to the model; reads need read.
 */
public final class DeploymentController {

    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,255}");
    private static final List<String> CREATE_FIELDS = List.of("name", "model", "alias", "version", "canary", "shadow",
            "sticky_header");

    private final DeploymentManager manager;
    private final RegistryService registry;
    private final ProjectService projects;
    private final JsonBodies json;

    public DeploymentController(DeploymentManager manager, RegistryService registry, ProjectService projects,
                                JsonBodies json) {
        this.manager = manager;
        this.registry = registry;
        this.projects = projects;
        this.json = json;
    }

    public void create(Context ctx, Principal principal) {
        ObjectNode body = json.readObject(ctx);
        known(body, CREATE_FIELDS);
        String name = requiredText(body, "name", "\"titanic-prod\"");
        DeploymentManager.checkName(name);
        String model = requiredText(body, "model", "\"titanic\"");
        String alias = text(body, "alias");
        Integer version = body.hasNonNull("version") ? version(body.get("version"), "version") : null;
        if (alias == null && version == null) {
            // shorthand: "titanic@production" or "titanic/3"
            int at = model.lastIndexOf('@');
            int slash = model.lastIndexOf('/');
            if (at > 0) {
                alias = model.substring(at + 1);
                model = model.substring(0, at);
            } else if (slash > 0) {
                version = version(body.textNode(model.substring(slash + 1)), "model");
                model = model.substring(0, slash);
            }
        }
        if ((alias == null) == (version == null)) {
            throw new GyreException.InvalidArgument("Give exactly one of 'alias' (follow it: the deployment moves when"
                    + " the alias moves) and 'version' (a fixed version), e.g. {\"name\": \"titanic\", \"model\":"
                    + " \"titanic\", \"alias\": \"production\"}.");
        }
        if (alias != null && alias.isBlank()) {
            throw new GyreException.InvalidArgument("Field 'alias' must not be blank; e.g. \"production\".");
        }
        requireModel(model, principal);
        Deployment.Canary canary = null;
        if (body.hasNonNull("canary")) {
            JsonNode c = body.get("canary");
            if (!c.isObject()) {
                throw new GyreException.InvalidArgument("Field 'canary' must be an object {\"version\": 4,"
                        + " \"percent\": 10}.");
            }
            canary = canary((ObjectNode) c);
        }
        Integer shadow = body.hasNonNull("shadow") ? version(body.get("shadow"), "shadow") : null;
        String sticky = header(body, "sticky_header");
        DeploymentTarget target = alias != null ? DeploymentTarget.alias(model, alias)
                : DeploymentTarget.version(model, version);
        ctx.status(201).json(view(manager.create(name, target, canary, shadow, sticky, principal.user())));
    }

    public void list(Context ctx, Principal principal) {
        ctx.json(Map.of("deployments", manager.list().stream().map(this::view).toList()));
    }

    public void get(Context ctx, Principal principal) {
        ctx.json(view(manager.get(ctx.pathParam("name"))));
    }

    /** POST …/canary {version, percent}. */
    public void setCanary(Context ctx, Principal principal) {
        ObjectNode body = json.readObject(ctx);
        known(body, List.of("version", "percent"));
        Deployment.Canary canary = canary(body);
        change(ctx, principal, "deployment.set_canary", d -> d.setCanary(name(ctx), canary.version(), canary.percent()));
    }

    /** DELETE …/canary. */
    public void clearCanary(Context ctx, Principal principal) {
        change(ctx, principal, "deployment.clear_canary", d -> d.clearCanary(name(ctx)));
    }

    /** POST …/shadow {version} or {version: null} to stop mirroring. */
    public void setShadow(Context ctx, Principal principal) {
        ObjectNode body = json.readObject(ctx);
        known(body, List.of("version"));
        if (!body.has("version")) {
            throw new GyreException.InvalidArgument("Field 'version' is required: the version that receives a copy of"
                    + " every request, or null to stop mirroring, e.g. {\"version\": 4}.");
        }
        Integer version = body.get("version").isNull() ? null : version(body.get("version"), "version");
        change(ctx, principal, version == null ? "deployment.clear_shadow" : "deployment.set_shadow",
                d -> d.setShadow(name(ctx), version));
    }

    /** POST …/sticky-header {header} or {header: null}. */
    public void setStickyHeader(Context ctx, Principal principal) {
        ObjectNode body = json.readObject(ctx);
        known(body, List.of("header"));
        if (!body.has("header")) {
            throw new GyreException.InvalidArgument("Field 'header' is required: the request header whose value pins"
                    + " a caller to one side of the canary split, or null for random draws, e.g."
                    + " {\"header\": \"X-User-Id\"}.");
        }
        String header = header(body, "header");
        change(ctx, principal, "deployment.set_sticky_header", d -> d.setStickyKey(name(ctx), header));
    }

    /** POST …/retarget {version}. */
    public void retarget(Context ctx, Principal principal) {
        ObjectNode body = json.readObject(ctx);
        known(body, List.of("version"));
        if (!body.hasNonNull("version")) {
            throw new GyreException.InvalidArgument("Field 'version' is required: the version to serve, e.g."
                    + " {\"version\": 3}.");
        }
        int version = version(body.get("version"), "version");
        change(ctx, principal, "deployment.retarget", d -> d.retarget(name(ctx), version));
    }

    public void promoteCanary(Context ctx, Principal principal) {
        change(ctx, principal, "deployment.promote_canary", d -> d.promoteCanary(name(ctx)));
    }

    public void rollback(Context ctx, Principal principal) {
        change(ctx, principal, "deployment.rollback", d -> d.rollback(name(ctx)));
    }

    public void delete(Context ctx, Principal principal) {
        String name = name(ctx);
        try {
            requireModel(manager.get(name).state().target().model(), principal);
        } catch (GyreException.NotFound modelGone) {
            // the model was deleted since: the deploy permission alone lets the deployment go
            manager.get(name);
        }
        manager.delete(name, principal.user());
        ctx.status(204);
    }

    private void change(Context ctx, Principal principal, String action,
                        java.util.function.Function<Deployments, Deployment> change) {
        String name = name(ctx);
        requireModel(manager.get(name).state().target().model(), principal);
        ctx.json(view(manager.change(name, action, principal.user(), change)));
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }

    /** The caller must be able to read the model (its project's role decides when it belongs to a project). */
    private void requireModel(String model, Principal principal) {
        RegisteredModel registered;
        try {
            registered = registry.getRegisteredModel(model);
        } catch (GyreException.NotFound e) {
            throw new GyreException.NotFound("Registered model '" + model + "' does not exist. Register a version"
                    + " first, or check the name with GET /api/v1/models.");
        }
        if (registered.projectId() != null) {
            projects.requireRole(projects.get(registered.projectId()), principal.user(), Permission.READ);
        }
    }

    private Map<String, Object> view(DeploymentManager.Status status) {
        Deployment d = status.state();
        Map<String, Object> out = DeploymentManager.describe(d);
        out.put("state", status.live() != null ? "serving" : "failed");
        out.put("failure", status.failure());
        out.put("alias_version", status.row().aliasVersion());
        Deployments all = manager.engine().deployments();
        out.put("loaded_versions", status.live() == null ? List.of() : all.loadedModels().stream()
                .filter(k -> k.model().equals(d.target().model())).map(ModelKey::version).sorted().toList());
        Map<String, Object> shadow = new LinkedHashMap<>();
        shadow.put("dropped", all.shadowDropped());
        shadow.put("sink_failures", all.shadowSinkFailures());
        out.put("shadow_queue", shadow);
        out.put("created_by", status.row().createdBy());
        out.put("created_at", status.row().createdAt());
        out.put("updated_by", status.row().updatedBy());
        out.put("updated_at", status.row().updatedAt());
        return out;
    }

    private static Deployment.Canary canary(ObjectNode c) {
        known(c, List.of("version", "percent"));
        if (!c.hasNonNull("version") || !c.hasNonNull("percent")) {
            throw new GyreException.InvalidArgument("A canary needs 'version' and 'percent' (0 to 100), e.g."
                    + " {\"version\": 4, \"percent\": 10}.");
        }
        int version = version(c.get("version"), "canary version");
        JsonNode p = c.get("percent");
        if (!p.isIntegralNumber() || !p.canConvertToInt() || p.asInt() < 0 || p.asInt() > 100) {
            throw new GyreException.InvalidArgument("Field 'percent' must be a whole number from 0 to 100 (the share"
                    + " of requests the canary answers), got " + p + ".");
        }
        return new Deployment.Canary(version, p.asInt());
    }

    private static int version(JsonNode v, String field) {
        if (v.isTextual() && v.asText().matches("\\d{1,9}")) {
            v = com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(v.asText()));
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new GyreException.InvalidArgument("Field '" + field + "' must be a registered version number (a"
                    + " positive whole number), got " + v + ".");
        }
        return v.asInt();
    }

    private static String header(JsonNode body, String field) {
        String value = text(body, field);
        if (value != null && !HEADER.matcher(value).matches()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' must be an HTTP header name (letters,"
                    + " digits and !#$%&'*+.^_`|~-, at most 255), e.g. \"X-User-Id\"; got \"" + value + "\".");
        }
        return value;
    }

    private static String requiredText(JsonNode body, String field, String example) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' is required, e.g. " + example + ".");
        }
        return value;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' must be a string, got " + v + ".");
        }
        return v.asText();
    }

    private static void known(JsonNode body, List<String> fields) {
        body.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw new GyreException.InvalidArgument("Unknown field '" + f + "'; known fields: "
                        + String.join(", ", fields) + ".");
            }
        });
    }
}
