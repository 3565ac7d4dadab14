package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.RunningPlatform;
import dev.gyre.client.TokenInfo;
import dev.gyre.client.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gyre command against a real platform started in this JVM on a free port. */
class CliAgainstPlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse";

    @TempDir
    static Path home;

    static RunningPlatform platform;
    static String url;
    static GyreClient admin;

    @TempDir
    Path tmp;

    CliRun gyre;

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = RunningPlatform.start(home);
        url = platform.url();
        admin = platform.admin();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void setUp() {
        gyre = new CliRun().env("GYRE_CONFIG_DIR", tmp.resolve("config").toString());
    }

    private CliRun asAdmin() {
        return gyre.env("GYRE_URL", url).env("GYRE_TOKEN", platform.adminToken());
    }

    private Path credentialsFile() {
        return tmp.resolve("config/credentials.json");
    }

    private static String platformMessageFor(Runnable call) {
        return catchThrowableOfType(call::run, GyreClientException.class).getMessage();
    }

    private static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    // ------------------------------------------------------------------ identity, url and token

    @Test
    void whoamiPrintsTheUserAsTextOrJson() throws IOException {
        asAdmin();

        assertThat(ok(gyre.run("whoami")).out()).isEqualTo("admin (role admin) at " + url + ", token from GYRE_TOKEN\n");
        JsonNode me = JSON.readTree(ok(gyre.run("whoami", "--json")).out());
        assertThat(me.get("username").asText()).isEqualTo("admin");
        assertThat(me.get("created_at").asText()).isEqualTo(admin.whoami().createdAt().toString());
    }

    @Test
    void theTokenFromTheFlagBeatsTheEnvironmentWhichBeatsTheLogin() {
        String stored = unique("stored");
        String fromEnv = unique("env");
        String fromFlag = unique("flag");
        CredentialStore.forEnvironment(gyre.env)
                .write(new Credentials(url, platform.tokenOfNewUser(stored, "viewer"), stored, null));

        assertThat(ok(gyre.run("whoami")).out()).isEqualTo(stored + " (role viewer) at " + url + ", token from gyre login\n");

        gyre.env("GYRE_TOKEN", platform.tokenOfNewUser(fromEnv, "viewer"));
        assertThat(ok(gyre.run("whoami")).out()).isEqualTo(fromEnv + " (role viewer) at " + url + ", token from GYRE_TOKEN\n");

        String flagToken = platform.tokenOfNewUser(fromFlag, "viewer");
        assertThat(ok(gyre.run("whoami", "--token", flagToken)).out())
                .isEqualTo(fromFlag + " (role viewer) at " + url + ", token from --token\n");
    }

    @Test
    void theUrlFromTheFlagBeatsTheEnvironmentWhichBeatsTheLogin() throws IOException {
        String nowhere = "http://127.0.0.1:" + RunningPlatform.closedPort();
        CredentialStore.forEnvironment(gyre.env).write(new Credentials(nowhere, "gyr_unused", "admin", null));
        gyre.env("GYRE_TOKEN", platform.adminToken());

        assertThat(gyre.run("whoami").err()).contains("Cannot reach the Gyre platform at " + nowhere);
        gyre.env("GYRE_URL", url);
        assertThat(ok(gyre.run("whoami")).out()).startsWith("admin (role admin) at " + url);
        gyre.env("GYRE_URL", nowhere);
        assertThat(ok(gyre.run("whoami", "--url", url)).out()).startsWith("admin (role admin) at " + url);
    }

    @Test
    void withoutAnyTokenTheCommandSuggestsLoggingIn() {
        CliRun.Result result = gyre.run("user", "list", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: Not logged in to " + url + ": run `gyre login`, or pass --token / set GYRE_TOKEN.\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void apiErrorsShowThePlatformsMessageOnOneLine() {
        String name = unique("carl");
        String expected = platformMessageFor(() -> admin.createUser(name, "wizard", null));

        CliRun.Result result = asAdmin().run("user", "add", name, "--role", "wizard");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: " + Main.oneLine(expected) + "\n").contains("wizard");
        assertThat(result.err()).doesNotContain("request id").doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }

    // ------------------------------------------------------------------ users and tokens

    @Test
    void userCommandsAddChangeDisableAndEnable() {
        asAdmin();
        String name = unique("bob");

        assertThat(ok(gyre.run("user", "add", name, "--role", "viewer")).out()).contains("Created user " + name + " with role viewer.");
        assertThat(ok(gyre.run("user", "set-role", name, "sme")).out()).contains("now has role sme");
        assertThat(admin.getUser(name).role()).isEqualTo("sme");
        ok(gyre.run("user", "disable", name));
        assertThat(admin.getUser(name).disabled()).isTrue();
        ok(gyre.run("user", "enable", name));
        assertThat(admin.getUser(name).disabled()).isFalse();
    }

    @Test
    void listsAreAlignedTablesOrJson() throws IOException {
        asAdmin();
        String name = unique("dis");
        admin.createUser(name, "data-scientist", null);
        User user = admin.updateUser(name, null, null, true);

        List<String> lines = List.of(ok(gyre.run("user", "list")).out().split("\n"));
        String header = lines.get(0);
        assertThat(header).matches("USERNAME +ROLE +STATUS +CREATED +ID");
        String row = lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
        assertThat(row).matches(name + " +data-scientist +disabled +" + user.createdAt().truncatedTo(ChronoUnit.SECONDS) + " +" + user.id());
        for (String column : List.of("ROLE", "STATUS", "CREATED", "ID")) {
            assertThat(row.charAt(header.indexOf(column) - 1)).as(column).isEqualTo(' ');
            assertThat(row.charAt(header.indexOf(column))).as(column).isNotEqualTo(' ');
        }

        JsonNode users = JSON.readTree(ok(gyre.run("user", "list", "--json")).out());
        assertThat(users.isArray()).isTrue();
        JsonNode listed = StreamSupport.stream(users.spliterator(), false)
                .filter(u -> u.get("username").asText().equals(name)).findFirst().orElseThrow();
        assertThat(listed.get("created_at").asText()).isEqualTo(user.createdAt().toString());
        assertThat(listed.get("disabled").asBoolean()).isTrue();
        assertThat(listed.get("role").asText()).isEqualTo("data-scientist");
    }

    @Test
    void tokenCreatePrintsOnlyTheSecretOnStdout() {
        asAdmin();
        String name = unique("ci");

        CliRun.Result result = ok(gyre.run("token", "create", "--name", name, "--expires-in-days", "30"));

        assertThat(result.out()).matches("gyr_\\S+\n");
        TokenInfo created = admin.listTokens().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
        assertThat(result.err()).contains("Created token " + created.id() + " '" + name + "'").contains("only time");
        assertThat(Duration.between(created.createdAt(), created.expiresAt())).isCloseTo(Duration.ofDays(30), Duration.ofMinutes(1));
        assertThat(ok(gyre.run("whoami", "--token", result.out().strip())).out()).startsWith("admin ");
    }

    @Test
    void aRevokedTokenFailsWithOneLine() {
        asAdmin();
        String name = unique("short-lived");
        String secret = ok(gyre.run("token", "create", "--name", name)).out().strip();
        TokenInfo mine = admin.listTokens().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
        assertThat(ok(gyre.run("token", "list")).out()).containsPattern(mine.id() + "\\s+" + name + "\\s+active");

        ok(gyre.run("token", "revoke", String.valueOf(mine.id())));

        assertThat(gyre.run("token", "list").out()).containsPattern(mine.id() + "\\s+" + name + "\\s+revoked");
        CliRun.Result denied = gyre.run("whoami", "--token", secret);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).startsWith("gyre: ").endsWith("\n");
        assertThat(denied.err().strip()).doesNotContain("\n");
        assertThat(denied.out()).isEmpty();
    }

    // ------------------------------------------------------------------ login and logout

    @Test
    void loginWithATokenVerifiesAndStoresItReadableOnlyByItsOwner() throws IOException {
        CliRun.Result login = ok(gyre.run("login", "--url", url + "/", "--token", platform.adminToken()));

        assertThat(login.out()).startsWith("Logged in to " + url + " as admin (role admin).");
        Path file = credentialsFile();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode json = JSON.readTree(file.toFile());
        assertThat(json.get("url").asText()).isEqualTo(url);
        assertThat(json.get("token").asText()).isEqualTo(platform.adminToken());
        assertThat(ok(gyre.run("whoami")).out()).isEqualTo("admin (role admin) at " + url + ", token from gyre login\n");

        assertThat(ok(gyre.run("logout")).out()).isEqualTo("Logged out of " + url + ".\n");
        assertThat(file).doesNotExist();
        assertThat(admin.whoami().username()).isEqualTo("admin");
    }

    @Test
    void aRejectedTokenIsNotStored() {
        String expected = platformMessageFor(() -> admin.withToken("gyr_bad").whoami());

        CliRun.Result result = gyre.run("login", "--url", url, "--token", "gyr_bad");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("gyre: " + Main.oneLine(expected) + "\n");
        assertThat(credentialsFile()).doesNotExist();
    }

    @Test
    void passwordLoginCreatesATokenAndLogoutRevokesIt() throws IOException {
        String name = unique("dora");
        admin.createUser(name, "data-scientist", PASSWORD);
        gyre.stdin = PASSWORD + "\nignored\n";

        ok(gyre.run("login", "--url", url, "-u", name, "--password-stdin", "--token-name", "laptop"));

        TokenInfo created = admin.listTokens(name).stream().filter(t -> t.name().equals("laptop")).findFirst().orElseThrow();
        Credentials stored = CredentialStore.forEnvironment(gyre.env).read().orElseThrow();
        assertThat(stored.tokenId()).isEqualTo(created.id());
        assertThat(stored.username()).isEqualTo(name);
        assertThat(ok(gyre.run("whoami")).out()).startsWith(name + " (role data-scientist) at " + url);

        assertThat(ok(gyre.run("logout")).out()).isEqualTo("Logged out of " + url + " and revoked its token.\n");

        assertThat(admin.listTokens(name)).singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
        assertThat(gyre.run("whoami", "--url", url, "--token", stored.token()).exitCode()).isEqualTo(1);
        assertThat(credentialsFile()).doesNotExist();
        assertThat(ok(gyre.run("logout")).out()).contains("Not logged in");
    }

    @Test
    void logoutKeepingTheTokenLeavesItValid() {
        String name = unique("kim");
        admin.createUser(name, "viewer", PASSWORD);
        gyre.stdin = PASSWORD + "\n";
        ok(gyre.run("login", "--url", url, "-u", name, "--password-stdin"));
        String token = CredentialStore.forEnvironment(gyre.env).read().orElseThrow().token();

        assertThat(ok(gyre.run("logout", "--keep-token")).out()).isEqualTo("Logged out of " + url + ".\n");

        assertThat(credentialsFile()).doesNotExist();
        assertThat(admin.withToken(token).whoami().username()).isEqualTo(name);
    }

    @Test
    void loggingInAgainRevokesTheTokenTheEarlierPasswordLoginCreated() {
        String name = unique("eve");
        admin.createUser(name, "viewer", PASSWORD);
        gyre.stdin = PASSWORD + "\n";
        ok(gyre.run("login", "--url", url, "-u", name, "--password-stdin", "--token-name", "first"));
        gyre.stdin = PASSWORD + "\n";

        ok(gyre.run("login", "--url", url, "-u", name, "--password-stdin", "--token-name", "second"));

        assertThat(admin.listTokens(name)).extracting(TokenInfo::name, t -> t.revokedAt() != null)
                .containsExactlyInAnyOrder(tuple("first", true),
                        tuple("second", false));
        long second = admin.listTokens(name).stream().filter(t -> t.name().equals("second")).findFirst().orElseThrow().id();
        assertThat(CredentialStore.forEnvironment(gyre.env).read()).map(Credentials::tokenId).contains(second);
    }

    @Test
    void passwordLoginPromptsOnTheTerminal() {
        String name = unique("fay");
        admin.createUser(name, "viewer", PASSWORD);
        List<String> prompts = new ArrayList<>();
        gyre.terminal = new Cli.Terminal() {
            @Override
            public String readLine(String prompt) {
                prompts.add(prompt);
                return name;
            }

            @Override
            public char[] readPassword(String prompt) {
                prompts.add(prompt);
                return PASSWORD.toCharArray();
            }
        };

        CliRun.Result result = ok(gyre.run("login", "--url", url));

        assertThat(prompts).containsExactly("Username: ", "Password for " + name + ": ");
        assertThat(result.out()).startsWith("Logged in to " + url + " as " + name + " (role viewer).");
    }

    // ------------------------------------------------------------------ artifacts and version

    @Test
    void artifactPutListAndGetRoundTripWithSha256() throws Exception {
        asAdmin();
        byte[] data = new byte[1_500_000];
        new Random(5).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Path local = tmp.resolve("model weights&v=1.bin");
        Files.write(local, data);
        String prefix = unique("cli");
        String path = prefix + "/model weights&v=1.bin";

        CliRun.Result put = ok(gyre.run("artifact", "put", local.toString(), prefix + "/"));
        assertThat(put.out()).contains(path).contains("sha256 " + sha);

        JsonNode listed = JSON.readTree(ok(gyre.run("artifact", "ls", prefix, "--json")).out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("path").asText()).isEqualTo(path);
        assertThat(listed.get(0).get("sha256").asText()).isEqualTo(sha);

        Path copy = tmp.resolve("copy.bin");
        ok(gyre.run("artifact", "get", path, "-o", copy.toString()));
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);

        CliRun.Result toStdout = ok(gyre.run("artifact", "get", path, "-o", "-"));
        assertThat(toStdout.outBytes()).isEqualTo(data);

        CliRun.Result missing = gyre.run("artifact", "get", prefix + "/nope.bin", "-o", tmp.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gyre: ").contains(prefix + "/nope.bin");
        assertThat(tmp.resolve("nope")).doesNotExist();
    }

    @Test
    void versionShowsThePlatformsVersion() {
        CliRun.Result result = ok(gyre.run("version", "--url", url));

        assertThat(result.out()).isEqualTo("gyre " + GyreClient.version() + "\nplatform " + admin.health().version() + " at " + url + "\n");
    }
}
