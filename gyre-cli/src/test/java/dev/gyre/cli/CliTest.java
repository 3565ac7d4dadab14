package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.client.GyreClient;
import dev.gyre.client.MisbehavingServer;
import dev.gyre.client.RunningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gyre command without a running platform: parsing, help, error reporting, login storage, version, server flags. */
class CliTest {

    @TempDir
    Path tmp;

    private CliRun gyre;
    private String nowhere;

    @BeforeEach
    void setUp() throws IOException {
        gyre = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString());
        nowhere = "http://127.0.0.1:" + RunningPlatform.closedPort();
    }

    // ------------------------------------------------------------------ usage errors: exit 2, one line

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun.Result result = gyre.run("usr", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("gyre: Unknown command 'usr' for 'gyre'. Did you mean 'user'? See 'gyre --help'.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        for (String[] args : List.of(
                new String[] {},
                new String[] {"user"},
                new String[] {"user", "frobnicate"},
                new String[] {"user", "add"},
                new String[] {"user", "add", "ann"},
                new String[] {"user", "add", "ann", "--role", "viewer", "--bogus"},
                new String[] {"token", "revoke", "not-a-number"},
                new String[] {"artifact", "put", "only-one"},
                new String[] {"server", "--port", "eighty"})) {
            CliRun.Result result = gyre.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("gyre: ").endsWith("\n")
                    .satisfies(err -> assertThat(err.strip()).doesNotContain("\n"));
        }
        assertThat(gyre.run("user").err()).contains("'gyre user' needs a command: add, list");
        assertThat(gyre.run("user", "add", "ann").err()).contains("--role").contains("See 'gyre user add --help'");
    }

    // ------------------------------------------------------------------ help

    @Test
    void everyCommandHasHelpWithExamples() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(cliFor()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun.Result result = gyre.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(args + "\n" + result).isZero();
            assertThat(result.out()).as(String.valueOf(args)).contains("Usage: gyre").contains("Examples:\n  ");
            for (String line : result.out().split("\n")) {
                assertThat(line.length()).as("help line of " + args + " too wide: " + line).isLessThanOrEqualTo(80);
            }
        }
    }

    @Test
    void footerLinesFitWithoutWrapping() {
        List<List<String>> commands = new ArrayList<>();
        CommandLine root = Main.commandLine(cliFor());
        collect(root, new ArrayList<>(), commands);
        for (List<String> path : commands) {
            CommandLine command = root;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertThat(line.length()).as(path + ": " + line).isLessThan(80);
            }
        }
    }

    @Test
    void helpOfAPlatformCommandListsUrlAndToken() {
        CliRun.Result result = gyre.run("artifact", "get", "--help");

        assertThat(result.out()).contains("--url=URL").contains("--token=TOKEN").contains("GYRE_URL").contains("-o, --output=FILE");
    }

    private static Cli cliFor() {
        return new Cli(System.out, System.err, System.in, Map.of(), null, false, flags -> { });
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            collect(sub.getValue(), subPath, into);
        }
    }

    // ------------------------------------------------------------------ failures: exit 1, one line, no stack trace

    @Test
    void connectionRefusedSaysHowToStartThePlatform() {
        CliRun.Result result = gyre.run("whoami", "--url", nowhere);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: Cannot reach the Gyre platform at " + nowhere
                + ": is it running? Start it with `gyre server`, or point --url / GYRE_URL at it.\n");
    }

    @Test
    void internalErrorsShowTheRequestIdAndStackTracesOnlyWithGyreDebug() {
        try (MisbehavingServer crashed = MisbehavingServer.internalError("Boom.", "abc")) {
            CliRun.Result quiet = gyre.run("whoami", "--url", crashed.url(), "--token", "t");
            assertThat(quiet.exitCode()).isEqualTo(1);
            assertThat(quiet.err()).isEqualTo("gyre: Boom. (request id abc)\n");

            CliRun.Result debug = gyre.env("GYRE_DEBUG", "1").run("whoami", "--url", crashed.url(), "--token", "t");
            assertThat(debug.exitCode()).isEqualTo(1);
            assertThat(debug.err()).startsWith("gyre: Boom. (request id abc)\n").contains("GyreClientException").contains("\tat ");
        }
    }

    @Test
    void messagesAreFlattenedToOneLine() {
        assertThat(Main.oneLine("Unknown role 'wizard'.\n  Use one of: admin, viewer.\r\n"))
                .isEqualTo("Unknown role 'wizard'. Use one of: admin, viewer.");
    }

    @Test
    void localProblemsAreReportedBeforeContactingThePlatform() {
        CliRun.Result result = gyre.run("artifact", "put", tmp.resolve("missing.bin").toString(), "x/y",
                "--url", nowhere, "--token", "t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: No file at " + tmp.resolve("missing.bin") + ".\n");
    }

    // ------------------------------------------------------------------ url and token precedence

    @Test
    void urlAndTokenPrecedenceIsFlagThenEnvironmentThenLoginThenDefault() {
        Optional<Credentials> stored = Optional.of(new Credentials("http://stored:1/", "stored-token", "ann", null));
        Map<String, String> env = Map.of("GYRE_URL", "http://env:2", "GYRE_TOKEN", "env-token");

        assertThat(Endpoint.resolve("http://flag:3", "flag-token", env, stored))
                .isEqualTo(new Endpoint("http://flag:3", "--url", "flag-token", "--token"));
        assertThat(Endpoint.resolve(null, null, env, stored))
                .isEqualTo(new Endpoint("http://env:2", "GYRE_URL", "env-token", "GYRE_TOKEN"));
        assertThat(Endpoint.resolve(null, null, Map.of(), stored))
                .isEqualTo(new Endpoint("http://stored:1", "gyre login", "stored-token", "gyre login"));
        assertThat(Endpoint.resolve(null, null, Map.of(), Optional.empty()))
                .isEqualTo(new Endpoint("http://127.0.0.1:8080", "default", null, null));
        assertThat(Endpoint.resolve("", " ", Map.of("GYRE_URL", ""), Optional.empty()).url()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void theStoredTokenIsNeverSentToAnotherPlatform() {
        Optional<Credentials> stored = Optional.of(new Credentials("http://stored:1", "stored-token", "ann", null));

        Endpoint elsewhere = Endpoint.resolve("http://other:9", null, Map.of(), stored);

        assertThat(elsewhere.url()).isEqualTo("http://other:9");
        assertThat(elsewhere.token()).isNull();
    }

    // ------------------------------------------------------------------ login storage

    @Test
    void credentialsFileIsReadableOnlyByItsOwner() throws IOException {
        Path folder = tmp.resolve("deep/config");
        CredentialStore store = new CredentialStore(folder);

        store.write(new Credentials("http://h:1", "gyr_secret", "ann", 7L));

        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(store.read()).contains(new Credentials("http://h:1", "gyr_secret", "ann", 7L));
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(store.delete()).isTrue();
        assertThat(store.read()).isEmpty();
    }

    @Test
    void credentialsFolderFollowsGyreConfigDirThenXdg() {
        assertThat(CredentialStore.folder(Map.of("GYRE_CONFIG_DIR", "/a/b", "XDG_CONFIG_HOME", "/x"))).isEqualTo(Path.of("/a/b"));
        assertThat(CredentialStore.folder(Map.of("XDG_CONFIG_HOME", "/x"))).isEqualTo(Path.of("/x/gyre"));
        assertThat(CredentialStore.folder(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "gyre"));
    }

    @Test
    void anUnreadableLoginFileIsReportedAndLogoutRemovesIt() throws IOException {
        Files.createDirectories(tmp.resolve("config"));
        Files.writeString(tmp.resolve("config/credentials.json"), "{not json");

        CliRun.Result result = gyre.run("whoami");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("gyre: Cannot read the stored login in ").contains("Run `gyre logout`");

        assertThat(gyre.run("logout").exitCode()).isZero();
        assertThat(tmp.resolve("config/credentials.json")).doesNotExist();
    }

    @Test
    void passwordLoginWithoutTerminalOrStdinSaysWhatToDo() {
        CliRun.Result result = gyre.run("login", "--url", nowhere, "-u", "ann");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: No terminal to ask for the password: pipe it in with --password-stdin.\n");
    }

    // ------------------------------------------------------------------ version and server

    @Test
    void versionWorksWithoutAPlatform() {
        CliRun.Result result = gyre.run("version", "--url", nowhere);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("gyre " + GyreClient.version() + "\n").contains("not reachable").contains(nowhere);
    }

    @Test
    void serverPassesOnlyTheGivenOptions() {
        CliRun.Result result = gyre.run("server", "--home", "/srv/gyre", "--port", "0", "--db-user", "gyre", "--db-password", "pw");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(gyre.serverStarts).containsExactly(Map.of("home", "/srv/gyre", "port", "0", "db_user", "gyre", "db_password", "pw"));
    }
}
