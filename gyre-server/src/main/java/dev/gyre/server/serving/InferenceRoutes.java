package dev.gyre.server.serving;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.ErrorCode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.table.ColumnType;
import dev.gyre.server.http.ApiHandler;
import dev.gyre.server.http.RequestIds;
import dev.gyre.server.http.Route;
import dev.gyre.server.serving.ServingErrors.Protocol;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentResult;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.pkg.Signature;
import dev.gyre.serving.protocol.CodecLimits;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.serving.protocol.KServeV1Codec;
import dev.gyre.serving.protocol.MlflowScoringCodec;
import dev.gyre.serving.protocol.NativeCodec;
import dev.gyre.serving.protocol.OipV2Codec;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the four inference protocols over a {@link ServingEngine}, for the platform's route table and for
 * the {@link StandaloneServer}:
 * <ul>
 *   <li>Open Inference Protocol v2: {@code /v2/health/live}, {@code /v2/health/ready}, {@code /v2},
 *       {@code /v2/models/{name}[/versions/{v}]}, {@code …/ready}, {@code …/infer};</li>
 *   <li>KServe V1: {@code GET /v1/models/{name}}, {@code POST /v1/models/{name}:predict} and {@code :explain};</li>
 *   <li>MLflow scoring: {@code POST /invocations}, {@code GET /ping}, {@code /health}, {@code /version};</li>
 *   <li>native: {@code POST /api/v1/deployments/{name}/predict}.</li>
 * </ul>
 * A model name in a protocol is a deployment name. Every error is answered in the protocol's own shape (see
 * {@link ServingErrors}): 400 for a bad request, 404 for an unknown deployment or version, 413 for a body past
 * the limit, 503 while not ready, 500 only for a failure of the model itself. Health routes are public; the others
 * take the permission the caller gives.
 */
public final class InferenceRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAG = "inference";
    /** Header naming the deployment of {@code /invocations} when several exist. */
    public static final String DEPLOYMENT_HEADER = "X-Gyre-Deployment";

    private final ServingEngine engine;
    private final CodecLimits limits;
    private final String serverVersion;
    private final BooleanSupplier ready;
    private final OipV2Codec oip;
    private final KServeV1Codec kserve;
    private final MlflowScoringCodec mlflow;
    private final NativeCodec nativeCodec;

    /**
     * @param limits        the limits of request bodies
     * @param serverVersion the version reported by {@code GET /v2} and {@code GET /version}
     * @param ready         whether the server is ready to answer (the platform's stores, the standalone server's
     *                      model); inference answers 503 while it is false
     */
    public InferenceRoutes(ServingEngine engine, CodecLimits limits, String serverVersion, BooleanSupplier ready) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.serverVersion = Objects.requireNonNull(serverVersion, "serverVersion");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.oip = new OipV2Codec(limits);
        this.kserve = new KServeV1Codec(limits);
        this.mlflow = new MlflowScoringCodec(limits);
        this.nativeCodec = new NativeCodec(limits);
    }

    /** The routes; health routes are public, the others need {@code permission}. */
    public List<Route> routes(Permission permission) {
        List<Route> r = new ArrayList<>();
        Permission open = Permission.PUBLIC;
        // Open Inference Protocol v2
        r.add(route(GET, "/v2/health/live", open, "Open Inference Protocol: the server is live", this::oipLive));
        r.add(route(GET, "/v2/health/ready", open, "Open Inference Protocol: the server is ready (503 otherwise)",
                this::oipReady));
        r.add(route(GET, "/v2", permission, "Open Inference Protocol: server metadata", this::oipServer));
        String model = "/v2/models/{name}";
        String version = model + "/versions/{version}";
        for (String path : List.of(model, version)) {
            r.add(route(GET, path, permission, "Open Inference Protocol: model metadata (a deployment: its served"
                    + " versions, inputs and outputs with datatypes)", this::oipMetadata));
            r.add(route(GET, path + "/ready", permission, "Open Inference Protocol: the model is ready",
                    this::oipModelReady));
            r.add(route(POST, path + "/infer", permission, "Open Inference Protocol: inference", this::oipInfer));
        }
        // KServe V1
        r.add(route(GET, "/v1/models/{name}", permission, "KServe V1: model status {name, ready}",
                this::kserveStatus));
        r.add(route(POST, "/v1/models/{name}", permission, "KServe V1: {name}:predict, or {name}:explain with"
                + " per-feature contributions", this::kserveCall));
        // MLflow scoring
        r.add(route(POST, "/invocations", permission, "MLflow scoring: predict (JSON or text/csv); the deployment"
                + " from header X-Gyre-Deployment, ?deployment=, or the only one", List.of("deployment"),
                this::mlflowInvocations));
        r.add(route(GET, "/ping", open, "MLflow scoring: liveness", this::mlflowPing));
        r.add(route(GET, "/health", open, "MLflow scoring: liveness", this::mlflowPing));
        r.add(route(GET, "/version", permission, "MLflow scoring: the server version", this::mlflowVersion));
        // native
        r.add(route(POST, "/api/v1/deployments/{name}/predict", permission, "Predict with a deployment {records,"
                + " request_id?, parameters?}: predictions, probabilities, model version, request id, outlier flag",
                this::nativePredict));
        return List.copyOf(r);
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary,
                               ApiHandler handler) {
        return route(method, path, permission, summary, List.of(), handler);
    }

    private static Route route(HandlerType method, String path, Permission permission, String summary,
                               List<String> params, ApiHandler handler) {
        return new Route(method, path, permission, false, summary, TAG, params, handler);
    }

    // ------------------------------------------------------------------ Open Inference Protocol v2

    private void oipLive(Context ctx, Object principal) {
        json(ctx, 200, JSON.createObjectNode().put("live", true));
    }

    private void oipReady(Context ctx, Object principal) {
        boolean isReady = ready.getAsBoolean();
        json(ctx, isReady ? 200 : 503, JSON.createObjectNode().put("ready", isReady));
    }

    private void oipServer(Context ctx, Object principal) {
        ObjectNode out = JSON.createObjectNode().put("name", "gyre").put("version", serverVersion);
        out.putArray("extensions");
        json(ctx, 200, out);
    }

    private void oipMetadata(Context ctx, Object principal) {
        guard(ctx, Protocol.OIP_V2, () -> {
            String name = ctx.pathParam("name");
            int version = version(ctx, name);
            GyreModel model = engine.model(name, version);
            PackageMetadata meta = model.modelPackage().metadata();
            ObjectNode out = JSON.createObjectNode().put("name", name);
            ArrayNode versions = out.putArray("versions");
            engine.servedVersions(name).forEach(v -> versions.add(Integer.toString(v)));
            out.put("platform", "gyre_" + meta.algorithm());
            ArrayNode inputs = out.putArray("inputs");
            for (Signature.Input in : model.signature().inputs()) {
                ObjectNode t = inputs.addObject().put("name", in.name()).put("datatype", datatype(in.type()));
                t.putArray("shape").add(-1).add(1);
                t.putObject("parameters").put("type", in.type().wireName()).put("required", in.required());
            }
            ArrayNode outputs = out.putArray("outputs");
            List<String> classes = meta.classes();
            switch (meta.task()) {
                case CLASSIFICATION -> {
                    tensorMeta(outputs, "predicted_class", "BYTES", -1);
                    tensorMeta(outputs, "probabilities", "FP64", -1, classes.size());
                    tensorMeta(outputs, "classes", "BYTES", classes.size());
                }
                case CLUSTERING -> tensorMeta(outputs, "predicted_class", "BYTES", -1);
                case REGRESSION -> tensorMeta(outputs, "prediction", "FP64", -1);
                default -> throw new IllegalStateException(meta.task().name());
            }
            json(ctx, 200, out);
        });
    }

    private static void tensorMeta(ArrayNode outputs, String name, String datatype, int... shape) {
        ObjectNode t = outputs.addObject().put("name", name).put("datatype", datatype);
        ArrayNode s = t.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
    }

    private static String datatype(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "FP64";
            case BOOLEAN -> "BOOL";
            default -> "BYTES";
        };
    }

    private void oipModelReady(Context ctx, Object principal) {
        guard(ctx, Protocol.OIP_V2, () -> {
            String name = ctx.pathParam("name");
            version(ctx, name);
            boolean isReady = ready.getAsBoolean();
            json(ctx, isReady ? 200 : 503, JSON.createObjectNode().put("name", name).put("ready", isReady));
        });
    }

    private void oipInfer(Context ctx, Object principal) {
        String name = ctx.pathParam("name");
        serve(ctx, Protocol.OIP_V2, name, () -> {
            Integer version = ctx.pathParamMap().containsKey("version") ? version(ctx, name) : null;
            InferenceRequest request = oip.decode(body(ctx), columns(name));
            DeploymentResult result = version == null
                    ? engine.predict(name, logged(ctx, request), sticky(ctx, name))
                    : engine.predictVersion(name, version, logged(ctx, request));
            return new Answer(result, oip.encode(result.response(), name, Integer.toString(result.version()),
                    request.id().orElse(null)));
        });
    }

    /** The version in the path, which the deployment must serve now; else the primary. */
    private int version(Context ctx, String name) {
        int primary = engine.deployments().get(name).primaryVersion();
        if (!ctx.pathParamMap().containsKey("version")) {
            return primary;
        }
        String raw = ctx.pathParam("version");
        int version;
        try {
            version = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new GyreException.NotFound("model '" + name + "' has no version '" + raw + "'; it serves "
                    + engine.servedVersions(name) + " (versions are whole numbers).");
        }
        if (!engine.servedVersions(name).contains(version)) {
            throw new GyreException.NotFound("model '" + name + "' does not serve version " + version + " now; it"
                    + " serves " + engine.servedVersions(name) + ". Leave the version out to be answered by the"
                    + " deployment's traffic rule.");
        }
        return version;
    }

    // ------------------------------------------------------------------ KServe V1

    private void kserveStatus(Context ctx, Object principal) {
        guard(ctx, Protocol.KSERVE_V1, () -> {
            String name = ctx.pathParam("name");
            deployment(name);
            json(ctx, 200, JSON.createObjectNode().put("name", name).put("ready", ready.getAsBoolean()));
        });
    }

    private void kserveCall(Context ctx, Object principal) {
        String call = ctx.pathParam("name"); // NAME:predict or NAME:explain
        int colon = call.lastIndexOf(':');
        String verb = colon < 0 ? "" : call.substring(colon + 1);
        String name = colon < 0 ? call : call.substring(0, colon);
        serve(ctx, Protocol.KSERVE_V1, name, () -> {
            if (!verb.equals("predict") && !verb.equals("explain")) {
                throw new GyreException.NotFound("POST /v1/models/" + call + " is not a KServe V1 call; use"
                        + " /v1/models/" + (name.isEmpty() ? "NAME" : name) + ":predict or :explain.");
            }
            InferenceRequest request = kserve.decode(body(ctx), columns(name));
            if (verb.equals("predict")) {
                DeploymentResult result = engine.predict(name, logged(ctx, request), sticky(ctx, name));
                return new Answer(result, kserve.encode(result.response()));
            }
            ServingEngine.Explained explained;
            try {
                explained = engine.explain(name, logged(ctx, request), sticky(ctx, name));
            } catch (UnsupportedOperationException e) {
                throw new NotImplemented(e.getMessage());
            }
            return new Answer(explained.result(), kserve.encodeExplain(explained.result().response(),
                    explained.explanations()));
        });
    }

    // ------------------------------------------------------------------ MLflow scoring

    private void mlflowPing(Context ctx, Object principal) {
        ctx.status(200).contentType("application/json").result("{}");
    }

    private void mlflowVersion(Context ctx, Object principal) {
        ctx.status(200).contentType("text/plain").result(serverVersion);
    }

    private void mlflowInvocations(Context ctx, Object principal) {
        String chosen = ctx.header(DEPLOYMENT_HEADER);
        if (chosen == null || chosen.isBlank()) {
            chosen = ctx.queryParam("deployment");
        }
        String name = chosen;
        serve(ctx, Protocol.MLFLOW, name == null ? ServingMetrics.UNKNOWN_DEPLOYMENT : name, () -> {
            String deployment = name;
            if (deployment == null || deployment.isBlank()) {
                List<Deployment> all = engine.deployments().list();
                if (all.size() != 1) {
                    throw new GyreException.InvalidArgument(all.isEmpty()
                            ? "No deployment is serving; create one before calling /invocations."
                            : "Several deployments are serving " + all.stream().map(Deployment::name).toList()
                            + "; name one with the header " + DEPLOYMENT_HEADER + ": NAME or ?deployment=NAME.");
                }
                deployment = all.get(0).name();
            }
            String contentType = ctx.header("Content-Type");
            if (contentType == null || contentType.isBlank()) {
                throw new GyreException.InvalidArgument("Send a Content-Type: application/json (dataframe_split,"
                        + " dataframe_records, instances or inputs) or text/csv with a header row.");
            }
            InferenceRequest request = mlflow.decode(body(ctx), contentType, columns(deployment));
            DeploymentResult result = engine.predict(deployment, logged(ctx, request), sticky(ctx, deployment));
            return new Answer(result, mlflow.encode(result.response()));
        });
    }

    // ------------------------------------------------------------------ native

    private void nativePredict(Context ctx, Object principal) {
        String name = ctx.pathParam("name");
        serve(ctx, Protocol.NATIVE, name, () -> {
            InferenceRequest decoded = nativeCodec.decode(body(ctx));
            String requestId = decoded.id().orElse(RequestIds.of(ctx));
            InferenceRequest request = new InferenceRequest(decoded.records(), Optional.of(requestId),
                    decoded.parameters());
            ServingEngine.Checked checked = engine.predictChecked(name, request, sticky(ctx, name));
            DeploymentResult result = checked.result();
            ObjectNode out = nativeCodec.encodeNode(result.response(), Integer.toString(result.version()), requestId);
            annotate((ArrayNode) out.get("predictions"), checked.outliers());
            return new Answer(result, JSON.writeValueAsBytes(out));
        });
    }

    // ------------------------------------------------------------------ shared

    /** The answer of a prediction route. */
    private record Answer(DeploymentResult result, byte[] body) {
    }

    @FunctionalInterface
    private interface Work {
        Answer run() throws Exception;
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** 501: the model cannot do what was asked (explain without exact contributions). */
    private static final class NotImplemented extends RuntimeException {
        NotImplemented(String message) {
            super(message);
        }
    }

    /** Runs a prediction route: readiness, body limits, metrics, and the protocol's error shape. */
    private void serve(Context ctx, Protocol protocol, String deployment, Work work) {
        String tag = known(deployment);
        long started = System.nanoTime();
        engine.metrics().start(tag);
        String version = ServingMetrics.NO_VERSION;
        int records = 0;
        int status;
        try {
            if (!ready.getAsBoolean()) {
                throw new GyreException.NotReady("The server is still loading its model; try again in a moment.");
            }
            Answer answer = work.run();
            version = Integer.toString(answer.result().version());
            records = answer.result().predictions().size();
            status = 200;
            ctx.status(status).contentType("application/json").result(answer.body());
        } catch (Throwable e) {
            status = fail(ctx, protocol, e);
        }
        engine.metrics().finish(tag, version, protocol.tag(), status, records, System.nanoTime() - started);
    }

    /** Runs a metadata route with the protocol's error shape. */
    private void guard(Context ctx, Protocol protocol, Action action) {
        try {
            action.run();
        } catch (Throwable e) {
            fail(ctx, protocol, e);
        }
    }

    private int fail(Context ctx, Protocol protocol, Throwable e) {
        ErrorCode code;
        String message;
        int status;
        if (e instanceof GyreException g) {
            code = g.code();
            status = code.httpStatus();
            message = g.getMessage();
            if (status >= 500) {
                LOG.error("Inference {} {} failed [request_id={}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
                message = internal(ctx, message);
            }
        } else if (e instanceof NotImplemented) {
            code = ErrorCode.INTERNAL_ERROR;
            status = 501;
            message = e.getMessage();
        } else {
            LOG.error("Inference {} {} failed [request_id={}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
            code = ErrorCode.INTERNAL_ERROR;
            status = 500;
            message = internal(ctx, null);
        }
        ctx.status(status).contentType("application/json")
                .result(ServingErrors.body(protocol, code, message, RequestIds.of(ctx)));
        return status;
    }

    private static String internal(Context ctx, String message) {
        return "Inference failed" + (message == null ? "" : ": " + message) + ". The server log has the details under"
                + " request id " + RequestIds.of(ctx) + ".";
    }

    /** The deployment name as a meter tag: itself when it exists, else {@link ServingMetrics#UNKNOWN_DEPLOYMENT}. */
    private String known(String deployment) {
        if (deployment == null) {
            return ServingMetrics.UNKNOWN_DEPLOYMENT;
        }
        try {
            engine.deployments().get(deployment);
            return deployment;
        } catch (GyreException.NotFound e) {
            return ServingMetrics.UNKNOWN_DEPLOYMENT;
        }
    }

    private Deployment deployment(String name) {
        try {
            return engine.deployments().get(name);
        } catch (GyreException.NotFound e) {
            List<String> names = engine.deployments().list().stream().map(Deployment::name).toList();
            throw new GyreException.NotFound("No model (deployment) named '" + name + "'; this server serves "
                    + names + ".");
        }
    }

    /** The input columns of the deployment's primary model, in signature order (names a 2-D tensor's columns). */
    private List<String> columns(String name) {
        Deployment d = deployment(name);
        return engine.model(name, d.primaryVersion()).signature().inputs().stream().map(Signature.Input::name)
                .toList();
    }

    /** The caller's value of the deployment's sticky header, or {@code null}. */
    private String sticky(Context ctx, String name) {
        return deployment(name).stickyKey().map(ctx::header).orElse(null);
    }

    /** The request with an id for the prediction log: its own, else the HTTP request id. */
    private static InferenceRequest logged(Context ctx, InferenceRequest request) {
        if (request.id().isPresent()) {
            return request;
        }
        return new InferenceRequest(request.records(), Optional.of(RequestIds.of(ctx)), request.parameters());
    }

    /** Reads the body, refusing more than the limit whatever Content-Length says. */
    private byte[] body(Context ctx) throws IOException {
        long max = limits.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), max));
        byte[] buffer = new byte[8192];
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (out.size() + (long) n > max) {
                    throw tooLarge(max);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static GyreException tooLarge(long max) {
        return new GyreException.TooLarge("The request body is larger than " + max + " bytes; send fewer records"
                + " per request.");
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /**
     * The native API's outlier flag: when the version's package holds a monitoring reference, each prediction gets
     * {@code outlier} (the reference detector's flag) and {@code outlier_score}, the checks the prediction log
     * records; without one (or when the check failed) nothing is added.
     */
    private static void annotate(ArrayNode predictions, List<Optional<ServingEngine.OutlierScore>> checks) {
        for (int i = 0; i < checks.size(); i++) {
            Optional<ServingEngine.OutlierScore> check = checks.get(i);
            if (check.isEmpty()) {
                continue;
            }
            ObjectNode item = (ObjectNode) predictions.get(i);
            item.put("outlier", check.get().outlier());
            if (Double.isFinite(check.get().score())) {
                item.put("outlier_score", check.get().score());
            }
        }
    }
}
