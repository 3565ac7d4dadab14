package dev.gyre.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.client.GyreClient;
import dev.gyre.core.GyreException;
import dev.gyre.pipelines.PipelineSpec;
import dev.gyre.pipelines.PipelineSpecParser;
import dev.gyre.pipelines.StepSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline spec on the command line: read and checked here (so that errors name the lines of the user's own file,
 * not of the resolved text the platform receives), its file references resolved, and {@code --set} overrides parsed.
 */
final class PipelineSpecs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A spec read from a file.
     *
     * @param file    where it was read
     * @param text    its text as written
     * @param spec    what it says
     * @param stepIds its steps' ids, in order
     */
    record Local(Path file, String text, PipelineSpec spec, List<String> stepIds) {
    }

    private PipelineSpecs() {
    }

    /** Reads and checks the spec at {@code file}; a mistake is a {@link CliException} naming the file and line. */
    static Local load(Path file) {
        String text = DataValidateCommands.read(file, "pipeline spec");
        PipelineSpec spec;
        try {
            spec = new PipelineSpecParser().parse(text);
        } catch (GyreException e) {
            throw new CliException(file + ": " + e.getMessage(), e);
        }
        return new Local(file, text, spec, spec.steps().stream().map(StepSpec::id).toList());
    }

    /**
     * Resolves the spec's file references against its folder (uploading data files to the project), telling on
     * {@code err} what was uploaded and inlined; returns the text to send.
     */
    static String resolve(Local local, GyreClient client, String project, PrintStream err) {
        Path dir = local.file().toAbsolutePath().getParent();
        PipelineSpecFiles.Resolved resolved = PipelineSpecFiles.resolve(local.text(),
                PipelineSpecFiles.Source.directory(dir), client.data(), project);
        if (!resolved.uploaded().isEmpty()) {
            err.println("Uploaded " + String.join(", ", resolved.uploaded()) + " (as blobs of " + project + ").");
        }
        if (!resolved.inlined().isEmpty()) {
            err.println("Inlined " + String.join(", ", resolved.inlined()) + ".");
        }
        return resolved.json();
    }

    /**
     * Parses {@code --set STEP.PARAM=VALUE} options into overrides by step. VALUE is read as YAML: {@code 24} is a
     * number, {@code true} a boolean, {@code null} nothing, {@code [a, b]} a list, {@code '24'} a text; anything
     * else is the text as written.
     *
     * @param stepIds the spec's step ids when known (a step not among them is refused); empty when not known
     */
    static Map<String, Map<String, Object>> overrides(List<String> sets, List<String> stepIds) {
        Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            int dot = eq < 0 ? -1 : set.substring(0, eq).indexOf('.');
            if (eq < 0 || dot <= 0 || dot == eq - 1) {
                throw new CliException("--set '" + set + "' is not STEP.PARAM=VALUE; write e.g. --set"
                        + " train.max_trials=24.");
            }
            String step = set.substring(0, dot);
            String param = set.substring(dot + 1, eq);
            if (!stepIds.isEmpty() && !stepIds.contains(step)) {
                throw new CliException("--set '" + set + "': the pipeline has no step '" + step + "'; its steps are "
                        + String.join(", ", stepIds) + ".");
            }
            overrides.computeIfAbsent(step, s -> new LinkedHashMap<>()).put(param, scalar(set.substring(eq + 1)));
        }
        return overrides;
    }

    /** A {@code --set} value read as YAML: a scalar, or a flow list or map; otherwise the text itself. */
    static Object scalar(String value) {
        if (value.isEmpty()) {
            return "";
        }
        JsonNode node;
        try {
            node = YAML.readTree(value);
        } catch (JsonProcessingException e) {
            return value;
        }
        if (node == null || node.isMissingNode()) {
            return value;
        }
        boolean flow = value.startsWith("[") || value.startsWith("{");
        if (node.isContainerNode() && !flow) {
            return value;
        }
        return JSON.convertValue(node, Object.class);
    }

    /**
     * The step ids, in order, of the spec a stored pipeline carries in its {@code spec} field (text or object), or
     * of a run's effective {@code params} (one entry per step, in the spec's order); empty when neither is there.
     */
    static List<String> stepOrder(JsonNode carrier) {
        JsonNode spec = carrier.path("spec");
        if (spec.isMissingNode() && carrier.path("params").isObject()
                && carrier.path("params").size() == carrier.path("steps_total").asInt(-1)) {
            List<String> ids = new ArrayList<>();
            carrier.path("params").fieldNames().forEachRemaining(ids::add);
            return ids;
        }
        try {
            if (spec.isTextual()) {
                spec = YAML.readTree(spec.asText());
            }
        } catch (JsonProcessingException e) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (spec != null) {
            for (JsonNode step : spec.path("steps")) {
                String id = step.path("id").asText(step.path("kind").asText());
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
