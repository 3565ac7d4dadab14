package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gyre command without a platform: parsing, help, error reporting, login storage, against a fake HTTP server. */
class CliTest {

    private static final String ADMIN = "{\"id\":1,\"username\":\"admin\",\"role\":\"admin\",\"created_at\":\"2026-01-02T03:04:05Z\",\"disabled\":false}";

    @TempDir
    Path tmp;

    private FakePlatform platform;
    private CliRun gyre;

    @BeforeEach
    void setUp() throws IOException {
        platform = new FakePlatform();
        gyre = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString());
    }

    @AfterEach
    void tearDown() {
        platform.close();
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
    void connectionRefusedSaysHowToStartThePlatform() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRun.Result result = gyre.run("whoami", "--url", "http://127.0.0.1:" + port);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: Cannot reach the Gyre platform at http://127.0.0.1:" + port
                + ": is it running? Start it with `gyre server`, or point --url / GYRE_URL at it.\n");
    }

    @Test
    void theServersMessageIsShownForApiErrors() {
        platform.on("POST /api/v1/users", 400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\","
                + "\"message\":\"Unknown role 'wizard'.\\nUse one of: admin, viewer.\",\"request_id\":\"r1\"}");

        CliRun.Result result = gyre.run("user", "add", "ann", "--role", "wizard", "--url", platform.url(), "--token", "t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: Unknown role 'wizard'. Use one of: admin, viewer.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unauthenticatedWithoutAnyTokenSuggestsLoggingIn() {
        platform.on("GET /api/v1/users", 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Missing token.\"}");

        CliRun.Result result = gyre.run("user", "list", "--url", platform.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: Not logged in to " + platform.url()
                + ": run `gyre login`, or pass --token / set GYRE_TOKEN.\n");
    }

    @Test
    void stackTracesOnlyWithGyreDebug() {
        platform.on("GET /api/v1/whoami", 500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"Boom.\",\"request_id\":\"abc\"}");

        CliRun.Result quiet = gyre.run("whoami", "--url", platform.url(), "--token", "t");
        assertThat(quiet.err()).isEqualTo("gyre: Boom. (request id abc)\n");

        CliRun.Result debug = gyre.env("GYRE_DEBUG", "1").run("whoami", "--url", platform.url(), "--token", "t");
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).startsWith("gyre: Boom. (request id abc)\n").contains("GyreClientException").contains("\tat ");
    }

    @Test
    void localProblemsGetTheirOwnMessage() {
        CliRun.Result result = gyre.run("artifact", "put", tmp.resolve("missing.bin").toString(), "x/y",
                "--url", platform.url(), "--token", "t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: No file at " + tmp.resolve("missing.bin") + ".\n");
        assertThat(platform.requests).isEmpty();
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

    @Test
    void theCommandSendsTheTokenOfHighestPrecedence() {
        platform.on("GET /api/v1/whoami", 200, ADMIN);
        CredentialStore.forEnvironment(gyre.env).write(new Credentials(platform.url(), "stored-token", "admin", null));

        assertThat(gyre.run("whoami").exitCode()).isZero();
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer stored-token");

        gyre.env("GYRE_TOKEN", "env-token");
        CliRun.Result result = gyre.run("whoami");
        assertThat(result.out()).isEqualTo("admin (role admin) at " + platform.url() + ", token from GYRE_TOKEN\n");
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer env-token");

        assertThat(gyre.run("whoami", "--token", "flag-token").exitCode()).isZero();
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer flag-token");
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
    void loginWithATokenVerifiesAndStoresIt() throws IOException {
        platform.on("GET /api/v1/whoami", 200, ADMIN);

        CliRun.Result result = gyre.run("login", "--url", platform.url() + "/", "--token", "gyr_admin");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Logged in to " + platform.url() + " as admin (role admin).");
        Path file = tmp.resolve("config/credentials.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("url").asText()).isEqualTo(platform.url());
        assertThat(json.get("token").asText()).isEqualTo("gyr_admin");
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer gyr_admin");
    }

    @Test
    void aRejectedTokenIsNotStored() {
        platform.on("GET /api/v1/whoami", 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"The token is not valid.\"}");

        CliRun.Result result = gyre.run("login", "--url", platform.url(), "--token", "bad");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: The token is not valid.\n");
        assertThat(tmp.resolve("config/credentials.json")).doesNotExist();
    }

    @Test
    void passwordLoginCreatesATokenAndLogoutRevokesIt() throws IOException {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_new\",\"id\":42,\"name\":\"n\",\"username\":\"ann\"}");
        platform.on("GET /api/v1/whoami", 200, ADMIN.replace("\"admin\",\"role\"", "\"ann\",\"role\""));
        platform.on("DELETE /api/v1/tokens/42", 200, "{\"id\":42,\"name\":\"n\"}");
        gyre.stdin = "s3cret\nignored\n";

        CliRun.Result login = gyre.run("login", "--url", platform.url(), "-u", "ann", "--password-stdin", "--token-name", "n");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        FakePlatform.Recorded create = platform.requests.get(0);
        assertThat(create.header("Authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer gyr_new");
        assertThat(Files.readString(tmp.resolve("config/credentials.json"))).contains("gyr_new").contains("42");

        CliRun.Result logout = gyre.run("logout");

        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(platform.last().method()).isEqualTo("DELETE");
        assertThat(platform.last().path()).isEqualTo("/api/v1/tokens/42");
        assertThat(tmp.resolve("config/credentials.json")).doesNotExist();
        assertThat(gyre.run("logout").out()).contains("Not logged in");
    }

    @Test
    void loggingInAgainRevokesTheTokenTheEarlierPasswordLoginCreated() throws IOException {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_second\",\"id\":43,\"name\":\"n\",\"username\":\"ann\"}");
        platform.on("GET /api/v1/whoami", 200, ADMIN);
        platform.on("DELETE /api/v1/tokens/42", 200, "{\"id\":42,\"name\":\"n\"}");
        CredentialStore.forEnvironment(gyre.env).write(new Credentials(platform.url(), "gyr_first", "ann", 42L));
        gyre.stdin = "pw\n";

        CliRun.Result result = gyre.run("login", "--url", platform.url(), "-u", "ann", "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        FakePlatform.Recorded revoke = platform.last();
        assertThat(revoke.method() + " " + revoke.path()).isEqualTo("DELETE /api/v1/tokens/42");
        assertThat(revoke.header("Authorization")).isEqualTo("Bearer gyr_first");
        assertThat(CredentialStore.forEnvironment(gyre.env).read()).map(Credentials::token).contains("gyr_second");
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
        CliRun.Result result = gyre.run("login", "--url", platform.url(), "-u", "ann");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: No terminal to ask for the password: pipe it in with --password-stdin.\n");
    }

    @Test
    void passwordLoginPromptsOnTheTerminal() {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_t\",\"id\":1,\"name\":\"n\",\"username\":\"ann\"}");
        platform.on("GET /api/v1/whoami", 200, ADMIN);
        List<String> prompts = new ArrayList<>();
        gyre.terminal = new Cli.Terminal() {
            @Override
            public String readLine(String prompt) {
                prompts.add(prompt);
                return "ann";
            }

            @Override
            public char[] readPassword(String prompt) {
                prompts.add(prompt);
                return "pw".toCharArray();
            }
        };

        CliRun.Result result = gyre.run("login", "--url", platform.url());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(prompts).containsExactly("Username: ", "Password for ann: ");
    }

    // ------------------------------------------------------------------ other commands against the fake

    @Test
    void tokenCreatePrintsOnlyTheSecretOnStdout() {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_abc\",\"id\":3,\"name\":\"ci\",\"username\":\"admin\"}");

        CliRun.Result result = gyre.run("token", "create", "--name", "ci", "--expires-in-days", "30", "--url", platform.url(), "--token", "t");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("gyr_abc\n");
        assertThat(result.err()).contains("Created token 3 'ci'").contains("only time");
        assertThat(platform.last().bodyText()).isEqualTo("{\"name\":\"ci\",\"expires_in_days\":30}");
    }

    @Test
    void listsAreTablesOrJson() throws IOException {
        platform.on("GET /api/v1/users", 200, "{\"users\":[" + ADMIN + ",{\"id\":2,\"username\":\"ann\",\"role\":\"data-scientist\","
                + "\"created_at\":\"2026-01-03T00:00:00Z\",\"disabled\":true}]}");

        CliRun.Result table = gyre.run("user", "list", "--url", platform.url(), "--token", "t");
        assertThat(table.out().split("\n")).containsExactly(
                "USERNAME  ROLE            STATUS    CREATED               ID",
                "admin     admin           active    2026-01-02T03:04:05Z  1",
                "ann       data-scientist  disabled  2026-01-03T00:00:00Z  2");

        CliRun.Result json = gyre.run("user", "list", "--json", "--url", platform.url(), "--token", "t");
        JsonNode users = new ObjectMapper().readTree(json.out());
        assertThat(users.isArray()).isTrue();
        assertThat(users.get(1).get("username").asText()).isEqualTo("ann");
        assertThat(users.get(1).get("created_at").asText()).isEqualTo("2026-01-03T00:00:00Z");
    }

    @Test
    void artifactPutAndGetThroughTheCommand() throws Exception {
        byte[] data = new byte[50_000];
        new Random(1).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        byte[][] stored = new byte[1][];
        platform.on("PUT /api/v1/artifacts/content", (exchange, body) -> {
            stored[0] = body;
            FakePlatform.respond(exchange, 201, "{\"path\":\"m/model.bin\",\"size\":" + body.length + ",\"sha256\":\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"}");
        });
        platform.on("GET /api/v1/artifacts/content", (exchange, body) -> {
            exchange.getResponseHeaders().add("X-Gyre-Sha256", sha);
            exchange.sendResponseHeaders(200, stored[0].length);
            exchange.getResponseBody().write(stored[0]);
        });
        Path local = tmp.resolve("model.bin");
        Files.write(local, data);

        CliRun.Result put = gyre.run("artifact", "put", local.toString(), "m/", "--url", platform.url(), "--token", "t");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(platform.last().query()).isEqualTo("path=m%2Fmodel.bin");
        assertThat(put.out()).contains("sha256 " + sha);

        Path out = tmp.resolve("copy.bin");
        CliRun.Result get = gyre.run("artifact", "get", "m/model.bin", "-o", out.toString(), "--url", platform.url(), "--token", "t");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);

        CliRun.Result toStdout = gyre.run("artifact", "get", "m/model.bin", "-o", "-", "--url", platform.url(), "--token", "t");
        assertThat(toStdout.outBytes()).isEqualTo(data);
    }

    @Test
    void versionWorksWithoutAPlatform() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRun.Result result = gyre.run("version", "--url", "http://127.0.0.1:" + port);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("gyre " + dev.gyre.client.GyreClient.version() + "\n").contains("not reachable");
    }

    @Test
    void versionShowsThePlatformsVersion() {
        platform.on("GET /healthz", 200, "{\"status\":\"ok\",\"version\":\"9.9.9\"}");

        CliRun.Result result = gyre.run("version", "--url", platform.url());

        assertThat(result.out()).contains("platform 9.9.9 at " + platform.url());
    }

    @Test
    void serverPassesOnlyTheGivenOptions() {
        CliRun.Result result = gyre.run("server", "--home", "/srv/gyre", "--port", "0", "--db-user", "gyre", "--db-password", "pw");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(gyre.serverStarts).containsExactly(Map.of("home", "/srv/gyre", "port", "0", "db_user", "gyre", "db_password", "pw"));
    }
}
