package dev.gyre.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The platform's deployments: a registered model served by name, following an alias or fixed at a version, with
 * canary, shadow and rollback. Obtained with {@link GyreClient#deployments()}; immutable and thread-safe.
 *
 * <pre>{@code
 * Deployment d = gyre.deployments().create("titanic", "titanic", "production", null);
 * gyre.deployments().canary("titanic", 4, 10);   // 10 % of the requests to version 4
 * gyre.deployments().promote("titanic");         // version 4 answers everything
 * gyre.deployments().rollback("titanic");        // back to the version before, in one call
 * }</pre>
 *
 * <p>Changes need a role with the deploy permission (ml-engineer, ops, admin). A version is served from the model
 * package its validation wrote: a version never validated is refused (409) with the command that validates it.
 */
public final class DeploymentsClient {

    private final Transport transport;

    DeploymentsClient(Transport transport) {
        this.transport = transport;
    }

    /**
     * Deploys a registered model under {@code name}.
     *
     * @param alias   the alias to follow (the deployment moves when it moves), or {@code null}
     * @param version the fixed version, or {@code null}; exactly one of alias and version
     */
    public Deployment create(String name, String model, String alias, Integer version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", Objects.requireNonNull(name, "name"));
        body.put("model", Objects.requireNonNull(model, "model"));
        if (alias != null) {
            body.put("alias", alias);
        }
        if (version != null) {
            body.put("version", version);
        }
        return transport.sendJson(transport.withJson(transport.request("api/v1/deployments"), "POST", body), true,
                Deployment.class);
    }

    /** Every deployment, by name. */
    public List<Deployment> list() {
        JsonNode answer = transport.sendJson(transport.request("api/v1/deployments").GET(), true, JsonNode.class);
        return transport.convertList(answer.path("deployments"), new TypeReference<List<Deployment>>() { });
    }

    /** One deployment's state. */
    public Deployment get(String name) {
        return transport.sendJson(request(name, "").GET(), true, Deployment.class);
    }

    /** Sends {@code percent} (0 to 100) of the requests to {@code version}. */
    public Deployment canary(String name, int version, int percent) {
        return post(name, "/canary", Map.of("version", version, "percent", percent));
    }

    /** Removes the canary: the primary answers everything. */
    public Deployment clearCanary(String name) {
        return transport.sendJson(request(name, "/canary").DELETE(), true, Deployment.class);
    }

    /** Mirrors every request to {@code version} (answers only logged), or stops mirroring when {@code null}. */
    public Deployment shadow(String name, Integer version) {
        Map<String, Object> body = new HashMap<>();
        body.put("version", version);
        return post(name, "/shadow", body);
    }

    /** Pins callers to one side of the canary split by a request header, or draws at random when {@code null}. */
    public Deployment stickyHeader(String name, String header) {
        Map<String, Object> body = new HashMap<>();
        body.put("header", header);
        return post(name, "/sticky-header", body);
    }

    /** Hot-swaps the primary to {@code version}; the old primary is kept for rollback. */
    public Deployment retarget(String name, int version) {
        return post(name, "/retarget", Map.of("version", version));
    }

    /** Makes the canary the primary; the old primary is kept for rollback. */
    public Deployment promote(String name) {
        return post(name, "/promote-canary", Map.of());
    }

    /** Back to the previous primary in one call, removing any canary. */
    public Deployment rollback(String name) {
        return post(name, "/rollback", Map.of());
    }

    /**
     * Sends the true labels of earlier predictions (delayed ground truth, docs/feedback.md), joined to the logged
     * predictions by request id. Each item is {@code {"request_id": "r-17", "label": "1"}}: a class name (or a number
     * or boolean naming a class) for a classifier, a number for a regression model. At most 10 000 items per call;
     * sending an item again is harmless. Needs the write_data permission.
     *
     * @throws GyreClientException 400 when a label does not fit its prediction (nothing is stored then), 404 for
     *                             an unknown deployment
     */
    public FeedbackResult feedback(String name, List<Map<String, Object>> items) {
        Objects.requireNonNull(items, "items");
        return transport.sendJson(transport.withJson(request(name, "/feedback"), "POST", Map.of("feedback", items)),
                true, FeedbackResult.class);
    }

    /** Sends the true label of one earlier prediction; see {@link #feedback(String, List)}. */
    public FeedbackResult feedback(String name, String requestId, Object label) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("request_id", Objects.requireNonNull(requestId, "requestId"));
        item.put("label", Objects.requireNonNull(label, "label"));
        return feedback(name, List.of(item));
    }

    /**
     * Predicts with the deployment ({@code POST /api/v1/deployments/{name}/predict}), the native protocol: one
     * answer per record, in order, with the version that answered and the request id. Record {@code i} of the
     * request is logged as {@code requestId#i}, the id its delayed feedback names.
     *
     * @param requestId the request's id, or {@code null} to let the platform choose one (returned as
     *                  {@code request_id})
     * @param records   input records, column name to value (numbers, text, booleans, null)
     * @throws GyreClientException 400 naming the field when a record does not fit the model's signature
     */
    public JsonNode predict(String name, String requestId, List<Map<String, Object>> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        body.put("records", Objects.requireNonNull(records, "records"));
        return transport.sendJson(transport.withJson(request(name, "/predict"), "POST", body), true, JsonNode.class);
    }

    /** Deletes the deployment: it stops serving at once. */
    public void delete(String name) {
        HttpResponse<byte[]> response = transport.send(request(name, "").DELETE(), true,
                HttpResponse.BodyHandlers.ofByteArray());
        transport.checkStatus(response);
    }

    private Deployment post(String name, String suffix, Map<String, Object> body) {
        return transport.sendJson(transport.withJson(request(name, suffix), "POST", body), true, Deployment.class);
    }

    private HttpRequest.Builder request(String name, String suffix) {
        return transport.request("api/v1/deployments/" + Transport.segment(Objects.requireNonNull(name, "name"))
                + suffix);
    }
}
