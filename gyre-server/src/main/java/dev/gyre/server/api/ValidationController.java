package dev.gyre.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.auth.Principal;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.validation.ValidationRunner;
import dev.gyre.tracking.project.ProjectService;
import dev.gyre.tracking.registry.ModelValidation;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegistryService;
import dev.gyre.validation.ValidationOptions;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 5 for a registered version: validate it (POST …/validate, synchronous), list its validations, and read
 * the latest report and model card. Validating needs the project's write_tracking role; reading needs read.
 */
public final class ValidationController {

    private final ValidationRunner runner;
    private final RegistryService registry;
    private final ProjectService projects;
    private final JsonBodies json;
    private final ObjectMapper mapper;

    public ValidationController(ValidationRunner runner, RegistryService registry, ProjectService projects,
                                JsonBodies json, ObjectMapper mapper) {
        this.runner = runner;
        this.registry = registry;
        this.projects = projects;
        this.json = json;
        this.mapper = mapper;
    }

    /** Body of POST …/validate; every field optional. */
    public record Validate(String test, String train, String championAlias, Long seed, Integer bootstrapResamples) {
    }

    public void validate(Context ctx, Principal principal) {
        Validate body = body(json.readObject(ctx));
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        int version = Params.positiveInt("version", ctx.pathParam("version"));
        require(model, principal, Permission.WRITE_TRACKING);
        ValidationOptions options = ValidationOptions.defaults();
        if (body.seed() != null) {
            options = options.withSeed(body.seed());
        }
        if (body.bootstrapResamples() != null) {
            if (body.bootstrapResamples() < 1 || body.bootstrapResamples() > 100_000) {
                throw new GyreException.InvalidArgument("Field 'bootstrap_resamples' must be between 1 and 100000, got "
                        + body.bootstrapResamples() + ".");
            }
            options = options.withBootstrap(body.bootstrapResamples(), options.bootstrapLevel());
        }
        ValidationRunner.Outcome outcome = runner.validate(model.name(), version,
                new ValidationRunner.Request(body.test(), body.train(), body.championAlias(), options), principal.user());
        Map<String, Object> answer = summary(outcome.validation());
        answer.put("train", outcome.train());
        answer.put("test", outcome.test());
        answer.put("champion", outcome.champion());
        answer.put("report", readTree(outcome.reportJson()));
        ctx.json(answer);
    }

    /** The body's fields (every one optional; an empty body is fine), refusing unknown fields and wrong types. */
    private Validate body(com.fasterxml.jackson.databind.node.ObjectNode node) {
        List<String> known = List.of("test", "train", "champion_alias", "seed", "bootstrap_resamples");
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new GyreException.InvalidArgument("Unknown field '" + field + "'; known fields: "
                        + String.join(", ", known) + ".");
            }
        });
        return new Validate(text(node, "test"), text(node, "train"), text(node, "champion_alias"),
                node.hasNonNull("seed") ? integer(node, "seed") : null,
                node.hasNonNull("bootstrap_resamples") ? Math.toIntExact(Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, integer(node, "bootstrap_resamples")))) : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' must be a string such as \"passengers-test@1\".");
        }
        return v.asText();
    }

    private static long integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new GyreException.InvalidArgument("Field '" + field + "' must be a whole number, got " + v + ".");
        }
        return v.asLong();
    }

    public void list(Context ctx, Principal principal) {
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        int version = Params.positiveInt("version", ctx.pathParam("version"));
        require(model, principal, Permission.READ);
        List<Map<String, Object>> all = registry.listValidations(model.name(), version).stream()
                .map(ValidationController::summary).toList();
        ctx.json(Map.of("validations", all));
    }

    public void report(Context ctx, Principal principal) {
        serve(ctx, principal, "report.json", "application/json");
    }

    /** The model package of the latest validation: what `gyre serve` and {@code GyreModel.load} read. */
    public void modelPackage(Context ctx, Principal principal) {
        serve(ctx, principal, ValidationRunner.PACKAGE_FILE, "application/zip");
    }

    public void card(Context ctx, Principal principal) {
        String format = ctx.queryParam("format") == null ? "html" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        switch (format) {
            case "html" -> serve(ctx, principal, "card.html", "text/html; charset=utf-8");
            case "md", "markdown" -> serve(ctx, principal, "card.md", "text/markdown; charset=utf-8");
            default -> throw new GyreException.InvalidArgument("Unknown card format '" + format + "'; use format=html"
                    + " or format=md.");
        }
    }

    private void serve(Context ctx, Principal principal, String file, String contentType) {
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        int version = Params.positiveInt("version", ctx.pathParam("version"));
        require(model, principal, Permission.READ);
        try (InputStream in = runner.latestFile(model.name(), version, file)) {
            ctx.contentType(contentType);
            ctx.result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> summary(ModelValidation v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("validation_id", v.id());
        out.put("model", v.modelName());
        out.put("version", v.version());
        out.put("passed", v.passed());
        out.put("blocking_failures", v.blockingFailures());
        out.put("back_to", v.backTo());
        out.put("gates", v.gates().stream().map(g -> {
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("name", g.name());
            gate.put("status", g.status());
            gate.put("blocking", g.blocking());
            gate.put("message", g.message());
            return gate;
        }).toList());
        out.put("report_path", v.reportPath());
        out.put("created_by", v.createdBy());
        out.put("created_at", v.createdAt());
        return out;
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void require(RegisteredModel model, Principal principal, Permission permission) {
        if (model.projectId() == null) {
            if (!principal.may(permission)) {
                throw new GyreException.PermissionDenied("User '" + principal.user().username() + "' may not "
                        + (permission == Permission.READ ? "read" : "validate") + " model '" + model.name() + "'.");
            }
            return;
        }
        projects.requireRole(projects.get(model.projectId()), principal.user(), permission);
    }
}
