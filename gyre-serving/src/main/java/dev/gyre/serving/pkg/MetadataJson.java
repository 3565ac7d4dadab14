package dev.gyre.serving.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.training.LearningTask;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of {@link PackageMetadata}, the package's {@code metadata.json}. */
final class MetadataJson {
    private static final String WHAT = "metadata.json";

    private MetadataJson() {
    }

    static byte[] write(PackageMetadata m) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model_name", m.modelName()).put("version", m.version()).put("algorithm", m.algorithm())
                .put("task", m.task().wireName());
        ArrayNode classes = root.putArray("classes");
        m.classes().forEach(classes::add);
        root.put("created_at", m.createdAt().toString());
        if (m.lineage() != null) {
            ObjectNode lineage = root.putObject("lineage");
            lineage.put("run_id", m.lineage().runId());
            ArrayNode data = lineage.putArray("data_versions");
            m.lineage().dataVersions().forEach(data::add);
            lineage.put("git_commit", m.lineage().gitCommit()).put("feature_spec_sha256", m.lineage().featureSpecHash());
        }
        root.put("charter_metric", m.charterMetric());
        if (m.validation() != null) {
            ObjectNode validation = root.putObject("validation");
            validation.put("passed", m.validation().passed());
            ArrayNode gates = validation.putArray("gates");
            for (PackageMetadata.Gate gate : m.validation().gates()) {
                gates.addObject().put("name", gate.name()).put("status", gate.status());
            }
        }
        return Json.bytes(root);
    }

    static PackageMetadata read(byte[] bytes) {
        JsonNode root = Json.object(bytes, WHAT);
        String taskName = Json.text(root, "task", WHAT);
        LearningTask task = null;
        for (LearningTask t : LearningTask.values()) {
            if (t.wireName().equals(taskName)) {
                task = t;
            }
        }
        if (task == null) {
            throw Json.invalid(WHAT, "unknown task '" + taskName + "'");
        }
        Instant created;
        try {
            created = Instant.parse(Json.text(root, "created_at", WHAT));
        } catch (DateTimeParseException e) {
            throw Json.invalid(WHAT, "created_at is not an ISO-8601 instant");
        }
        PackageMetadata.Lineage lineage = null;
        JsonNode l = root.get("lineage");
        if (l != null && !l.isNull()) {
            lineage = new PackageMetadata.Lineage(Json.optionalText(l, "run_id", WHAT), Json.texts(l, "data_versions", WHAT),
                    Json.optionalText(l, "git_commit", WHAT), Json.optionalText(l, "feature_spec_sha256", WHAT));
        }
        PackageMetadata.ValidationSummary validation = null;
        JsonNode v = root.get("validation");
        if (v != null && !v.isNull()) {
            if (!v.path("passed").isBoolean()) {
                throw Json.invalid(WHAT, "validation.passed must be true or false");
            }
            List<PackageMetadata.Gate> gates = new ArrayList<>();
            for (JsonNode gate : Json.array(v, "gates", WHAT)) {
                gates.add(new PackageMetadata.Gate(Json.text(gate, "name", WHAT), Json.text(gate, "status", WHAT)));
            }
            validation = new PackageMetadata.ValidationSummary(v.get("passed").booleanValue(), gates);
        }
        try {
            return new PackageMetadata(Json.text(root, "model_name", WHAT), Json.text(root, "version", WHAT),
                    Json.text(root, "algorithm", WHAT), task, Json.texts(root, "classes", WHAT), created, lineage,
                    Json.optionalText(root, "charter_metric", WHAT), validation);
        } catch (IllegalArgumentException e) {
            throw Json.invalid(WHAT, e.getMessage());
        }
    }
}
