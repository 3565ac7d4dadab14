package dev.gyre.server.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.ErrorCode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.server.http.RequestIds;
import dev.gyre.server.http.Route;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.serving.log.PredictionLog;
import dev.gyre.serving.log.SegmentShipper;
import dev.gyre.serving.log.SegmentSink;
import dev.gyre.server.monitoring.MonitoringService;
import dev.gyre.server.monitoring.WindowSink;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.protocol.CodecLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A light server for one deployment, without a database: the four inference protocols of {@link InferenceRoutes},
 * {@code /healthz}, {@code /readyz} and {@code /metrics}. The model comes from a package file or from a
 * {@link ModelLoader} (a registry-backed one follows an alias, re-resolved periodically and hot-swapped). Served
 * predictions go to a prediction log in a local folder; with a {@link SegmentSink} its complete segments are
 * shipped periodically. With a token every route but the health probes needs {@code Authorization: Bearer}.
 */
public final class StandaloneServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to serve.
     *
     * @param host            the address to listen on; {@code 127.0.0.1} unless the caller chooses otherwise
     * @param port            the port, 0 for any free one
     * @param token           the bearer token every route but health needs, or {@code null} for none
     * @param logDirectory    where the prediction log is kept, or {@code null} for no log
     * @param sampleRate      the share of requests logged, in [0, 1]
     * @param sink            where complete log segments are shipped, or {@code null}
     * @param shipInterval    how often segments are shipped
     * @param refreshInterval how often an alias is re-resolved
     * @param limits          request body limits
     * @param version         the version reported by {@code /version} and {@code GET /v2}
     * @param batching        how single-record requests are batched
     * @param profiles        where the traffic's window profiles are shipped (every {@code shipInterval}), or
     *                        {@code null}; needs the log (they are built from the records it keeps)
     * @param monitoringWindow the window length of those profiles (the platform's {@code monitoring_window})
     */
    public record Options(String host, int port, String token, Path logDirectory, double sampleRate,
                          SegmentSink sink, Duration shipInterval, Duration refreshInterval, CodecLimits limits,
                          String version, AdaptiveBatcher.Settings batching, WindowSink profiles,
                          Duration monitoringWindow) {
        /** Options batching as {@link AdaptiveBatcher.Settings#defaults()} (AUTO) does. */
        public Options(String host, int port, String token, Path logDirectory, double sampleRate,
                       SegmentSink sink, Duration shipInterval, Duration refreshInterval, CodecLimits limits,
                       String version) {
            this(host, port, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval, limits, version,
                    AdaptiveBatcher.Settings.defaults(), null, Duration.ofMinutes(5));
        }

        public Options {
            Objects.requireNonNull(batching, "batching");
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new GyreException.InvalidArgument("port " + port + " is not a port; use 1-65535, or 0 for"
                        + " any free port.");
            }
            if (token != null && token.isBlank()) {
                throw new GyreException.InvalidArgument("the token is empty; put the token in the file, or leave"
                        + " the token out to serve without one.");
            }
            if (!(sampleRate >= 0 && sampleRate <= 1)) {
                throw new GyreException.InvalidArgument("sample rate " + sampleRate + " is not in [0, 1]; 1 logs"
                        + " every request, 0.1 one in ten.");
            }
            Objects.requireNonNull(shipInterval, "shipInterval");
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(monitoringWindow, "monitoringWindow");
        }

        /**
         * Loopback, port 8000, no token, no log, every request sampled, ship each minute, refresh every 10 s,
         * batching AUTO.
         */
        public static Options defaults() {
            return new Options("127.0.0.1", 8000, null, null, 1.0, null, Duration.ofMinutes(1),
                    Duration.ofSeconds(10), CodecLimits.defaults(), "dev");
        }

        public Options withHost(String value) {
            return new Options(value, port, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, version, batching, profiles, monitoringWindow);
        }

        public Options withPort(int value) {
            return new Options(host, value, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, version, batching, profiles, monitoringWindow);
        }

        public Options withToken(String value) {
            return new Options(host, port, value, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, version, batching, profiles, monitoringWindow);
        }

        public Options withLog(Path directory, double rate) {
            return new Options(host, port, token, directory, rate, sink, shipInterval, refreshInterval, limits,
                    version, batching, profiles, monitoringWindow);
        }

        public Options withSink(SegmentSink value, Duration every) {
            return new Options(host, port, token, logDirectory, sampleRate, value, every, refreshInterval, limits,
                    version, batching, profiles, monitoringWindow);
        }

        public Options withRefreshInterval(Duration value) {
            return new Options(host, port, token, logDirectory, sampleRate, sink, shipInterval, value, limits,
                    version, batching, profiles, monitoringWindow);
        }

        public Options withBatching(AdaptiveBatcher.Settings value) {
            return new Options(host, port, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, version, value, profiles, monitoringWindow);
        }

        /** Ships the traffic's window profiles of {@code window} length to {@code value} (needs the log). */
        public Options withProfiles(WindowSink value, Duration window) {
            return new Options(host, port, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, version, batching, value, window);
        }

        public Options withVersion(String value) {
            return new Options(host, port, token, logDirectory, sampleRate, sink, shipInterval, refreshInterval,
                    limits, value, batching, profiles, monitoringWindow);
        }
    }

    private final Options options;
    private final ServingEngine engine;
    private final Javalin app;
    private final String deployment;
    private final ScheduledExecutorService timer;
    private final SegmentShipper shipper;
    private final MonitoringService monitoring;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneServer(Options options, ServingEngine engine, Javalin app, String deployment,
                             ScheduledExecutorService timer, SegmentShipper shipper, MonitoringService monitoring) {
        this.monitoring = monitoring;
        this.options = options;
        this.engine = engine;
        this.app = app;
        this.deployment = deployment;
        this.timer = timer;
        this.shipper = shipper;
    }

    /**
     * Serves a package file under a deployment name ({@code null}: the package's model name).
     *
     * @throws GyreException when the package cannot be read or the port is taken; nothing is left running then
     */
    public static StandaloneServer start(Path packageFile, String name, Options options) {
        CompletableFuture<GyreModel> model = CompletableFuture.supplyAsync(() -> GyreModel.load(packageFile));
        return start(name, options, () -> {
            GyreModel loaded = join(model);
            PackageMetadata meta = loaded.modelPackage().metadata();
            int version;
            try {
                version = Integer.parseInt(meta.version());
            } catch (NumberFormatException e) {
                throw new GyreException.InvalidArgument("The package's version '" + meta.version() + "' is not a"
                        + " number; a package written by the platform names its registered version.");
            }
            ModelLoader loader = (m, v) -> {
                if (m.equals(meta.modelName()) && v == version) {
                    return loaded;
                }
                throw new GyreException.NotFound("this server holds only " + meta.modelName() + "/" + version);
            };
            return new Source(loader, DeploymentTarget.version(meta.modelName(), version));
        });
    }

    /**
     * Serves a target (a fixed version, or an alias followed over time) loaded by the caller's loader.
     *
     * @param name the deployment name ({@code null}: the target's model name)
     */
    public static StandaloneServer start(ModelLoader loader, DeploymentTarget target, String name, Options options) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(target, "target");
        return start(name, options, () -> new Source(loader, target));
    }

    private record Source(ModelLoader loader, DeploymentTarget target) {
    }

    private interface SourceSupplier {
        Source get();
    }

    private static StandaloneServer start(String name, Options options, SourceSupplier source) {
        PredictionLog log = null;
        ServingEngine engine = null;
        Javalin app = null;
        ScheduledExecutorService timer = null;
        try {
            if (options.logDirectory() != null) {
                log = new PredictionLog(PredictionLog.Options.defaults(options.logDirectory())
                        .withSampleRate(options.sampleRate()));
            }
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            engine = new ServingEngine(log, meters, Clock.systemUTC(), options.batching());
            ServingEngine served = engine;
            AtomicBoolean ready = new AtomicBoolean();
            // the model loads while the HTTP server starts
            CompletableFuture<Deployment> deployed = CompletableFuture.supplyAsync(() -> {
                Source s = source.get();
                String deploymentName = name == null || name.isBlank() ? s.target().model() : name;
                Deployment d = served.deployments().deploy(deploymentName, s.target(), s.loader());
                ready.set(true);
                return d;
            });
            InferenceRoutes inference = new InferenceRoutes(engine, options.limits(), options.version(), ready::get);
            app = build(options, inference.routes(Permission.READ), meters, ready);
            app.start();
            Deployment deployment = join(deployed);
            SegmentShipper shipper = log != null && options.sink() != null ? new SegmentShipper(log, options.sink())
                    : null;
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gyre-serve-timer");
                t.setDaemon(true);
                return t;
            });
            MonitoringService monitoring = null;
            if (log != null && options.profiles() != null) {
                String deploymentName = deployment.name();
                monitoring = MonitoringService.shipping(options.profiles(), "serve-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8), new MonitoringService.Settings(
                        options.monitoringWindow(), 1), Clock.systemUTC(), (model, version) -> served.deployments()
                        .model(deploymentName, Integer.parseInt(version))
                        .flatMap(m -> m.modelPackage().reference().map(r -> r.profile())));
                log.addListener(monitoring);
            }
            StandaloneServer server = new StandaloneServer(options, engine, app, deployment.name(), timer, shipper,
                    monitoring);
            if (monitoring != null) {
                long every = options.shipInterval().toMillis();
                timer.scheduleWithFixedDelay(server::shipProfilesQuietly, every, every, TimeUnit.MILLISECONDS);
            }
            if (shipper != null) {
                long every = options.shipInterval().toMillis();
                timer.scheduleWithFixedDelay(server::shipQuietly, every, every, TimeUnit.MILLISECONDS);
            }
            if (deployment.target().followsAlias()) {
                long every = options.refreshInterval().toMillis();
                timer.scheduleWithFixedDelay(server::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
            }
            return server;
        } catch (RuntimeException | Error e) {
            if (timer != null) {
                timer.shutdownNow();
            }
            if (app != null) {
                app.stop();
            }
            if (engine != null) {
                engine.close();
            } else if (log != null) {
                log.close();
            }
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static Javalin build(Options options, List<Route> routes, PrometheusMeterRegistry meters,
                                 AtomicBoolean ready) {
        byte[] token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.http.maxRequestSize = options.limits().maxBodyBytes();
            config.http.prefer405over404 = true;
            config.routes.before(RequestIds::assign);
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> {
                    if (!route.isPublic()) {
                        checkToken(ctx, token);
                    }
                    route.handler().handle(ctx, null);
                });
            }
            config.routes.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            config.routes.get("/readyz", ctx -> {
                ctx.status(ready.get() ? 200 : 503);
                ctx.json(java.util.Map.of("status", ready.get() ? "ready" : "loading"));
            });
            config.routes.get("/metrics", ctx -> {
                checkToken(ctx, token);
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(meters.scrape());
            });
            config.routes.exception(GyreException.class, (e, ctx) -> error(ctx, e.code(), e.code().httpStatus(),
                    e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                int status = e.getStatus();
                ErrorCode code = switch (status) {
                    case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
                    case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                    case 413 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
                    default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER_VALUE;
                };
                String message = switch (status) {
                    case 404 -> "No route " + ctx.method() + " " + ctx.path() + ". This server answers the Open"
                            + " Inference Protocol (/v2/...), KServe V1 (/v1/models/...), MLflow scoring"
                            + " (/invocations) and /api/v1/deployments/NAME/predict.";
                    case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".";
                    case 413 -> "The request body is too large; send fewer records per request.";
                    default -> e.getMessage() == null || e.getMessage().isBlank() ? "Bad request." : e.getMessage();
                };
                error(ctx, code, status, message);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Request {} {} failed [request_id={}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
                error(ctx, ErrorCode.INTERNAL_ERROR, 500, "Internal error. The server log has the details under"
                        + " request id " + RequestIds.of(ctx) + ".");
            });
        });
    }

    private static void checkToken(Context ctx, byte[] token) {
        if (token == null) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"gyre\"");
            throw new GyreException.Unauthenticated("This server needs its token: send 'Authorization: Bearer"
                    + " <token>' with the token of the file it was started with (--token-file).");
        }
    }

    /** Writes an error raised outside a protocol handler in the shape of the path's protocol. */
    private static void error(Context ctx, ErrorCode code, int status, String message) {
        ServingErrors.Protocol protocol = ServingErrors.protocolOf(ctx.path());
        ctx.status(status).contentType("application/json").result(ServingErrors.body(
                protocol == null ? ServingErrors.Protocol.NATIVE : protocol, code, message, RequestIds.of(ctx)));
    }

    /** The URL it listens on, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        String host = options.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    /** The deployment it serves. */
    public String deployment() {
        return deployment;
    }

    /** The engine: the deployment, the prediction log and the meters. */
    public ServingEngine engine() {
        return engine;
    }

    /** Whether the address is reachable only from this machine. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Ships the complete log segments now (also done periodically); {@code null} without a sink. */
    public SegmentShipper.Result ship() {
        return shipper == null ? null : shipper.ship();
    }

    private void shipQuietly() {
        try {
            SegmentShipper.Result result = shipper.ship();
            result.failed().forEach((segment, e) -> LOG.warn("Prediction log segment {} not shipped (retried later):"
                    + " {}", segment, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Shipping the prediction log failed (retried later): {}", e.getMessage());
        }
    }

    /**
     * Ships the window profiles that changed since the last call (also done periodically and at close); a window
     * that fails is shipped again at the next call. Does nothing without a profile sink.
     */
    public void shipProfiles() {
        if (monitoring != null) {
            monitoring.flush();
        }
    }

    private void shipProfilesQuietly() {
        try {
            shipProfiles();
        } catch (RuntimeException e) {
            LOG.warn("Shipping the traffic profiles failed (retried later): {}", e.getMessage());
        }
    }

    private void refreshQuietly() {
        try {
            int before = engine.deployments().get(deployment).primaryVersion();
            Deployment now = engine.deployments().refresh(deployment);
            if (now.primaryVersion() != before) {
                LOG.info("Deployment {} now serves {} version {} (was {})", deployment, now.target(),
                        now.primaryVersion(), before);
            }
        } catch (RuntimeException e) {
            LOG.warn("Re-resolving {} failed; still serving version {}: {}", deployment,
                    engine.deployments().get(deployment).primaryVersion(), e.getMessage());
        }
    }

    /** A JSON summary, for logs. */
    @Override
    public String toString() {
        ObjectNode out = JSON.createObjectNode().put("url", url()).put("deployment", deployment);
        return out.toString();
    }

    /** Stops listening (letting requests in flight finish), stops the timers and closes the prediction log. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            app.stop();
        } finally {
            try {
                engine.close();
            } finally {
                // the log's last records reached the profiles when it closed
                shipProfilesQuietly();
            }
        }
    }
}
