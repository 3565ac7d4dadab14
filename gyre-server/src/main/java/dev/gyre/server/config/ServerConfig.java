package dev.gyre.server.config;

import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the platform process needs to start, loaded once in {@code main} (see
 * {@link ConfigLoader}) and passed through constructors.
 *
 * @param home            the Gyre home folder: embedded database, local artifacts, admin token
 * @param http            where and how to listen
 * @param database        metadata store connection
 * @param artifactsUri    artifact store root ({@code file:…} or {@code s3://bucket/prefix})
 * @param s3              S3 connection settings, used when {@code artifactsUri} is {@code s3://}
 * @param tracking        experiment tracking settings
 * @param training        training job settings
 * @param serving         prediction log settings of the platform's deployments
 * @param monitoring      monitoring windows, alert evaluation and where alerts may be sent
 */
public record ServerConfig(Path home, HttpConfig http, DatabaseConfig database, String artifactsUri, S3Config s3,
                           TrackingConfig tracking, TrainingConfig training, ServingConfig serving,
                           MonitoringConfig monitoring) {

    /** The configuration with the default monitoring settings. */
    public ServerConfig(Path home, HttpConfig http, DatabaseConfig database, String artifactsUri, S3Config s3,
                        TrackingConfig tracking, TrainingConfig training, ServingConfig serving) {
        this(home, http, database, artifactsUri, s3, tracking, training, serving, MonitoringConfig.DEFAULTS);
    }

    /** The configuration with the default serving settings. */
    public ServerConfig(Path home, HttpConfig http, DatabaseConfig database, String artifactsUri, S3Config s3,
                        TrackingConfig tracking, TrainingConfig training) {
        this(home, http, database, artifactsUri, s3, tracking, training, ServingConfig.DEFAULTS);
    }

    /** The configuration with the default training job settings. */
    public ServerConfig(Path home, HttpConfig http, DatabaseConfig database, String artifactsUri, S3Config s3,
                        TrackingConfig tracking) {
        this(home, http, database, artifactsUri, s3, tracking, TrainingConfig.DEFAULTS);
    }

    public ServerConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(artifactsUri, "artifactsUri");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(monitoring, "monitoring");
    }

    /**
     * Monitoring and alert settings.
     *
     * @param window             the base window of traffic profiles ({@code monitoring_window}, e.g. 5m)
     * @param interval           how often deployments are measured and alert rules evaluated
     *                           ({@code monitoring_interval})
     * @param minRows            the fewest records a window needs for drift verdicts ({@code monitoring_min_rows})
     * @param webhookUrl         where alert events are posted, or {@code null} ({@code alert_webhook_url})
     * @param webhookSecret      the HMAC key of the webhook's signature header ({@code alert_webhook_secret})
     * @param egressAllowHosts   the host names alerts may be sent to ({@code egress_allow_hosts}, comma-separated)
     * @param egressAllowCidrs   address ranges allowed although private or loopback ({@code egress_allow_cidrs})
     * @param egressAllowHttp    whether plain http is allowed ({@code egress_allow_http}; https otherwise)
     * @param retention          how long stored windows are kept ({@code monitoring_retention})
     */
    public record MonitoringConfig(java.time.Duration window, java.time.Duration interval, int minRows,
                                   String webhookUrl, String webhookSecret, java.util.List<String> egressAllowHosts,
                                   java.util.List<String> egressAllowCidrs, boolean egressAllowHttp,
                                   java.time.Duration retention) {
        /** Five-minute windows measured every minute, 30 records for a verdict, no webhook. */
        public static final MonitoringConfig DEFAULTS = new MonitoringConfig(java.time.Duration.ofMinutes(5),
                java.time.Duration.ofMinutes(1), 30, null, null, java.util.List.of(), java.util.List.of(), false,
                java.time.Duration.ofDays(30));

        public MonitoringConfig {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 100 || interval.compareTo(java.time.Duration.ofDays(1)) > 0) {
                throw new GyreException.InvalidArgument("monitoring_interval must be between 100ms and 1d, got "
                        + interval + "; e.g. 1m.");
            }
            if (webhookUrl != null && (webhookSecret == null || webhookSecret.length() < 16)) {
                throw new GyreException.InvalidArgument("alert_webhook_url needs alert_webhook_secret, at least 16"
                        + " characters: receivers check the signature with it.");
            }
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(java.time.Duration.ofHours(1)) < 0) {
                throw new GyreException.InvalidArgument("monitoring_retention must be at least 1h, got " + retention
                        + "; e.g. 30d.");
            }
            egressAllowHosts = java.util.List.copyOf(egressAllowHosts);
            egressAllowCidrs = java.util.List.copyOf(egressAllowCidrs);
        }
    }

    /**
     * Prediction log and batching settings of the platform's deployments.
     *
     * @param predictionLogSampleRate the share of requests logged, 0 to 1 (decided by request id)
     * @param predictionLogQueue      records that may wait for the log's writer; more are dropped and counted
     * @param batching                when single-record requests are batched ({@code serving_batching})
     * @param batchMaxSize            the most records in one batched call ({@code serving_batch_max_size})
     * @param batchMaxWaitMs          the longest a batch waits for more records, milliseconds
     *                                ({@code serving_batch_max_wait_ms})
     */
    public record ServingConfig(double predictionLogSampleRate, int predictionLogQueue,
                                AdaptiveBatcher.Mode batching, int batchMaxSize, int batchMaxWaitMs) {

        /** Every request logged, 10 000 waiting records, batching AUTO with batches of 32 and 2 ms of wait. */
        public static final ServingConfig DEFAULTS = new ServingConfig(1.0, 10_000);

        /** The given log settings with the default batching. */
        public ServingConfig(double predictionLogSampleRate, int predictionLogQueue) {
            this(predictionLogSampleRate, predictionLogQueue, AdaptiveBatcher.Mode.AUTO, 32, 2);
        }

        public ServingConfig {
            if (batching == null) {
                throw new GyreException.InvalidArgument("serving_batching must be auto, on or off.");
            }
            if (batchMaxSize < 1 || batchMaxSize > AdaptiveBatcher.MAX_BATCH_SIZE) {
                throw new GyreException.InvalidArgument("serving_batch_max_size must be between 1 and "
                        + AdaptiveBatcher.MAX_BATCH_SIZE + ", got " + batchMaxSize + "; e.g. 32.");
            }
            if (batchMaxWaitMs < 0 || batchMaxWaitMs > 1000) {
                throw new GyreException.InvalidArgument("serving_batch_max_wait_ms must be between 0 and 1000, got "
                        + batchMaxWaitMs + "; a few milliseconds is usual, e.g. 2.");
            }
            if (!(predictionLogSampleRate >= 0.0 && predictionLogSampleRate <= 1.0)) {
                throw new GyreException.InvalidArgument("prediction_log_sample_rate must be between 0 and 1, got "
                        + predictionLogSampleRate + "; e.g. 0.1 logs one request in ten.");
            }
            if (predictionLogQueue < 1) {
                throw new GyreException.InvalidArgument("prediction_log_queue must be at least 1, got "
                        + predictionLogQueue + ".");
            }
        }

        /** The batcher settings these make. */
        public AdaptiveBatcher.Settings batchingSettings() {
            return AdaptiveBatcher.Settings.defaults().withMode(batching).withMaxBatchSize(batchMaxSize)
                    .withMaxWait(java.time.Duration.ofMillis(batchMaxWaitMs));
        }
    }

    /**
     * Training job settings.
     *
     * @param jobs  training jobs the server runs at once
     * @param queue further jobs that may wait for a slot; a job beyond them is refused (409)
     * @param kept  job records kept in memory (the most recent ones; running and waiting jobs are always kept)
     */
    public record TrainingConfig(int jobs, int queue, int kept) {

        /** One job at a time, 16 waiting, 200 kept. */
        public static final TrainingConfig DEFAULTS = new TrainingConfig(1, 16, 200);

        public TrainingConfig {
            if (jobs < 1) {
                throw new GyreException.InvalidArgument("training_jobs must be at least 1, got " + jobs + ".");
            }
            if (queue < 0) {
                throw new GyreException.InvalidArgument("training_queue must not be negative, got " + queue + ".");
            }
            if (kept < 1) {
                throw new GyreException.InvalidArgument("training_jobs_kept must be at least 1, got " + kept + ".");
            }
        }
    }

    /**
     * HTTP listener settings.
     *
     * @param host             interface to bind, {@code 127.0.0.1} by default
     * @param port             TCP port, 0 picks a free one
     * @param maxRequestBytes  largest JSON request body accepted (413 above)
     * @param maxUploadBytes   largest artifact upload accepted (413 above)
     */
    public record HttpConfig(String host, int port, long maxRequestBytes, long maxUploadBytes) {
        public HttpConfig {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new GyreException.InvalidArgument("Port " + port + " is out of range; use 1-65535 (or 0 for any free port).");
            }
            if (maxRequestBytes <= 0 || maxUploadBytes <= 0) {
                throw new GyreException.InvalidArgument("Request size limits must be positive.");
            }
        }
    }

    /**
     * Metadata database settings. A {@code null} URL means the embedded H2 database under the home.
     */
    public record DatabaseConfig(String url, String user, String password) {
        @Override
        public String toString() {
            return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * Experiment tracking settings.
     *
     * @param searchIndex        whether run search uses the in-memory search index (the default). The
     *                           index only sees the writes of its own process: a deployment where several
     *                           platform processes write one database must turn it off
     * @param searchIndexMaxRuns experiments with more runs are searched in SQL
     */
    public record TrackingConfig(boolean searchIndex, int searchIndexMaxRuns) {
        public TrackingConfig {
            if (searchIndexMaxRuns < 0) {
                throw new GyreException.InvalidArgument("search_index_max_runs must not be negative.");
            }
        }

        /** The index settings these make. */
        public SearchIndexSettings searchIndexSettings() {
            return new SearchIndexSettings(searchIndex, searchIndexMaxRuns, SearchIndexSettings.DEFAULT_MAX_CELLS);
        }
    }

    /** S3 settings; {@code null} fields fall back to the AWS SDK's defaults. */
    public record S3Config(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "S3Config[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                    + ", accessKey=" + (accessKey == null ? "default chain" : "***") + "]";
        }
    }
}
