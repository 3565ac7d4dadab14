package dev.gyre.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.Page;
import dev.gyre.tracking.registry.PromotionRequest;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegisteredModelAlias;
import dev.gyre.tracking.registry.RegistryService;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registered models, their versions and aliases, and four-eyes promotion. A model in a project is
 * governed by the caller's role in that project; a model outside projects by the platform role. The
 * production alias moves only when a second person approves a promotion request.
 */
public final class ModelController {

    private final RegistryService registry;
    private final ProjectService projects;
    private final JsonBodies json;

    public ModelController(RegistryService registry, ProjectService projects, JsonBodies json) {
        this.registry = registry;
        this.projects = projects;
        this.json = json;
    }

    /** A registered model; {@code versions} only when one model is shown. */
    public record ModelDto(String name, String project, String description, Instant createdAt, Instant updatedAt,
                           Map<String, String> tags, Map<String, Integer> aliases, List<VersionDto> versions) {
    }

    /** A model version with its lineage. */
    public record VersionDto(String name, int version, String createdBy, Instant createdAt, String source,
                             String runId, String status, String stage, String description, List<String> aliases,
                             Map<String, String> tags, Integer charterVersion, String gitCommit) {
        static VersionDto of(ModelVersion v) {
            return new VersionDto(v.name(), v.version(), v.userId(), Instant.ofEpochMilli(v.creationTimestamp()),
                    v.source(), v.runId(), v.status().name(), v.currentStage().toString(), v.description(), v.aliases(),
                    v.tags(), v.lineage().charterVersion(), v.lineage().gitCommit());
        }
    }

    /** A promotion request. */
    public record PromotionDto(long id, String model, int version, String alias, String status, String requestedBy,
                               Instant requestedAt, String reason, String decidedBy, Instant decidedAt,
                               String decisionReason) {
        static PromotionDto of(PromotionRequest p) {
            return new PromotionDto(p.id(), p.modelName(), p.version(), p.alias(),
                    p.status().name().toLowerCase(Locale.ROOT), p.requestedBy(), p.requestedAt(), p.reason(),
                    p.decidedBy(), p.decidedAt(), p.decisionReason());
        }
    }

    /** Body of POST /api/v1/models. */
    public record CreateModel(String name, String project, String description) {
    }

    /** Body of POST /api/v1/models/{name}/aliases. */
    public record SetAlias(String alias, Integer version) {
    }

    /** Body of POST /api/v1/models/{name}/promotions. */
    public record RequestPromotion(Integer version, String alias, String reason) {
    }

    // ---------------------------------------------------------------- models and versions

    public void create(Context ctx, Principal principal) {
        CreateModel body = json.read(ctx, CreateModel.class, "{\"name\": \"churn\", \"project\": \"churn\"}");
        if (body.name() == null || body.name().isBlank()) {
            throw new GyreException.InvalidArgument("Field 'name' is missing: name the model.");
        }
        Long projectId = null;
        if (body.project() != null && !body.project().isBlank()) {
            Project project = projects.get(body.project().strip());
            projects.requireRole(project, principal.user(), Permission.WRITE_TRACKING);
            projectId = project.id();
        } else {
            requirePlatform(principal, Permission.WRITE_TRACKING, "create a registered model outside projects");
        }
        RegisteredModel model = registry.createRegisteredModel(body.name(), null, body.description(), projectId,
                principal.user());
        ctx.status(201).json(dto(model, List.of()));
    }

    public void list(Context ctx, Principal principal) {
        Integer max = ctx.queryParam("max_results") == null ? null
                : Params.positiveInt("max_results", ctx.queryParam("max_results"));
        Page<RegisteredModel> page = registry.searchRegisteredModels(ctx.queryParam("filter"), max, null,
                ctx.queryParam("page_token"));
        Map<Long, Project> seen = new LinkedHashMap<>();
        List<ModelDto> visible = page.items().stream()
                .filter(m -> m.projectId() == null || projects.may(project(m.projectId(), seen), principal.user(),
                        Permission.READ))
                .map(m -> dto(m, null))
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("models", visible);
        answer.put("next_page_token", page.nextPageToken());
        ctx.json(answer);
    }

    public void get(Context ctx, Principal principal) {
        RegisteredModel model = readable(ctx.pathParam("name"), principal);
        ctx.json(dto(model, versions(model.name())));
    }

    public void versions(Context ctx, Principal principal) {
        RegisteredModel model = readable(ctx.pathParam("name"), principal);
        ctx.json(Map.of("versions", versions(model.name())));
    }

    public void setAlias(Context ctx, Principal principal) {
        SetAlias body = json.read(ctx, SetAlias.class, "{\"alias\": \"challenger\", \"version\": 3}");
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        requireWrite(model, principal);
        if (body.alias() == null || body.alias().isBlank() || body.version() == null) {
            throw new GyreException.InvalidArgument("Send both 'alias' and 'version', e.g. {\"alias\": \"challenger\","
                    + " \"version\": 3}.");
        }
        String production = productionAlias(model);
        if (body.alias().strip().equalsIgnoreCase(production)) {
            throw new GyreException.PermissionDenied("Alias '" + production + "' of model '" + model.name()
                    + "' moves only through an approved promotion: request one with POST /api/v1/models/"
                    + model.name() + "/promotions (gyre models promote " + model.name() + " " + body.version()
                    + " --reason …), then a second person approves it.");
        }
        registry.setAlias(model.name(), body.alias().strip(), body.version(), principal.user(), production);
        ctx.json(VersionDto.of(registry.getModelVersion(model.name(), body.version())));
    }

    // ---------------------------------------------------------------- four-eyes promotion

    public void requestPromotion(Context ctx, Principal principal) {
        RequestPromotion body = json.read(ctx, RequestPromotion.class,
                "{\"version\": 3, \"reason\": \"beats version 2 on the holdout set\"}");
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        requireWrite(model, principal);
        if (body.version() == null) {
            throw new GyreException.InvalidArgument("Field 'version' is missing: name the version to promote.");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw new GyreException.InvalidArgument("Field 'reason' is missing: say why this version should be promoted;"
                    + " the approver and the audit log read it.");
        }
        String alias = body.alias() == null || body.alias().isBlank() ? productionAlias(model) : body.alias().strip();
        PromotionRequest request = registry.requestPromotion(model.name(), body.version(), alias, body.reason().strip(),
                principal.user());
        ctx.status(201).json(PromotionDto.of(request));
    }

    public void promotions(Context ctx, Principal principal) {
        RegisteredModel model = readable(ctx.pathParam("name"), principal);
        ctx.json(Map.of("promotions", registry.listPromotions(model.name()).stream().map(PromotionDto::of).toList()));
    }

    public void getPromotion(Context ctx, Principal principal) {
        PromotionRequest request = registry.getPromotion(Params.id("Promotion request", ctx.pathParam("id")));
        readable(request.modelName(), principal);
        ctx.json(PromotionDto.of(request));
    }

    public void approve(Context ctx, Principal principal) {
        long id = Params.id("Promotion request", ctx.pathParam("id"));
        String reason = reason(ctx, false);
        ctx.json(PromotionDto.of(registry.approvePromotion(visiblePromotion(id, principal), principal.user(), reason)));
    }

    public void reject(Context ctx, Principal principal) {
        long id = Params.id("Promotion request", ctx.pathParam("id"));
        String reason = reason(ctx, true);
        ctx.json(PromotionDto.of(registry.rejectPromotion(visiblePromotion(id, principal), principal.user(), reason)));
    }

    public void cancel(Context ctx, Principal principal) {
        long id = Params.id("Promotion request", ctx.pathParam("id"));
        ctx.json(PromotionDto.of(registry.cancelPromotion(visiblePromotion(id, principal), principal.user())));
    }

    /** The request's id, once the caller is known to be allowed to see its model. */
    private long visiblePromotion(long id, Principal principal) {
        readable(registry.getPromotion(id).modelName(), principal);
        return id;
    }

    private String reason(Context ctx, boolean required) {
        // the body is optional (an approval may say nothing), so an empty one is an empty object
        com.fasterxml.jackson.databind.node.ObjectNode body = json.readObject(ctx);
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("reason")) {
                throw new GyreException.InvalidArgument("Unknown field '" + field + "'; known fields: reason.");
            }
        });
        JsonNode given = body.get("reason");
        if (given != null && !given.isNull() && !given.isTextual()) {
            throw new GyreException.InvalidArgument("Field 'reason' must be a string.");
        }
        String reason = given == null || given.isNull() || given.asText().isBlank() ? null : given.asText().strip();
        if (required && reason == null) {
            throw new GyreException.InvalidArgument("Field 'reason' is missing: say why the promotion is rejected.");
        }
        return reason;
    }

    // ---------------------------------------------------------------- helpers

    private RegisteredModel readable(String name, Principal principal) {
        RegisteredModel model = registry.getRegisteredModel(name);
        if (model.projectId() != null) {
            projects.requireRole(projects.get(model.projectId()), principal.user(), Permission.READ);
        }
        return model;
    }

    private void requireWrite(RegisteredModel model, Principal principal) {
        if (model.projectId() != null) {
            projects.requireRole(projects.get(model.projectId()), principal.user(), Permission.WRITE_TRACKING);
        } else {
            requirePlatform(principal, Permission.WRITE_TRACKING, "change registered models outside projects");
        }
    }

    private static void requirePlatform(Principal principal, Permission permission, String what) {
        User user = principal.user();
        if (!principal.may(permission)) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' (role " + user.role().wireName()
                    + ") may not " + what + ": it needs the " + permission.name().toLowerCase(Locale.ROOT)
                    + " permission.");
        }
    }

    private String productionAlias(RegisteredModel model) {
        return model.projectId() == null ? RegistryService.DEFAULT_PRODUCTION_ALIAS
                : projects.get(model.projectId()).productionAlias();
    }

    private List<VersionDto> versions(String name) {
        String filter = "name = '" + name.replace("'", "''") + "'";
        return registry.searchModelVersions(filter, null, List.of("version_number DESC"), null).items().stream()
                .map(VersionDto::of).toList();
    }

    private Project project(long id, Map<Long, Project> seen) {
        return seen.computeIfAbsent(id, projects::get);
    }

    private ModelDto dto(RegisteredModel m, List<VersionDto> versions) {
        String project = m.projectId() == null ? null : projects.get(m.projectId()).name();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        for (RegisteredModelAlias alias : m.aliases()) {
            aliases.put(alias.alias(), alias.version());
        }
        return new ModelDto(m.name(), project, m.description(), Instant.ofEpochMilli(m.creationTimestamp()),
                Instant.ofEpochMilli(m.lastUpdatedTimestamp()), m.tags(), aliases, versions);
    }
}
