package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.core.GyreException;
import dev.gyre.server.serving.StandaloneServer;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.serving.log.SegmentSink;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre serve}: a light inference server for one model, without the platform's database. */
@Command(name = "serve",
        description = {"Serve one model over HTTP until stopped (Ctrl-C): the Open Inference Protocol v2 (/v2/...),"
                + " KServe V1 (/v1/models/NAME:predict, :explain), MLflow scoring (/invocations) and Gyre's native"
                + " API (/api/v1/deployments/NAME/predict), plus /healthz, /readyz and /metrics (Prometheus).",
                "The model is a package file (--package) or a registered version on the platform (--model"
                        + " NAME@ALIAS or NAME/VERSION with --registry); an alias is re-resolved every"
                        + " --refresh-seconds and the new version swapped in without dropping a request.",
                "Served predictions are kept in a prediction log under --log-dir; with --model its complete"
                        + " segments are shipped to the platform for monitoring.",
                "Single-record requests to ONNX and large-batch XGBoost models are gathered into batched calls"
                        + " (--batching auto); --batching on batches every model, off none.",
                "Secure by default: it listens on 127.0.0.1 only; with --token-file every route but the health"
                        + " probes needs 'Authorization: Bearer <token>'."},
        footerHeading = "%nExamples:%n",
        footer = {"  gyre serve --package titanic-3.zip",
                "  gyre serve --model titanic@production --registry http://gyre:8080",
                "  gyre serve --package titanic-3.zip --host 0.0.0.0 --port 9000 \\",
                "      --token-file serve.token --sample-rate 0.1",
                "  gyre serve --package model.zip --batching on --batch-max-size 64",
                "",
                "Then:",
                "  curl -s localhost:8000/v1/models/titanic:predict \\",
                "    -d '{\"instances\": [{\"Sex\": \"female\", \"Pclass\": 1,",
                "         \"Age\": 29, \"SibSp\": 0, \"Parch\": 0, \"Fare\": 80}]}'",
                "  curl -s localhost:8000/invocations -H 'Content-Type: text/csv' \\",
                "    --data-binary @passengers.csv",
                "",
                "docs/serving.md describes every route, error shape and metric."})
final class ServeCommand extends PlatformCommand {

    @Option(names = "--package", paramLabel = "FILE", description = "A model package file to serve.")
    Path packageFile;

    @Option(names = "--model", paramLabel = "NAME@ALIAS|NAME/VERSION",
            description = "A registered version on the platform (the package of its latest validation).")
    String model;

    @Option(names = "--registry", paramLabel = "URL",
            description = "The platform to fetch --model from and ship the log to (same as --url).")
    String registry;

    @Option(names = "--name", paramLabel = "DEPLOYMENT",
            description = "The name clients call the model by. Default: the model's name.")
    String name;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Interface to listen on. Default: 127.0.0.1 (this machine only).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port. Default: 8000; 0 picks a free port.")
    int port = 8000;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where the prediction log is kept. Default: ./gyre-prediction-log.")
    Path logDir = Path.of("gyre-prediction-log");

    @Option(names = "--sample-rate", paramLabel = "R",
            description = "Share of requests logged, 0 to 1. Default: 1 (every request).")
    double sampleRate = 1.0;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the bearer token clients must send. Default: no token.")
    Path tokenFile;

    @Option(names = "--refresh-seconds", paramLabel = "N",
            description = "How often an alias is re-resolved. Default: 10.")
    int refreshSeconds = 10;

    @Option(names = "--ship-seconds", paramLabel = "N",
            description = "How often complete log segments and the traffic's window profiles are shipped (--model)."
                    + " Default: 60.")
    int shipSeconds = 60;

    @Option(names = "--monitoring-window", paramLabel = "SPAN",
            description = "The window of the traffic profiles shipped for monitoring; the platform's"
                    + " monitoring_window (it refuses others). Default: 5m.")
    String monitoringWindow = "5m";

    @Option(names = "--batching", paramLabel = "auto|on|off",
            description = "Batch concurrent single-record requests: auto (where it pays: ONNX, XGBoost with"
                    + " batches of 64 or more), on (every model) or off. Default: auto.")
    String batching = "auto";

    @Option(names = "--batch-max-size", paramLabel = "N",
            description = "The most records in one batched call, 1 to 4096. Default: 32.")
    int batchMaxSize = 32;

    @Option(names = "--batch-max-wait-ms", paramLabel = "MS",
            description = "The longest a batch waits for more records, 0 to 1000 ms. Default: 2.")
    int batchMaxWaitMs = 2;

    private AdaptiveBatcher.Settings batchingSettings() {
        AdaptiveBatcher.Mode mode = switch (batching.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AdaptiveBatcher.Mode.AUTO;
            case "on" -> AdaptiveBatcher.Mode.ON;
            case "off" -> AdaptiveBatcher.Mode.OFF;
            default -> throw new CliException("--batching takes auto, on or off, not '" + batching + "'.");
        };
        if (batchMaxSize < 1 || batchMaxSize > AdaptiveBatcher.MAX_BATCH_SIZE) {
            throw new CliException("--batch-max-size takes 1 to " + AdaptiveBatcher.MAX_BATCH_SIZE + " records, not "
                    + batchMaxSize + "; 32 is the default.");
        }
        if (batchMaxWaitMs < 0 || batchMaxWaitMs > 1000) {
            throw new CliException("--batch-max-wait-ms takes 0 to 1000 milliseconds, not " + batchMaxWaitMs
                    + "; a few milliseconds is usual, 2 is the default.");
        }
        return AdaptiveBatcher.Settings.defaults().withMode(mode).withMaxBatchSize(batchMaxSize)
                .withMaxWait(Duration.ofMillis(batchMaxWaitMs));
    }

    @Override
    void run() throws Exception {
        long started = System.nanoTime();
        if ((model == null) == (packageFile == null)) {
            throw new CliException("Name the model with exactly one of --package FILE or --model NAME@ALIAS|"
                    + "NAME/VERSION (with --registry URL).");
        }
        if (refreshSeconds < 1 || shipSeconds < 1) {
            throw new CliException("--refresh-seconds and --ship-seconds take a whole number of seconds, 1 or more.");
        }
        if (registry != null) {
            url = registry;
        }
        AdaptiveBatcher.Settings batchingSettings = batchingSettings();
        StandaloneServer.Options options = StandaloneServer.Options.defaults().withHost(host).withPort(port)
                .withToken(token())
                .withLog(logDir, sampleRate)
                .withRefreshInterval(Duration.ofSeconds(refreshSeconds))
                .withVersion(GyreClient.version())
                .withBatching(batchingSettings);
        StandaloneServer server;
        boolean interrupted = false;
        try {
            if (packageFile != null) {
                if (!Files.isRegularFile(packageFile)) {
                    throw new CliException("Package file " + packageFile + " does not exist or is not a file.");
                }
                server = StandaloneServer.start(packageFile, name, options);
            } else {
                GyreClient client = client();
                DeploymentTarget target = target(model);
                options = options.withSink(sink(client), Duration.ofSeconds(shipSeconds));
                if (logDir != null) {
                    options = options.withProfiles(row -> client.monitoring().shipWindow(row.deployment(), row.model(),
                            row.version(), row.windowStart(), row.windowMs(), row.source(), row.rows(),
                            row.outliers(), row.outlierChecked(), row.lastSeen(), row.latency(), row.profile()),
                            monitoringWindow());
                }
                server = StandaloneServer.start(loader(client), target, name, options);
            }
        } catch (GyreException.InvalidArgument e) {
            throw new CliException(e.getMessage());
        } catch (GyreException e) {
            throw new CliException("Cannot serve: " + e.getMessage());
        }
        try {
            if (options.token() == null && !StandaloneServer.isLoopback(host)) {
                cli().err.println("Warning: listening on " + host + " without --token-file: anyone who can reach"
                        + " this address can call the model.");
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            output().line("Serving " + server.deployment() + " (" + server.engine().deployments()
                    .get(server.deployment()).target() + ", version " + server.engine().deployments()
                    .get(server.deployment()).primaryVersion() + ") at " + server.url() + ", ready in " + millis
                    + " ms. Ctrl-C stops it.");
            interrupted = awaitStop(server);
        } finally {
            server.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Blocks until the process is asked to stop (Ctrl-C, SIGTERM) or this thread is interrupted; returns whether it
     * was interrupted (the flag is cleared so that the server can stop cleanly).
     */
    private static boolean awaitStop(StandaloneServer server) {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stop.countDown();
        }, "gyre-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
            return false;
        } catch (InterruptedException e) {
            return true;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the server
            }
        }
    }

    private String token() throws IOException {
        if (tokenFile == null) {
            return null;
        }
        if (!Files.isRegularFile(tokenFile)) {
            throw new CliException("Token file " + tokenFile + " does not exist or is not a file.");
        }
        String value = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (value.isEmpty() || value.contains("\n")) {
            throw new CliException("Token file " + tokenFile + " must hold the token on one line.");
        }
        return value;
    }

    private static DeploymentTarget target(String spec) {
        int at = spec.lastIndexOf('@');
        int slash = spec.lastIndexOf('/');
        if (at > 0 && at < spec.length() - 1) {
            return DeploymentTarget.alias(spec.substring(0, at), spec.substring(at + 1));
        }
        if (slash > 0) {
            try {
                return DeploymentTarget.version(spec.substring(0, slash), Integer.parseInt(spec.substring(slash + 1)));
            } catch (NumberFormatException e) {
                throw new CliException("'" + spec + "' names no version; use NAME/VERSION such as titanic/3.");
            }
        }
        throw new CliException("--model takes NAME@ALIAS or NAME/VERSION, e.g. titanic@production; got '" + spec + "'.");
    }

    /** Versions and aliases from the platform's registry. */
    private static ModelLoader loader(GyreClient client) {
        return new ModelLoader() {
            @Override
            public GyreModel load(String model, int version) {
                try (InputStream in = client.modelPackage(model, version)) {
                    return GyreModel.of(ModelPackages.read(in));
                } catch (IOException e) {
                    throw new GyreException.NotReady("Cannot read the package of " + model + "/" + version + ": "
                            + e.getMessage(), e);
                } catch (GyreClientException e) {
                    throw e.status() == 404 ? new GyreException.NotFound(e.getMessage())
                            : new GyreException.NotReady(e.getMessage(), e);
                }
            }

            @Override
            public int resolveAlias(String model, String alias) {
                Integer version;
                try {
                    version = client.getModel(model).aliases().get(alias);
                } catch (GyreClientException e) {
                    throw e.status() == 404 ? new GyreException.NotFound(e.getMessage())
                            : new GyreException.NotReady(e.getMessage(), e);
                }
                if (version == null) {
                    throw new GyreException.NotFound("Model " + model + " has no alias '" + alias + "'. See its"
                            + " aliases with `gyre models list`, or name a version: --model " + model + "/VERSION.");
                }
                return version;
            }
        };
    }

    private Duration monitoringWindow() {
        try {
            return dev.gyre.monitoring.alert.AlertRule.parseDuration(monitoringWindow.trim());
        } catch (RuntimeException e) {
            throw new CliException("--monitoring-window takes a duration such as 5m or 1h, got '" + monitoringWindow
                    + "'.");
        }
    }

    /** Ships complete segments to the platform. */
    private static SegmentSink sink(GyreClient client) {
        return (segment, file) -> {
            int slash = segment.indexOf('/');
            try {
                client.predictionLogs().ship(segment.substring(0, slash), segment.substring(slash + 1), file);
            } catch (GyreClientException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
