package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.core.GyreException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code gyre} command. {@link #main} is what the launcher runs; {@link #run(String[], Cli)}
 * runs a command line in-process with given streams and environment and returns the exit code:
 * 0 success, 1 failure, 2 usage error.
 */
@Command(name = "gyre",
        description = {"Gyre: an MLOps platform for the JVM.",
                "See it work with `gyre quickstart`; run the platform with `gyre server`;",
                "everything else talks to a running platform."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre quickstart              # the whole lifecycle, told step by step",
                "  gyre server                  # start the platform on port 8080",
                "  gyre login --username admin  # log in (asks for the password)",
                "  gyre user add ann --role data-scientist",
                "  gyre artifact put model.bin models/churn/model.bin",
                "  gyre project charter churn --set charter.yaml",
                "  gyre train --spec train.yaml --data passengers-train@1 -p titanic",
                "  gyre models promote churn-classifier 3 --reason \"beats v2\"",
                "  gyre user add --help         # help and examples of any command",
                "",
                "Environment:",
                "  GYRE_URL         platform URL (instead of --url)",
                "  GYRE_TOKEN       API token (instead of --token)",
                "  GYRE_CONFIG_DIR  where `gyre login` keeps credentials",
                "                   (default: $XDG_CONFIG_HOME/gyre or ~/.config/gyre)",
                "  GYRE_DEBUG=1     show stack traces on errors",
                "",
                "Exit codes: 0 success, 1 failure, 2 usage error."})
public final class Main extends BaseCommand {

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    private final Cli cli;

    /** A {@code gyre} command running in the real process environment. */
    public Main() {
        this(Cli.system());
    }

    /** A {@code gyre} command running in {@code cli}. */
    public Main(Cli cli) {
        this.cli = cli;
    }

    Cli cli() {
        return cli;
    }

    public static void main(String[] args) {
        System.exit(run(args, Cli.system()));
    }

    /** Runs one command line with the given streams and environment (no terminal, no progress bars). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, InputStream.nullInputStream());
    }

    /** Like {@link #run(String[], PrintStream, PrintStream, Map)}, with {@code in} as standard input. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, InputStream in) {
        return run(args, new Cli(out, err, in, env, null, false, dev.gyre.server.ServerMain::run));
    }

    /** Runs one command line in {@code cli}; returns the exit code. */
    public static int run(String[] args, Cli cli) {
        int code = commandLine(cli, args).execute(args);
        cli.out.flush();
        cli.err.flush();
        return code;
    }

    /** The commands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            QuickstartCommand.class,
            ServerCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            UserCommand.class,
            TokenCommand.class,
            ArtifactCommand.class,
            ProjectCommand.class,
            DataCommand.class,
            ExperimentsCommand.class,
            RunsCommand.class,
            ModelsCommand.class,
            TrainCommand.class,
            ScoreCommand.class,
            ServeCommand.class,
            DeployCommand.class,
            MonitorCommand.class,
            AlertsCommand.class,
            PipelineCommand.class,
            StepCommand.class,
            VersionCommand.class);

    /** The configured picocli command line with every command: output streams, error handling, exit codes. */
    public static CommandLine commandLine(Cli cli) {
        return commandLine(cli, new String[0]);
    }

    /**
     * The command line for {@code args}: when the first argument names a command, only that command is built
     * (picocli reads every option of every command it is given, a good part of a short command's start-up);
     * otherwise (help, a version request, a mistyped name) all of them, so help lists them and suggestions work.
     */
    static CommandLine commandLine(Cli cli, String[] line) {
        CommandLine commandLine = new CommandLine(new Main(cli));
        Class<?> only = line.length == 0 ? null : COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(line[0])).findFirst().orElse(null);
        for (Class<?> command : only == null ? COMMANDS : List.of(only)) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(cli.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(cli.err, StandardCharsets.UTF_8), true));
        commandLine.getCommandSpec().version("gyre " + GyreClient.version());
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            if (ex instanceof CommandLine.ParameterException usage) {
                // a command's own checks of how options go together: a usage error like picocli's
                cli.err.println("gyre: " + oneLine(usageProblem(usage)));
                return 2;
            }
            reportFailure(cli, ex);
            return 1;
        });
        commandLine.setParameterExceptionHandler((ex, args) -> {
            cli.err.println("gyre: " + oneLine(usageProblem(ex)));
            if (cli.debug()) {
                ex.printStackTrace(cli.err);
            }
            return 2;
        });
        return commandLine;
    }

    static void reportFailure(Cli cli, Throwable ex) {
        cli.err.println("gyre: " + oneLine(failureMessage(cli, ex)));
        if (cli.debug()) {
            ex.printStackTrace(cli.err);
        }
    }

    private static String failureMessage(Cli cli, Throwable ex) {
        if (ex instanceof GyreClientException api) {
            Endpoint endpoint = cli.endpoint;
            if (api.status() == 401 && endpoint != null && endpoint.token() == null) {
                return "Not logged in to " + endpoint.url() + ": run `gyre login`, or pass --token / set GYRE_TOKEN.";
            }
            String message = api.getMessage();
            if (api.status() >= 500 && api.requestId() != null) {
                message += " (request id " + api.requestId() + ")";
            }
            return message;
        }
        if (ex instanceof CliException || ex instanceof GyreException) {
            return ex.getMessage();
        }
        return "Unexpected error: " + ex + ". Run again with GYRE_DEBUG=1 for details, and please report it.";
    }

    private static String usageProblem(CommandLine.ParameterException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String help = " See '" + spec.qualifiedName() + " --help'.";
        Map<String, CommandLine> subcommands = ex.getCommandLine().getSubcommands();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !subcommands.isEmpty()) {
            List<String> args = unmatched.getUnmatched();
            if (!args.isEmpty() && !args.get(0).startsWith("-")) {
                List<String> suggestions = unmatched.getSuggestions();
                return "Unknown command '" + args.get(0) + "' for '" + spec.qualifiedName() + "'."
                        + (suggestions.isEmpty() ? "" : " Did you mean '" + suggestions.get(0) + "'?") + help;
            }
        }
        if (!subcommands.isEmpty() && String.valueOf(ex.getMessage()).contains("Missing required subcommand")) {
            return "'" + spec.qualifiedName() + "' needs a command: "
                    + subcommands.keySet().stream().collect(Collectors.joining(", ")) + "." + help;
        }
        String message = ex.getMessage() == null ? "Invalid command line." : ex.getMessage();
        return (message.endsWith(".") ? message : message + ".") + help;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
