package dev.gyre.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.tracking.Dataset;
import dev.gyre.tracking.DatasetInput;
import dev.gyre.tracking.Experiment;
import dev.gyre.tracking.Metric;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunInfo;
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
    // ---- tracking

    static ObjectNode experimentBody(Experiment e) {
        ObjectNode body = object();
        body.set("experiment", experiment(e));
        return body;
    }

    static ObjectNode experiment(Experiment e) {
        ObjectNode node = object();
        node.put("experiment_id", e.experimentId());
        node.put("name", e.name());
        putIfSet(node, "artifact_location", e.artifactLocation());
        node.put("lifecycle_stage", e.lifecycleStage().name().toLowerCase(java.util.Locale.ROOT));
        node.put("last_update_time", e.lastUpdateTime());
        node.put("creation_time", e.creationTime());
        if (!e.tags().isEmpty()) {
            ArrayNode tags = node.putArray("tags");
            e.tags().forEach(t -> tags.addObject().put("key", t.key()).put("value", t.value()));
        }
        return node;
    }

    static ObjectNode runBody(Run run) {
        ObjectNode body = object();
        body.set("run", run(run));
        return body;
    }

    static ObjectNode run(Run run) {
        ObjectNode node = object();
        node.set("info", runInfo(run.info()));
        ObjectNode data = node.putObject("data");
        if (!run.data().metrics().isEmpty()) {
            ArrayNode metrics = data.putArray("metrics");
            run.data().metrics().forEach(m -> metrics.add(metric(m)));
        }
        if (!run.data().params().isEmpty()) {
            ArrayNode params = data.putArray("params");
            run.data().params().forEach(p -> params.addObject().put("key", p.key()).put("value", p.value()));
        }
        if (!run.data().tags().isEmpty()) {
            ArrayNode tags = data.putArray("tags");
            run.data().tags().forEach(t -> tags.addObject().put("key", t.key()).put("value", t.value()));
        }
        ObjectNode inputs = node.putObject("inputs");
        if (run.inputs() != null && !run.inputs().datasetInputs().isEmpty()) {
            ArrayNode datasets = inputs.putArray("dataset_inputs");
            for (DatasetInput input : run.inputs().datasetInputs()) {
                ObjectNode in = datasets.addObject();
                if (!input.tags().isEmpty()) {
                    ArrayNode tags = in.putArray("tags");
                    input.tags().forEach(t -> tags.addObject().put("key", t.key()).put("value", t.value()));
                }
                Dataset d = input.dataset();
                ObjectNode dataset = in.putObject("dataset");
                dataset.put("name", d.name());
                dataset.put("digest", d.digest());
                putIfSet(dataset, "source_type", d.sourceType());
                putIfSet(dataset, "source", d.source());
                putIfSet(dataset, "schema", d.schema());
                putIfSet(dataset, "profile", d.profile());
            }
        }
        return node;
    }

    static ObjectNode runInfo(RunInfo info) {
        ObjectNode node = object();
        node.put("run_id", info.runId());
        node.put("run_uuid", info.runId());
        putIfSet(node, "run_name", info.runName());
        node.put("experiment_id", info.experimentId());
        putIfSet(node, "user_id", info.userId());
        node.put("status", info.status().name());
        node.put("start_time", info.startTime());
        if (info.endTime() != null) {
            node.put("end_time", info.endTime());
        }
        putIfSet(node, "artifact_uri", info.artifactUri());
        node.put("lifecycle_stage", info.lifecycleStage().name().toLowerCase(java.util.Locale.ROOT));
        return node;
    }

    static ObjectNode metric(Metric m) {
        ObjectNode node = object();
        node.put("key", m.key());
        node.put("value", m.value());
        node.put("timestamp", m.timestamp());
        node.put("step", m.step());
        return node;
    }

}
