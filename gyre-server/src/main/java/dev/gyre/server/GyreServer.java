package dev.gyre.server;

import dev.gyre.pipelines.LocalExecutor;
import dev.gyre.server.api.PipelineController;
import dev.gyre.server.pipelines.JdbcRunStore;
import dev.gyre.server.pipelines.PipelineService;
import dev.gyre.server.pipelines.stages.Stages;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.server.api.ArtifactController;
import dev.gyre.server.api.CommentController;
import dev.gyre.server.api.ModelController;
import dev.gyre.server.api.ProjectController;
import dev.gyre.server.api.SystemController;
import dev.gyre.server.api.TokenController;
import dev.gyre.server.api.TrackingController;
import dev.gyre.server.api.UserController;
import dev.gyre.server.auth.AuthService;
import dev.gyre.server.auth.PasswordHasher;
import dev.gyre.server.config.ServerConfig;
import dev.gyre.server.http.HttpApi;
import dev.gyre.server.http.JsonBodies;
import dev.gyre.server.http.OpenApi;
import dev.gyre.server.http.Route;
import dev.gyre.server.http.Routes;
import dev.gyre.server.http.Uploads;
import dev.gyre.server.api.DataController;
import dev.gyre.server.api.LabelController;
import dev.gyre.server.api.TrainingController;
import dev.gyre.server.api.ValidationController;
import dev.gyre.server.api.DeploymentController;
import dev.gyre.server.api.PredictionLogController;
import dev.gyre.server.api.FeedbackController;
import dev.gyre.server.monitoring.FeedbackRecorder;
import dev.gyre.server.monitoring.FeedbackStore;
import dev.gyre.server.monitoring.PlatformMonitoring;
import dev.gyre.server.serving.DeploymentManager;
import dev.gyre.server.serving.DeploymentStore;
import dev.gyre.server.serving.InferenceRoutes;
import dev.gyre.server.serving.PredictionLogArchive;
import dev.gyre.server.serving.RegistryModelLoader;
import dev.gyre.server.serving.ServingEngine;
import dev.gyre.serving.log.PredictionLog;
import dev.gyre.serving.log.SegmentShipper;
import dev.gyre.server.validation.ValidationRunner;
import dev.gyre.server.mlflow.MlflowArtifactsController;
import dev.gyre.server.mlflow.MultipartUploads;
import dev.gyre.server.training.TrainingJobs;
import dev.gyre.server.http.ReservedPrefixStore;
import dev.gyre.server.mlflow.MlflowRegistryController;
import dev.gyre.server.mlflow.MlflowTrackingController;
import dev.gyre.store.artifact.ArtifactStores;
import dev.gyre.store.artifact.S3Settings;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.DatabaseSettings;
import dev.gyre.store.db.JdbcTokenStore;
import dev.gyre.store.db.JdbcUserStore;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform: stores, services and the HTTP server, wired here through constructors and
 * nowhere else (the one composition root).
 */
public final class GyreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GyreServer.class);

    private final ServerConfig config;
    private final Database database;
    private final ArtifactStore artifacts;
    private final JvmGcMetrics gcMetrics;
    private final Javalin app;
    private final Path adminTokenFile;
    private final List<Route> routes;
    private final TrainingJobs trainingJobs;
    private final Serving serving;
    private final Feedback feedback;
    private final PipelineService pipelines;
    private final dev.gyre.server.pipelines.stages.StageServices stageServices;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** How often alias-following deployments re-resolve their alias and failed ones are retried. */
    static final java.time.Duration DEPLOYMENT_CHECK_INTERVAL = java.time.Duration.ofSeconds(5);
    /** How many pipeline runs are driven at once, and how many steps run at once on the local executor. */
    static final int PIPELINE_RUN_THREADS = 2;
    static final int PIPELINE_STEP_THREADS = 2;
    /** How often complete prediction-log segments are shipped to the artifact store. */
    static final java.time.Duration SHIP_INTERVAL = java.time.Duration.ofMinutes(1);

    /** The serving side: the engine, the deployments kept in step with the store, and the log's shipping. */
    private record Serving(ServingEngine engine, DeploymentManager deployments, SegmentShipper shipper,
                           java.util.concurrent.ScheduledExecutorService shipping, PlatformMonitoring monitoring)
            implements AutoCloseable {
        /**
         * Stops following and shipping, closes the engine (writing the queued log, which monitoring sees), saves
         * the monitoring windows, then ships what is complete.
         */
        @Override
        public void close() {
            try {
                deployments.close();
                shipping.shutdownNow();
                engine.close();
            } finally {
                try {
                    monitoring.close();
                } finally {
                    ship();
                }
            }
        }

        void ship() {
            try {
                SegmentShipper.Result result = shipper.ship();
                result.failed().forEach((name, e) -> LOG.warn("Prediction-log segment {} was not shipped (retried"
                        + " later): {}", name, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Shipping the prediction log failed (retried later): {}", e.toString());
            }
        }
    }

    /**
     * Delayed ground truth fed by the prediction log: the feedback store and the recorder that copies primary
     * predictions into it. Closed after the serving engine, whose closing hands the recorder the last queued records.
     */
    private record Feedback(FeedbackStore store, FeedbackRecorder recorder) implements AutoCloseable {
        /** How often buffered predictions are written to the feedback store. */
        static final java.time.Duration RECORD_INTERVAL = java.time.Duration.ofSeconds(1);
        /** The most predictions buffered between writes; more are dropped and counted. */
        static final int RECORD_BUFFER = 100_000;

        @Override
        public void close() {
            recorder.close();
        }
    }

    private GyreServer(ServerConfig config, Database database, ArtifactStore artifacts, JvmGcMetrics gcMetrics,
                       Javalin app, Path adminTokenFile, List<Route> routes, TrainingJobs trainingJobs,
                       Serving serving, Feedback feedback, PipelineService pipelines,
                       dev.gyre.server.pipelines.stages.StageServices stageServices) {
        this.config = config;
        this.database = database;
        this.artifacts = artifacts;
        this.gcMetrics = gcMetrics;
        this.app = app;
        this.adminTokenFile = adminTokenFile;
        this.routes = routes;
        this.trainingJobs = trainingJobs;
        this.serving = serving;
        this.feedback = feedback;
        this.pipelines = pipelines;
        this.stageServices = stageServices;
    }

    /**
     * Starts the platform: creates the home folder, opens the stores, runs the migrations,
     * bootstraps the admin user on first start, and listens.
     *
     * @throws GyreException when a store cannot be opened or the port is taken; nothing is left running then
     */
    public static GyreServer start(ServerConfig config) {
        return start(config, false);
    }

    /**
     * Opens the platform as a step worker: the same stores and stage services, but no HTTP listener, no schedules,
     * no monitoring rounds, no restored deployments and no marking of other processes' runs; for
     * {@code gyre step run}, which executes one pipeline step described as JSON (the entry point of executors that
     * run steps outside the platform's process) and exits.
     */
    public static GyreServer startWorker(ServerConfig config) {
        return start(config, true);
    }

    private static GyreServer start(ServerConfig config, boolean worker) {
        Properties build = buildProperties();
        String version = build.getProperty("version", "dev");
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Path home = Bootstrap.createHome(config.home());

            Database database = new Database(config.database().url() == null
                    ? DatabaseSettings.embedded(home)
                    : new DatabaseSettings(config.database().url(), config.database().user(), config.database().password(),
                            DatabaseSettings.DEFAULT_POOL_SIZE, null));
            opened.add(database);
            ServerConfig.S3Config s3 = config.s3();
            ArtifactStore artifacts = ArtifactStores.forUri(config.artifactsUri(), new S3Settings(endpoint(s3.endpoint()),
                    s3.region(), s3.pathStyle(), s3.accessKey(), s3.secretKey(),
                    S3Settings.DEFAULT_MULTIPART_THRESHOLD, S3Settings.DEFAULT_PART_SIZE));
            opened.add(artifacts);
            AuthService auth = new AuthService(new JdbcUserStore(database), new JdbcTokenStore(database),
                    new PasswordHasher(), Clock.systemUTC());
            Services services = Services.create(database, artifacts, Clock.systemUTC(),
                    config.tracking().searchIndexSettings(), home.resolve("tmp").resolve("data"));

            // The stores get ready (migrations, bucket check, first admin) while the HTTP server starts;
            // until both are done the API answers 503 and /readyz says "starting".
            AtomicBoolean started = new AtomicBoolean();
            CompletableFuture<Path> storesReady = new CompletableFuture<>();
            Thread storeStartup = new Thread(() -> {
                try {
                    database.migrate();
                    services.tracking().ensureDefaultExperiment();
                    artifacts.checkReady();
                    storesReady.complete(Bootstrap.adminUser(auth, home));
                } catch (Throwable e) {
                    storesReady.completeExceptionally(e);
                }
            }, "gyre-store-startup");
            storeStartup.setDaemon(true);
            storeStartup.start();

            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(meters);
            new JvmThreadMetrics().bindTo(meters);
            new ClassLoaderMetrics().bindTo(meters);
            new ProcessorMetrics().bindTo(meters);
            new UptimeMetrics().bindTo(meters);
            JvmGcMetrics gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(meters);
            opened.add(gcMetrics);
            ArtifactStore timedArtifacts = new TimedArtifactStore(artifacts, meters);
            // versioned data (sealed test splits included) is read and written only through the data API
            ArtifactStore generalArtifacts = new ReservedPrefixStore(new ReservedPrefixStore(timedArtifacts, "datasets/",
                    "versioned data is read and written through the data API (/api/v1/projects/{project}/data/...)."),
                    ValidationRunner.ROOT, "validation reports and model cards are written by validating a version"
                    + " (POST /api/v1/models/{name}/versions/{version}/validate) and read through its /validation/report"
                    + " and /card routes.");
            generalArtifacts = new ReservedPrefixStore(generalArtifacts, PredictionLogArchive.ROOT, "prediction logs"
                    + " are shipped through PUT /api/v1/prediction-logs/{deployment}/{segment} and listed through GET"
                    + " /api/v1/prediction-logs/{deployment}.");
            generalArtifacts = new ReservedPrefixStore(generalArtifacts, "pipelines/", "pipeline steps keep their own"
                    + " files here (feature specs); a run's outputs name them.");
            database.jdbi().setSqlLogger(new SqlTimings(meters));

            ObjectMapper mapper = objectMapper();
            JsonBodies json = new JsonBodies(mapper, config.http().maxRequestBytes());
            Uploads uploads = new Uploads(config.http().maxUploadBytes());
            JdbcUserStore userStore = new JdbcUserStore(database);
            ServerConfig.TrainingConfig trainingConfig = config.training();
            TrainingJobs trainingJobs = new TrainingJobs(trainingConfig.jobs(), trainingConfig.queue(),
                    trainingConfig.kept(), Clock.systemUTC());
            opened.add(trainingJobs);
            DataController dataController = new DataController(services.data(), services.dataSteps(), json, uploads, mapper,
                    id -> userStore.findById(id).map(dev.gyre.core.auth.User::username).orElse(null));
            ServerConfig.ServingConfig servingConfig = config.serving();
            ServingEngine engine = new ServingEngine(new PredictionLog(PredictionLog.Options
                    .defaults(home.resolve("predictions"))
                    .withSampleRate(servingConfig.predictionLogSampleRate())
                    .withQueueCapacity(servingConfig.predictionLogQueue())), meters, Clock.systemUTC(),
                    servingConfig.batchingSettings());
            PredictionLogArchive predictionArchive = new PredictionLogArchive(timedArtifacts);
            RegistryModelLoader modelLoader = new RegistryModelLoader(services.registry(), timedArtifacts);
            DeploymentManager deploymentManager = new DeploymentManager(engine, new DeploymentStore(database),
                    modelLoader, services.audit(), services.registry(), Clock.systemUTC());
            // delayed ground truth: primary predictions copied from the prediction log into the feedback store
            FeedbackStore feedbackStore = new FeedbackStore(database, Clock.systemUTC());
            FeedbackRecorder feedbackRecorder = new FeedbackRecorder(feedbackStore, Feedback.RECORD_BUFFER,
                    Feedback.RECORD_INTERVAL);
            engine.log().addListener(feedbackRecorder);
            io.micrometer.core.instrument.FunctionCounter.builder("gyre_feedback_predictions_dropped",
                            feedbackRecorder, FeedbackRecorder::dropped)
                    .description("Predictions not recorded for feedback because the buffer was full").register(meters);
            Feedback feedback = new Feedback(feedbackStore, feedbackRecorder);
            // closed after serving, on a failed start as at a normal stop (close())
            opened.add(feedback);
            // monitoring (stage 7) profiles what the prediction log keeps, per deployment version and window
            PlatformMonitoring monitoring = new PlatformMonitoring(config, database, deploymentManager, modelLoader,
                    services.registry(), services.projects(), meters, feedbackStore, json,
                    Clock.systemUTC());
            engine.log().addListener(monitoring.listener());
            java.util.concurrent.ScheduledExecutorService shipping = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "gyre-prediction-log-shipper");
                        t.setDaemon(true);
                        return t;
                    });
            Serving serving = new Serving(engine, deploymentManager, new SegmentShipper(engine.log(),
                    predictionArchive), shipping, monitoring);
            opened.add(serving);
            // what pipeline stage steps use of the platform: the services the API routes call
            dev.gyre.server.pipelines.stages.StageServices stageServices = new dev.gyre.server.pipelines.stages.StageServices(
                    services.projects(), services.data(), services.dataSteps(), services.registry(), services.tracking(),
                    new dev.gyre.server.training.TrainingStarter(services.data(), services.tracking(),
                            services.registry(), artifacts, services.projects(), trainingJobs),
                    new ValidationRunner(services.registry(), services.projects(), services.data(), services.tracking(),
                            timedArtifacts, Clock.systemUTC()),
                    deploymentManager, monitoring, feedbackStore, timedArtifacts, Clock.systemUTC());
            // the closed loop: pipeline runs driven on the platform's run threads, their steps on the local executor
            PipelineService pipelines = new PipelineService(database, new JdbcRunStore(database), services.projects(),
                    userStore::findById, services.audit(), deployment -> deploymentProject(deploymentManager,
                    services.registry(), deployment),
                    contexts -> new LocalExecutor(Stages.handlers(stageServices, contexts), PIPELINE_STEP_THREADS),
                    new PipelineService.PromotionDecisions() {
                        // a promote step reused from the cache names a request that may be decided already
                        @Override
                        public void approve(long requestId, dev.gyre.core.auth.User approver, String reason) {
                            if (pending(requestId)) {
                                services.registry().approvePromotion(requestId, approver, reason);
                            }
                        }

                        @Override
                        public void reject(long requestId, dev.gyre.core.auth.User approver, String reason) {
                            if (pending(requestId)) {
                                services.registry().rejectPromotion(requestId, approver, reason);
                            }
                        }

                        private boolean pending(long requestId) {
                            return services.registry().getPromotion(requestId).status()
                                    == dev.gyre.tracking.registry.PromotionStatus.PENDING;
                        }
                    },
                    // the embedded database has one process; a shared one may have replicas driving their own runs
                    new PipelineService.Settings(PIPELINE_RUN_THREADS, !worker, config.database().url() == null),
                    version, Clock.systemUTC());
            // closed first: a run stopped here stays running in the store and is marked interrupted at the next start
            opened.add(pipelines);
            monitoring.onRetraining(pipelines::retrain);


            OpenApi[] openApi = new OpenApi[1];
            Runnable startupCheck = () -> {
                if (!started.get()) {
                    throw new GyreException.NotReady("Gyre is starting (migrating the metadata store); retry in a moment.");
                }
            };
            SystemController system = new SystemController(version,
                    Map.of("startup", startupCheck, "metadata_store", database::checkReady, "artifact_store", timedArtifacts::checkReady),
                    meters, () -> openApi[0], build.getProperty("swagger-ui.version"));
            List<Route> routes = Routes.all(system, new UserController(auth, json), new TokenController(auth, json),
                    new ArtifactController(generalArtifacts, uploads),
                    new MlflowTrackingController(services.tracking(), json),
                    new MlflowRegistryController(services.registry(), services.projects(), json),
                    new MlflowArtifactsController(services.tracking(), generalArtifacts, json, uploads,
                            new MultipartUploads(home.resolve("tmp").resolve("mpu"), config.http().maxUploadBytes(),
                                    Clock.systemUTC())),
                    new Routes.Native(
                            new ProjectController(services.projects(), services.audit(), auth, json, mapper),
                            new CommentController(services.comments(), services.projects(), services.tracking(),
                                    services.registry(), json),
                            new ModelController(services.registry(), services.projects(), json),
                            new TrackingController(services.tracking(), services.projects()),
                            dataController,
                            new LabelController(services.labels(), services.dataSteps(), services.projects(), json,
                                    dataController),
                            new TrainingController(services.data(), services.tracking(), services.registry(),
                                    artifacts, services.projects(), trainingJobs, json),
                            new ValidationController(new ValidationRunner(services.registry(), services.projects(),
                                    services.data(), services.tracking(), timedArtifacts, Clock.systemUTC()),
                                    services.registry(), services.projects(), json, mapper),
                            new DeploymentController(deploymentManager, services.registry(), services.projects(), json),
                            new PredictionLogController(predictionArchive, home.resolve("tmp").resolve("predictions"),
                                    feedbackStore::recordPredictions),
                            new FeedbackController(feedbackStore, deploymentManager, services.registry(),
                                    services.projects(), services.audit(), json, Clock.systemUTC(),
                                    name -> monitoring.monitoring().store().latestModel(name).map(m -> m[0]))));
            // the inference protocols over the serving engine's deployments (docs/serving.md)
            routes = java.util.stream.Stream.concat(routes.stream(), new InferenceRoutes(engine,
                    dev.gyre.serving.protocol.CodecLimits.defaults(), version, started::get)
                    .routes(dev.gyre.core.auth.Permission.READ).stream()).toList();
            routes = java.util.stream.Stream.concat(routes.stream(), monitoring.routes().stream()).toList();
            routes = java.util.stream.Stream.concat(routes.stream(), new PipelineController(pipelines, json).routes()
                    .stream()).toList();
            openApi[0] = new OpenApi(version, routes);

            Javalin app = new HttpApi(auth, meters, mapper, startupCheck).build(config.http(), routes);
            try {
                if (!worker) {
                    app.start();
                }
            } catch (RuntimeException e) {
                throw new GyreException.NotReady("Unable to listen on " + config.http().host() + ":" + config.http().port()
                        + ": " + rootMessage(e) + ". Is another server using the port? Choose another with --port.", e);
            }
            opened.add(app::stop);
            Path adminTokenFile;
            try {
                adminTokenFile = storesReady.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new GyreException.Internal("Unable to start the stores: " + e.getCause(), e.getCause());
            }
            if (!worker) {
                // deployments come back before the platform is ready; one that fails to load is marked failed
                deploymentManager.restore();
                services.registry().addAliasListener(deploymentManager::aliasChanged);
                deploymentManager.startPeriodicCheck(DEPLOYMENT_CHECK_INTERVAL);
                monitoring.start();
                pipelines.markInterrupted();
                shipping.scheduleWithFixedDelay(serving::ship, SHIP_INTERVAL.toMillis(), SHIP_INTERVAL.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            started.set(true);
            GyreServer server = new GyreServer(config, database, artifacts, gcMetrics, app, adminTokenFile, routes,
                    trainingJobs, serving, feedback, pipelines, stageServices);
            String metadata = config.database().url() == null ? "embedded H2" : redact(config.database().url());
            if (worker) {
                LOG.info("Gyre {} step worker is ready (home {}, metadata {}, artifacts {})", version, home, metadata,
                        artifacts.uri());
            } else {
                LOG.info("Gyre {} is ready at {} (home {}, metadata {}, artifacts {})", version, server.baseUrl(), home,
                        metadata, artifacts.uri());
            }
            return server;
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port} of this server. */
    public String baseUrl() {
        String host = config.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Where the bootstrap admin token was written ({@code <home>/admin.token}). */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** The prediction path of the platform's deployments, for the inference routes. */
    public ServingEngine servingEngine() {
        return serving.engine();
    }

    /** Monitoring of the deployments: windows, drift, alerts. */
    public PlatformMonitoring monitoring() {
        return serving.monitoring();
    }

    /** The platform's deployments, kept in step with the metadata store. */
    public DeploymentManager deploymentManager() {
        return serving.deployments();
    }

    /** Lifecycle pipelines: runs, stored pipelines, schedules and the retraining trigger. */
    public PipelineService pipelines() {
        return pipelines;
    }

    /** The project of a deployment's model, for retraining alerts. */
    private static java.util.Optional<Long> deploymentProject(DeploymentManager deployments,
                                                              dev.gyre.tracking.registry.RegistryService registry,
                                                              String name) {
        try {
            String model = deployments.get(name).state().target().model();
            return java.util.Optional.ofNullable(registry.getRegisteredModel(model).projectId());
        } catch (GyreException.NotFound gone) {
            return java.util.Optional.empty();
        }
    }

    /** Delayed ground truth: the predictions recorded from the prediction log and their true labels. */
    public FeedbackStore feedbackStore() {
        return feedback.store();
    }

    /** What pipeline stage steps use of the platform ({@link dev.gyre.server.pipelines.stages.Stages}). */
    public dev.gyre.server.pipelines.stages.StageServices stageServices() {
        return stageServices;
    }

    /** Writes the predictions buffered for feedback now, as the writes every second do. */
    boolean recordPredictionsForFeedback() {
        return feedback.recorder().flush();
    }

    /** Ships the prediction log's complete segments now, as the minutely shipping does. */
    void shipPredictionLogs() {
        serving.ship();
    }

    /** The metadata database. */
    Database database() {
        return database;
    }

    /** The artifact store itself, without the general routes' reserved folders. */
    ArtifactStore artifacts() {
        return artifacts;
    }

    /** The route table this server serves. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Stops gracefully: training jobs are cancelled (their runs end KILLED), in-flight requests finish, then the
     * stores close. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Gyre is stopping; training jobs are cancelled and in-flight requests finish first");
        try {
            pipelines.close();
            trainingJobs.close();
            app.stop();
        } finally {
            try {
                serving.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the serving engine failed: {}", e.toString());
            }
            // after the engine: closing it handed the recorder the log's last records
            feedback.close();
            gcMetrics.close();
            artifacts.close();
            database.close();
        }
    }

    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = GyreServer.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static java.net.URI endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            return new java.net.URI(endpoint.trim());
        } catch (java.net.URISyntaxException e) {
            throw new GyreException.InvalidArgument("s3_endpoint '" + endpoint + "' is not a URI; use e.g. http://127.0.0.1:9000.");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
