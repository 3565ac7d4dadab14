package dev.gyre.server;

import dev.gyre.core.GyreException;
import dev.gyre.server.config.ConfigLoader;
import dev.gyre.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/** Entry point of the platform process; {@code gyre server} calls {@link #run}. */
public final class ServerMain {

    /** Argument of {@link #main} that runs {@link #trainingRun()} (used by the launcher). */
    static final String TRAINING_RUN = "--class-archive-training-run";

    private ServerMain() {
    }

    /**
     * Starts a platform on a throw-away home and port, exercises the common request paths, and
     * stops it. The {@code ./gyre} launcher runs this once after each build under
     * {@code -XX:ArchiveClassesAtExit} so that later starts map the loaded classes from a
     * class-data-sharing archive instead of loading them again (about half the start-up time).
     */
    public static void trainingRun() throws Exception {
        Path home = Files.createTempDirectory("gyre-training-run");
        try (GyreServer server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()))) {
            String token = Files.readString(server.adminTokenFile()).trim();
            HttpClient http = HttpClient.newHttpClient();
            String base = server.baseUrl();
            for (String path : new String[] {"/readyz", "/api/v1/whoami", "/api/v1/users", "/api/v1/tokens", "/api/v1/nothing"}) {
                http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/artifacts/content?path=warm/up.txt"))
                    .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString("warm")).build(),
                    HttpResponse.BodyHandlers.discarding());
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/artifacts/content?path=warm/up.txt"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
            // the MLflow tracking and registry paths: experiment, run, batch, search, model
            String mlflow = base + "/api/2.0/mlflow/";
            String[][] calls = {
                {"experiments/create", "{\"name\":\"warm-up\"}"},
                {"runs/create", "{\"experiment_id\":\"0\"}"},
                {"runs/search", "{\"experiment_ids\":[\"0\"],\"filter\":\"metrics.m > 0 and params.p = 'x'\","
                        + "\"order_by\":[\"metrics.m DESC\"]}"},
                {"registered-models/create", "{\"name\":\"warm-up\"}"},
            };
            for (String[] call : calls) {
                http.send(HttpRequest.newBuilder(URI.create(mlflow + call[0])).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call[1])).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Loads the configuration (gyre.yaml, then GYRE_* environment, then these flags), starts the
     * platform and blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops gracefully.
     *
     * @param flags keys {@code home, host, port, db, db_user, db_password, artifacts, …} (see {@link ConfigLoader})
     */
    public static void run(Map<String, String> flags) throws InterruptedException {
        ServerConfig config = ConfigLoader.load(flags, System.getenv());
        GyreServer server = GyreServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gyre-shutdown"));
        stopped.await();
    }

    /** {@code java dev.gyre.server.ServerMain --home=DIR --port=8080 …}: the flags of {@link #run} as {@code --key=value}. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(TRAINING_RUN)) {
            trainingRun();
            return;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("gyre: arguments are --key=value, e.g. --home=/tmp/gyre --port=8080; got '" + arg + "'");
                System.exit(2);
            }
            int eq = arg.indexOf('=');
            flags.put(arg.substring(2, eq).replace('-', '_'), arg.substring(eq + 1));
        }
        try {
            run(flags);
        } catch (GyreException e) {
            System.err.println("gyre: " + e.getMessage());
            System.exit(1);
        }
    }
}
