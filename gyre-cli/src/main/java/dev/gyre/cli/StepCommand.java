package dev.gyre.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.gyre.pipelines.StepDescription;
import dev.gyre.pipelines.StepResult;
import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gyre step run --step-json FILE}: executes one pipeline step from its serialised description against the
 * platform's stores, the entry point of executors that run steps outside the platform's process (a Kubernetes Job, a
 * Spark driver): they write the description, start this, and read the result it prints.
 */
@Command(name = "step",
        description = {"Run pipeline steps outside the platform's process: the entry point of step executors."},
        subcommands = {StepCommand.Run.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {"  gyre step run --step-json step.json --home /srv/gyre"})
final class StepCommand extends BaseCommand {

    @Command(name = "run",
            description = {"Execute one pipeline step described as JSON (StepDescription: run id, step id, kind,"
                    + " params, inputs, code version) against the platform's metadata and artifact stores, acting as"
                    + " the user its run acts as, and print the result as JSON on standard output (status, outputs,"
                    + " results, logs, error). The run itself is not changed: the executor that started this records"
                    + " the result. Exit code 0 when the step succeeded, 1 when it failed.",
                    "Settings as for `gyre server`: <home>/gyre.yaml, GYRE_* variables, then these options."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre step run --step-json step.json --home /srv/gyre",
                    "  gyre step run --step-json - --db jdbc:postgresql://db:5432/gyre \\",
                    "      --db-user gyre --artifacts s3://bucket/gyre < step.json",
                    "  # the password comes from GYRE_DB_PASSWORD"})
    static final class Run extends BaseCommand implements Callable<Integer> {
        @Option(names = "--step-json", required = true, paramLabel = "FILE",
                description = "The step's description as JSON; - reads standard input.")
        String stepJson;

        @Option(names = "--home", paramLabel = "DIR", description = "The platform's home folder (as for gyre server).")
        String home;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "The platform's metadata database.")
        String db;

        @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
        String dbUser;

        @Option(names = "--artifacts", paramLabel = "URI", description = "The platform's artifact store.")
        String artifacts;

        @Override
        public Integer call() throws IOException {
            String text = stepJson.equals("-") ? new String(cli().in.readAllBytes(), StandardCharsets.UTF_8)
                    : readFile(stepJson);
            StepDescription description = StepDescription.fromJson(text);
            Map<String, String> flags = new LinkedHashMap<>();
            put(flags, "home", home);
            put(flags, "db", db);
            put(flags, "db_user", dbUser);
            put(flags, "artifacts", artifacts);
            StepResult result;
            try (GyreServer worker = GyreServer.startWorker(ConfigLoader.load(flags, cli().env))) {
                result = worker.pipelines().executeHere(description);
            }
            cli().out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .writeValueAsString(result));
            return result.succeeded() ? 0 : 1;
        }

        private static String readFile(String path) {
            try {
                return Files.readString(Path.of(path));
            } catch (IOException e) {
                throw new CliException("Cannot read the step description " + path + ": " + e.getMessage()
                        + ". Give the file an executor wrote, or - for standard input.");
            }
        }

        private static void put(Map<String, String> flags, String key, String value) {
            if (value != null) {
                flags.put(key, value);
            }
        }
    }
}
