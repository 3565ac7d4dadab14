package dev.gyre.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lifecycle pipelines of a project: runs started from a spec, followed, approved, rejected and resumed, and stored
 * pipelines with their triggers (a cron schedule, monitoring alerts). Obtained with {@link GyreClient#pipelines()};
 * immutable and thread-safe. Answers are the platform's JSON documents (docs/pipelines.md describes their fields).
 *
 * <pre>{@code
 * JsonNode run = gyre.pipelines().start("titanic", Files.readString(spec), Map.of());
 * run = gyre.pipelines().await("titanic", run.path("id").asText(), Duration.ofSeconds(1), r -> {});
 * run.path("status").asText();     // succeeded, waiting, failed, failed_checkpoint, exhausted, rejected, interrupted
 * }</pre>
 */
public final class PipelinesClient {
    private final Transport transport;

    PipelinesClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Starts a run of a pipeline spec ({@code POST /api/v1/projects/{project}/pipeline-runs}); the run goes on on
     * the platform, this answers at once with the run (status {@code running}).
     *
     * @param specYaml  the pipeline spec, YAML or JSON, with its file references already resolved
     * @param overrides parameter values replacing the spec's, by step id; may be empty
     */
    public JsonNode start(String project, String specYaml, Map<String, Map<String, Object>> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", Objects.requireNonNull(specYaml, "specYaml"));
        body.put("overrides", overrides == null ? Map.of() : overrides);
        return send(runs(project, ""), "POST", body);
    }

    /** The project's runs, newest first, without their steps and events. */
    public List<JsonNode> list(String project) {
        JsonNode answer = transport.sendJson(transport.request(runs(project, "")).GET(), true, JsonNode.class);
        return iterate(answer.path("runs"));
    }

    /** One run with its step runs and events. */
    public JsonNode get(String project, String runId) {
        return transport.sendJson(transport.request(runs(project, "/" + enc(runId))).GET(), true, JsonNode.class);
    }

    /** Approves the checkpoint the run waits for, as the calling user in the role it names; the run continues. */
    public JsonNode approve(String project, String runId, String comment) {
        return send(runs(project, "/" + enc(runId) + "/approve"), "POST", comment == null ? null : comment(comment));
    }

    /** Rejects the checkpoint the run waits for; the run ends {@code rejected}. */
    public JsonNode reject(String project, String runId, String comment) {
        return send(runs(project, "/" + enc(runId) + "/reject"), "POST", comment(comment));
    }

    /** Resumes a failed or interrupted run at the step where it stopped. */
    public JsonNode resume(String project, String runId) {
        return send(runs(project, "/" + enc(runId) + "/resume"), "POST", Map.of());
    }

    /**
     * Stores a pipeline of the project with its triggers ({@code PUT /api/v1/projects/{project}/pipelines/{name}}).
     *
     * @param schedule a cron expression (five fields, UTC), or null for none
     * @param onAlert  the deployments whose retraining alerts start the pipeline; may be empty
     */
    public JsonNode put(String project, String name, String specYaml, String schedule, List<String> onAlert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", Objects.requireNonNull(specYaml, "specYaml"));
        body.put("schedule", schedule);
        body.put("on_alert", onAlert == null ? List.of() : onAlert);
        return send(pipelines(project, "/" + enc(name)), "PUT", body);
    }

    /** The project's stored pipelines. */
    public List<JsonNode> listPipelines(String project) {
        JsonNode answer = transport.sendJson(transport.request(pipelines(project, "")).GET(), true, JsonNode.class);
        return iterate(answer.path("pipelines"));
    }

    /** Starts a run of a stored pipeline. */
    public JsonNode run(String project, String name, Map<String, Map<String, Object>> overrides) {
        return send(pipelines(project, "/" + enc(name) + "/runs"), "POST",
                overrides == null || overrides.isEmpty() ? null : Map.of("overrides", overrides));
    }

    /** Deletes a stored pipeline (its runs stay). */
    public void delete(String project, String name) {
        java.net.http.HttpResponse<byte[]> response = transport.send(transport.request(pipelines(project, "/"
                + enc(name))).DELETE(), true, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        transport.checkStatus(response);
    }

    /**
     * Polls a run until it is no longer {@code running}, calling {@code onUpdate} with every poll's answer.
     *
     * @return the run as it stands when it ended or started waiting for an approval
     */
    public JsonNode await(String project, String runId, Duration pollInterval, Consumer<JsonNode> onUpdate) {
        while (true) {
            JsonNode run = get(project, runId);
            onUpdate.accept(run);
            if (!"running".equals(run.path("status").asText())) {
                return run;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GyreClientException("Interrupted while waiting for pipeline run '" + runId + "'; it goes on"
                        + " on the platform: follow it with `gyre pipeline show " + runId + "`.", e);
            }
        }
    }

    /** Sends {@code body} as JSON, or no body at all when it is null (nothing to say: the platform's defaults). */
    private JsonNode send(String path, String method, Object body) {
        HttpRequest.Builder request = body == null
                ? transport.request(path).method(method, HttpRequest.BodyPublishers.noBody())
                : transport.withJson(transport.request(path), method, body);
        return transport.sendJson(request, true, JsonNode.class);
    }

    private static Map<String, Object> comment(String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("comment", comment);
        return body;
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String runs(String project, String rest) {
        return "api/v1/projects/" + enc(project) + "/pipeline-runs" + rest;
    }

    private static String pipelines(String project, String rest) {
        return "api/v1/projects/" + enc(project) + "/pipelines" + rest;
    }

    private static String enc(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
