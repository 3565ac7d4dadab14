package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.charter.PromotionPolicy;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.Page;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegistryService;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** MLflow's model registry routes ({@code registered-models/*}, {@code model-versions/*}) over the registry service. */
public final class MlflowRegistryController {

    private final RegistryService registry;
    private final ProjectService projects;
    private final JsonBodies bodies;

    public MlflowRegistryController(RegistryService registry, ProjectService projects, JsonBodies bodies) {
        this.registry = registry;
        this.projects = projects;
        this.bodies = bodies;
    }

    private MlflowRequest request(Context ctx) {
        return MlflowRequest.of(ctx, bodies);
    }

    /**
     * A model that belongs to a project is governed by that project's roles, whichever API reaches it:
     * the caller's role in the project must grant the permission (platform admins always may).
     */
    private String checked(String name, Principal principal, Permission permission) {
        Long projectId = registry.getRegisteredModel(name).projectId();
        if (projectId != null) {
            projects.requireRole(projects.get(projectId), principal.user(), permission);
        }
        return name;
    }

    /** Whether the caller may see the model (models outside projects are visible to every reader). */
    private boolean visible(Long projectId, Principal principal, Map<Long, Boolean> seen) {
        if (projectId == null) {
            return true;
        }
        return seen.computeIfAbsent(projectId, id -> projects.may(projects.get(id), principal.user(), Permission.READ));
    }

    private static void answer(Context ctx, ObjectNode body) {
        ctx.json(body);
    }

    private static ObjectNode model(RegisteredModel model) {
        ObjectNode body = MlflowJson.object();
        body.set("registered_model", MlflowJson.registeredModel(model));
        return body;
    }

    private static ObjectNode version(ModelVersion version) {
        ObjectNode body = MlflowJson.object();
        body.set("model_version", MlflowJson.modelVersion(version));
        return body;
    }

    // ---- registered models

    public void createModel(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, model(registry.createRegisteredModel(r.required("name"), r.keyValues("tags"), r.optional("description"),
                null, principal.user())));
    }

    public void getModel(Context ctx, Principal principal) {
        answer(ctx, model(registry.getRegisteredModel(checked(request(ctx).required("name"), principal, Permission.READ))));
    }

    public void renameModel(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, model(registry.renameRegisteredModel(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.required("new_name"), principal.user())));
    }

    public void updateModel(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, model(registry.updateRegisteredModel(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.optional("description"), principal.user())));
    }

    public void deleteModel(Context ctx, Principal principal) {
        registry.deleteRegisteredModel(checked(request(ctx).required("name"), principal, Permission.WRITE_TRACKING), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void searchModels(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        Page<RegisteredModel> page = registry.searchRegisteredModels(r.optional("filter"), r.optionalInt("max_results"),
                r.stringList("order_by"), r.optional("page_token"));
        ObjectNode body = MlflowJson.object();
        ArrayNode models = body.putArray("registered_models");
        Map<Long, Boolean> seen = new HashMap<>();
        page.items().stream().filter(m -> visible(m.projectId(), principal, seen))
                .forEach(m -> models.add(MlflowJson.registeredModel(m)));
        MlflowJson.putIfSet(body, "next_page_token", page.nextPageToken());
        answer(ctx, body);
    }

    public void setModelTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.setRegisteredModelTag(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.required("key"), valueOf(r), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void deleteModelTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.deleteRegisteredModelTag(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.required("key"), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void setAlias(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        String name = checked(r.required("name"), principal, Permission.WRITE_TRACKING);
        Long projectId = registry.getRegisteredModel(name).projectId();
        String productionAlias = projectId == null ? PromotionPolicy.DEFAULTS.productionAlias()
                : projects.get(projectId).productionAlias();
        registry.setAlias(name, r.required("alias"), r.requiredVersion("version"), principal.user(), productionAlias);
        answer(ctx, MlflowJson.object());
    }

    public void deleteAlias(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.deleteAlias(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.required("alias"), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void getByAlias(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, version(registry.getModelVersionByAlias(checked(r.required("name"), principal, Permission.READ), r.required("alias"))));
    }

    public void latestVersions(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        List<ModelVersion> versions = registry.getLatestVersions(checked(r.required("name"), principal, Permission.READ), r.stringList("stages"));
        answer(ctx, versions(versions, null));
    }

    // ---- model versions

    public void createVersion(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, version(registry.createModelVersion(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.required("source"), r.optional("run_id"),
                r.keyValues("tags"), r.optional("run_link"), r.optional("description"), principal.user())));
    }

    public void getVersion(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, version(registry.getModelVersion(checked(r.required("name"), principal, Permission.READ), r.requiredVersion("version"))));
    }

    public void updateVersion(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, version(registry.updateModelVersion(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.requiredVersion("version"),
                r.optional("description"), principal.user())));
    }

    public void deleteVersion(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.deleteModelVersion(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.requiredVersion("version"), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void searchVersions(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        Page<ModelVersion> page = registry.searchModelVersions(r.optional("filter"), r.optionalInt("max_results"),
                r.stringList("order_by"), r.optional("page_token"));
        Map<Long, Boolean> seen = new HashMap<>();
        Map<String, Long> projectOf = new HashMap<>();
        List<ModelVersion> visibleVersions = page.items().stream().filter(v -> visible(projectOf.computeIfAbsent(v.name(),
                n -> registry.getRegisteredModel(n).projectId()), principal, seen)).toList();
        answer(ctx, versions(visibleVersions, page.nextPageToken()));
    }

    public void downloadUri(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        ObjectNode body = MlflowJson.object();
        body.put("artifact_uri", registry.getModelVersionDownloadUri(checked(r.required("name"), principal, Permission.READ), r.requiredVersion("version")));
        answer(ctx, body);
    }

    public void setVersionTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.setModelVersionTag(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.requiredVersion("version"), r.required("key"), valueOf(r),
                principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void deleteVersionTag(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        registry.deleteModelVersionTag(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.requiredVersion("version"), r.required("key"), principal.user());
        answer(ctx, MlflowJson.object());
    }

    public void transitionStage(Context ctx, Principal principal) {
        MlflowRequest r = request(ctx);
        answer(ctx, version(registry.transitionModelVersionStage(checked(r.required("name"), principal, Permission.WRITE_TRACKING), r.requiredVersion("version"),
                r.required("stage"), r.optionalBoolean("archive_existing_versions", false), principal.user())));
    }

    private static ObjectNode versions(List<ModelVersion> versions, String nextPageToken) {
        ObjectNode body = MlflowJson.object();
        ArrayNode array = body.putArray("model_versions");
        versions.forEach(v -> array.add(MlflowJson.modelVersion(v)));
        MlflowJson.putIfSet(body, "next_page_token", nextPageToken);
        return body;
    }

    /** A tag value may be the empty string, which MLflow allows. */
    private static String valueOf(MlflowRequest r) {
        String value = r.optional("value");
        if (value == null) {
            throw MlflowRequest.missing("value");
        }
        return value;
    }
}
