package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.tracking.registry.ModelVersion;
import dev.gyre.tracking.registry.RegisteredModel;
import dev.gyre.tracking.registry.RegisteredModelAlias;
import java.util.Map;

/**
 * Gyre's records in MLflow's JSON: the proto field names, enums by name, version numbers as strings,
 * timestamps in epoch milliseconds, and unset fields left out (as MLflow's proto-to-JSON does).
 */
final class MlflowJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MlflowJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ObjectNode registeredModel(RegisteredModel model) {
        ObjectNode node = object();
        node.put("name", model.name());
        node.put("creation_timestamp", model.creationTimestamp());
        node.put("last_updated_timestamp", model.lastUpdatedTimestamp());
        putIfSet(node, "description", model.description());
        if (!model.latestVersions().isEmpty()) {
            ArrayNode latest = node.putArray("latest_versions");
            model.latestVersions().forEach(v -> latest.add(modelVersion(v)));
        }
        putTags(node, model.tags());
        if (!model.aliases().isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            for (RegisteredModelAlias alias : model.aliases()) {
                aliases.addObject().put("alias", alias.alias()).put("version", Integer.toString(alias.version()));
            }
        }
        return node;
    }

    static ObjectNode modelVersion(ModelVersion version) {
        ObjectNode node = object();
        node.put("name", version.name());
        node.put("version", Integer.toString(version.version()));
        node.put("creation_timestamp", version.creationTimestamp());
        node.put("last_updated_timestamp", version.lastUpdatedTimestamp());
        putIfSet(node, "user_id", version.userId());
        node.put("current_stage", version.currentStage().wireName());
        putIfSet(node, "description", version.description());
        node.put("source", version.source());
        putIfSet(node, "run_id", version.runId());
        node.put("status", version.status().name());
        putIfSet(node, "status_message", version.statusMessage());
        putTags(node, version.tags());
        putIfSet(node, "run_link", version.runLink());
        if (!version.aliases().isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            version.aliases().forEach(aliases::add);
        }
        return node;
    }

    static void putTags(ObjectNode node, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            ArrayNode array = node.putArray("tags");
            tags.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
        }
    }

    static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
