package dev.gyre.cli;

import dev.gyre.server.GyreServer;
import dev.gyre.server.ServerMain;
import dev.gyre.server.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run the {@code ./gyre} launcher records a class-data-sharing archive from after each build: the
 * platform's start and common request paths ({@link ServerMain#trainingRun()}), then common CLI commands
 * in-process against a throw-away platform — so both {@code gyre server} and short commands such as
 * {@code gyre data add} (re-adding an unchanged file) map their classes from the archive instead of
 * loading them again.
 */
public final class ClassArchiveTraining {

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        ServerMain.trainingRun();
        Path home = Files.createTempDirectory("gyre-training-run");
        try (GyreServer server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()))) {
            String token = Files.readString(server.adminTokenFile()).trim();
            Path csv = home.resolve("warm-up.csv");
            Files.writeString(csv, "id,name,score,when\n1,a,0.5,2024-01-01\n2,b,1.5,2024-01-02\n");
            Map<String, String> env = Map.of("GYRE_URL", server.baseUrl(), "GYRE_TOKEN", token,
                    "GYRE_CONFIG_DIR", home.resolve("config").toString());
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            String[][] commands = {
                {"whoami"},
                {"project", "create", "warm-up"},
                {"data", "add", csv.toString(), "--project", "warm-up", "--name", "warm-up"},
                {"data", "add", csv.toString(), "--project", "warm-up", "--name", "warm-up"},
                {"data", "versions", "warm-up", "--project", "warm-up"},
                {"data", "show", "warm-up@1", "--project", "warm-up"},
                {"experiments", "list"},
                {"models", "list"},
                {"data", "add", "--help"},
            };
            for (String[] command : commands) {
                Cli cli = new Cli(discard, discard, new ByteArrayInputStream(new byte[0]), env, null, false, flags -> { });
                Main.run(command, cli);
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder
            }
        }
    }
}
