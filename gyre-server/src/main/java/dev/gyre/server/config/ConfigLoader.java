package dev.gyre.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.tracking.search.index.SearchIndexSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@link ServerConfig} from three layers, later ones winning: {@code gyre.yaml} in the home
 * folder, {@code GYRE_*} environment variables, command-line flags.
 *
 * <p>Keys (the same in all three layers; in the environment upper-cased with {@code GYRE_} in
 * front, e.g. {@code GYRE_PORT}, {@code GYRE_DB_PASSWORD}): {@code host}, {@code port}, {@code db},
 * {@code db_user}, {@code db_password}, {@code artifacts}, {@code s3_endpoint}, {@code s3_region},
 * {@code s3_path_style}, {@code s3_access_key}, {@code s3_secret_key}, {@code max_request_bytes},
 * {@code max_upload_bytes}, {@code search_index}, {@code search_index_max_runs}, {@code training_jobs},
 * {@code training_queue}, {@code training_jobs_kept}, {@code prediction_log_sample_rate},
 * {@code prediction_log_queue}, {@code serving_batching}, {@code serving_batch_max_size},
 * {@code serving_batch_max_wait_ms}, {@code monitoring_window}, {@code monitoring_interval},
 * {@code monitoring_min_rows}, {@code monitoring_retention}, {@code alert_webhook_url},
 * {@code alert_webhook_secret}, {@code egress_allow_hosts}, {@code egress_allow_cidrs},
 * {@code egress_allow_http}. The home folder itself comes
 * from the {@code home} flag, else
 * {@code GYRE_HOME}, else {@code ~/.gyre}.
 */
public final class ConfigLoader {

    /** Every key the loader understands; anything else in gyre.yaml is an error (typos must not pass silently). */
    public static final Set<String> KEYS = Set.of("host", "port", "db", "db_user", "db_password", "artifacts",
            "s3_endpoint", "s3_region", "s3_path_style", "s3_access_key", "s3_secret_key",
            "max_request_bytes", "max_upload_bytes", "search_index", "search_index_max_runs",
            "training_jobs", "training_queue", "training_jobs_kept", "prediction_log_sample_rate",
            "prediction_log_queue", "serving_batching", "serving_batch_max_size", "serving_batch_max_wait_ms",
            "monitoring_window", "monitoring_interval", "monitoring_min_rows", "alert_webhook_url",
            "alert_webhook_secret", "egress_allow_hosts", "egress_allow_cidrs", "egress_allow_http",
            "monitoring_retention");

    static final long DEFAULT_MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    static final long DEFAULT_MAX_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param flags values given on the command line (keys as above plus {@code home}); absent keys are not set
     * @param env   the process environment
     * @throws GyreException.InvalidArgument for an unreadable gyre.yaml, an unknown key or a bad value
     */
    public static ServerConfig load(Map<String, String> flags, Map<String, String> env) {
        Path home = homeFolder(flags, env);
        Map<String, String> values = new HashMap<>(readYaml(home.resolve("gyre.yaml")));
        for (String key : KEYS) {
            String fromEnv = env.get("GYRE_" + key.toUpperCase(Locale.ROOT));
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(key, fromEnv);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (flag.getValue() != null && !flag.getKey().equals("home")) {
                if (!KEYS.contains(flag.getKey())) {
                    throw new GyreException.InvalidArgument("Unknown setting '" + flag.getKey() + "'. Known settings: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
                }
                values.put(flag.getKey(), flag.getValue());
            }
        }
        ServerConfig.HttpConfig http = new ServerConfig.HttpConfig(
                values.getOrDefault("host", "127.0.0.1"),
                intValue(values, "port", 8080),
                longValue(values, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES),
                longValue(values, "max_upload_bytes", DEFAULT_MAX_UPLOAD_BYTES));
        ServerConfig.DatabaseConfig db = new ServerConfig.DatabaseConfig(
                values.get("db"), values.get("db_user"), values.get("db_password"));
        String artifacts = values.getOrDefault("artifacts", home.resolve("artifacts").toUri().toString());
        ServerConfig.S3Config s3 = new ServerConfig.S3Config(
                values.get("s3_endpoint"),
                values.getOrDefault("s3_region", env.getOrDefault("AWS_REGION", "us-east-1")),
                Boolean.parseBoolean(values.getOrDefault("s3_path_style", values.containsKey("s3_endpoint") ? "true" : "false")),
                values.getOrDefault("s3_access_key", env.get("AWS_ACCESS_KEY_ID")),
                values.getOrDefault("s3_secret_key", env.get("AWS_SECRET_ACCESS_KEY")));
        ServerConfig.TrackingConfig tracking = new ServerConfig.TrackingConfig(
                booleanValue(values, "search_index", true),
                intValue(values, "search_index_max_runs", SearchIndexSettings.DEFAULT_MAX_RUNS_PER_EXPERIMENT));
        ServerConfig.TrainingConfig training = new ServerConfig.TrainingConfig(
                intValue(values, "training_jobs", ServerConfig.TrainingConfig.DEFAULTS.jobs()),
                intValue(values, "training_queue", ServerConfig.TrainingConfig.DEFAULTS.queue()),
                intValue(values, "training_jobs_kept", ServerConfig.TrainingConfig.DEFAULTS.kept()));
        ServerConfig.ServingConfig serving = new ServerConfig.ServingConfig(
                doubleValue(values, "prediction_log_sample_rate",
                        ServerConfig.ServingConfig.DEFAULTS.predictionLogSampleRate()),
                intValue(values, "prediction_log_queue", ServerConfig.ServingConfig.DEFAULTS.predictionLogQueue()),
                batchingValue(values, "serving_batching", ServerConfig.ServingConfig.DEFAULTS.batching()),
                intValue(values, "serving_batch_max_size", ServerConfig.ServingConfig.DEFAULTS.batchMaxSize()),
                intValue(values, "serving_batch_max_wait_ms", ServerConfig.ServingConfig.DEFAULTS.batchMaxWaitMs()));
        ServerConfig.MonitoringConfig defaults = ServerConfig.MonitoringConfig.DEFAULTS;
        ServerConfig.MonitoringConfig monitoring = new ServerConfig.MonitoringConfig(
                durationValue(values, "monitoring_window", defaults.window()),
                durationValue(values, "monitoring_interval", defaults.interval()),
                intValue(values, "monitoring_min_rows", defaults.minRows()),
                blankToNull(values.get("alert_webhook_url")), blankToNull(values.get("alert_webhook_secret")),
                listValue(values, "egress_allow_hosts"), listValue(values, "egress_allow_cidrs"),
                booleanValue(values, "egress_allow_http", false),
                durationValue(values, "monitoring_retention", defaults.retention()));
        return new ServerConfig(home, http, db, artifacts, s3, tracking, training, serving, monitoring);
    }

    private static java.time.Duration durationValue(Map<String, String> values, String key, java.time.Duration fallback) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return dev.gyre.monitoring.alert.AlertRule.parseDuration(text.trim());
        } catch (RuntimeException e) {
            throw new GyreException.InvalidArgument("Setting " + key + " must be a duration such as 30s, 5m or 1h, got '"
                    + text + "'.");
        }
    }

    private static java.util.List<String> listValue(Map<String, String> values, String key) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The home folder: the {@code home} flag, else {@code GYRE_HOME}, else {@code ~/.gyre}; absolute and normalised. */
    public static Path homeFolder(Map<String, String> flags, Map<String, String> env) {
        String home = flags.get("home");
        if (home == null || home.isBlank()) {
            home = env.get("GYRE_HOME");
        }
        if (home == null || home.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".gyre").toAbsolutePath().normalize();
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    private static Map<String, String> readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Cannot read " + file.getFileName() + " in the Gyre home: "
                    + firstLine(e.getMessage()) + ". Fix the YAML or remove the file.", e);
        }
        Map<String, String> values = new HashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return values;
        }
        if (!root.isObject()) {
            throw new GyreException.InvalidArgument("gyre.yaml must be a mapping of settings, e.g. 'port: 8080'.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey().replace('-', '_').toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new GyreException.InvalidArgument("Unknown setting '" + field.getKey() + "' in gyre.yaml. Known settings: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
            if (!field.getValue().isValueNode()) {
                throw new GyreException.InvalidArgument("Setting '" + field.getKey() + "' in gyre.yaml must be a single value.");
            }
            values.put(key, field.getValue().asText());
        }
        return values;
    }

    private static boolean booleanValue(Map<String, String> values, String key, boolean fallback) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new GyreException.InvalidArgument("Setting '" + key + "' must be true or false, got '"
                    + raw + "'.");
        };
    }

    private static AdaptiveBatcher.Mode batchingValue(Map<String, String> values, String key,
                                                      AdaptiveBatcher.Mode fallback) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        // YAML reads a bare on/off as a boolean
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AdaptiveBatcher.Mode.AUTO;
            case "on", "true" -> AdaptiveBatcher.Mode.ON;
            case "off", "false" -> AdaptiveBatcher.Mode.OFF;
            default -> throw new GyreException.InvalidArgument("Setting '" + key + "' must be auto, on or off, got '"
                    + raw + "'.");
        };
    }

    private static double doubleValue(Map<String, String> values, String key, double fallback) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Setting '" + key + "' must be a number, got '" + raw + "'.");
        }
    }

    private static int intValue(Map<String, String> values, String key, int fallback) {
        long value = longValue(values, key, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new GyreException.InvalidArgument("Setting '" + key + "' is too large: " + value + ".");
        }
        return (int) value;
    }

    private static long longValue(Map<String, String> values, String key, long fallback) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Setting '" + key + "' must be a whole number, got '" + raw + "'.");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
