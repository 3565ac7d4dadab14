package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gyre quickstart}: the whole lifecycle of the Titanic example on a platform started in this process, told
 * stage by stage (see {@link Quickstart}); then the platform stays up until Ctrl-C, or stops with {@code --exit}.
 */
@Command(name = "quickstart",
        description = {"Show the whole lifecycle on the Titanic example, in a minute or so.",
                "Starts a platform in this process on a new home, then: a second user and a project with a charter;"
                        + " the Titanic pipeline from raw data to deployment, with checkpoints and an approval;"
                        + " traffic with its true labels; drift that fires an alert and a retraining run against"
                        + " the champion; a summary with links. The platform then stays up until Ctrl-C."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre quickstart                      # new home under the temp folder",
                "  gyre quickstart --port 9000          # when port 8080 is taken",
                "  gyre quickstart --home ~/gyre-demo   # keep it; restart it later with",
                "  gyre server --home ~/gyre-demo       # ... the same settings",
                "  gyre quickstart --exit               # stop at the end (scripts, CI)"})
final class QuickstartCommand extends BaseCommand implements Callable<Integer> {

    /** The bundled example, inside the jar. */
    static final String EXAMPLE = "quickstart/titanic";

    @Option(names = "--home", paramLabel = "DIR",
            description = "A new or empty folder for the platform's home. Default: a new folder under the"
                    + " system's temporary folder.")
    String home;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port of the platform (on 127.0.0.1). Default: 8080; 0 picks a free port.")
    int port;

    @Option(names = "--exit", description = "Stop the platform and exit once the story is told.")
    boolean exit;

    @Option(names = "--pipeline", paramLabel = "FILE",
            description = "A pipeline spec to run instead of the example's pipeline.yaml; its files are looked up"
                    + " beside it, then in the example.")
    Path pipeline;

    @Override
    public Integer call() throws Exception {
        Cli cli = cli();
        String specText = spec();
        PipelineSpecFiles.Source files = pipeline == null ? PipelineSpecFiles.Source.resources(EXAMPLE)
                : firstOf(PipelineSpecFiles.Source.directory(pipeline.toAbsolutePath().getParent()),
                        PipelineSpecFiles.Source.resources(EXAMPLE));

        cli.out.println(QuickstartNarration.heading(1, "The platform"));
        Path homeDir = QuickstartHome.prepare(home);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("home", homeDir.toString());
        flags.put("port", Integer.toString(port));
        GyreServer server;
        PlatformLog log = PlatformLog.toFile(homeDir.resolve("platform.log"));
        try {
            server = GyreServer.start(ConfigLoader.load(flags, cli.env));
        } catch (RuntimeException e) {
            log.close();
            if (home == null) {
                deleteQuietly(homeDir); // the new temporary home holds nothing worth keeping
            }
            throw e;
        }
        try {
            cli.out.println(QuickstartNarration.detail("home", homeDir + " (embedded database, artifacts,"
                    + " gyre.yaml, alerts.yaml)"));
            cli.out.println(QuickstartNarration.detail("listening", server.baseUrl()));
            cli.out.println(QuickstartNarration.detail("log", homeDir.resolve("platform.log").toString()));
            cli.out.println(QuickstartNarration.detail("settings", "monitoring window 5s, evaluated every 5s,"
                    + " drift of a third of the inputs asks for retraining"));
            String token = Files.readString(server.adminTokenFile()).strip();
            GyreClient admin = GyreClient.builder().url(server.baseUrl()).token(token).build();
            new Quickstart(cli.out, cli.err, cli.progress, admin, Quickstart.Settings.defaults(), server.baseUrl(),
                    server.adminTokenFile(), files, specText).tell();
            cli.out.println();
            if (exit) {
                cli.out.println("Done. Stopping the platform (--exit); start it again with `gyre server --home "
                        + homeDir + " --port " + server.port() + "`.");
                cli.out.flush();
                return 0;
            }
            cli.out.println("Gyre is running at " + server.baseUrl() + ". Press Ctrl-C to stop it.");
            cli.out.flush();
            awaitStop(server);
            return 0;
        } finally {
            server.close();
            log.close();
        }
    }

    private String spec() {
        if (pipeline != null) {
            try {
                return Files.readString(pipeline, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("Cannot read the pipeline spec " + pipeline + ": " + e.getMessage()
                        + ". Pass a readable file with --pipeline, or leave it out to run the example's.", e);
            }
        }
        return PipelineSpecFiles.Source.resources(EXAMPLE).read("pipeline.yaml")
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new CliException("This build of Gyre carries no example pipeline"
                        + " (examples/titanic/pipeline.yaml). Rebuild it from a checkout that has one"
                        + " (./mvnw -DskipTests package), or pass a spec with --pipeline."));
    }

    private static PipelineSpecFiles.Source firstOf(PipelineSpecFiles.Source first, PipelineSpecFiles.Source second) {
        return relative -> {
            Optional<byte[]> found = first.read(relative);
            return found.isPresent() ? found : second.read(relative);
        };
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM); the server is closed by the caller then. */
    private static void awaitStop(GyreServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gyre-quickstart-shutdown"));
        stopped.await();
    }
}
