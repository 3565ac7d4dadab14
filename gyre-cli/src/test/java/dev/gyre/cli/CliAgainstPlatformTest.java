package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.ArtifactInfo;
import dev.gyre.client.CreatedToken;
import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.TokenInfo;
import dev.gyre.client.User;
import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client and the gyre command against the real platform, started in this JVM on a free port. */
class CliAgainstPlatformTest {

    @TempDir
    static Path home;

    static GyreServer server;
    static String adminToken;
    static GyreClient admin;

    @TempDir
    Path tmp;

    CliRun gyre;

    @BeforeAll
    static void startPlatform() throws Exception {
        server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()));
        adminToken = Files.readString(server.adminTokenFile()).strip();
        admin = GyreClient.builder().url(server.baseUrl()).token(adminToken).build();
    }

    @AfterAll
    static void stopPlatform() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        gyre = new CliRun()
                .env("GYRE_CONFIG_DIR", tmp.resolve("config").toString())
                .env("GYRE_URL", server.baseUrl())
                .env("GYRE_TOKEN", adminToken);
    }

    private static String unique(String prefix) {
        return prefix + Long.toHexString(System.nanoTime());
    }

    // ------------------------------------------------------------------ the client

    @Test
    void clientHealthAndWhoami() {
        assertThat(admin.health().status()).isEqualTo("ok");
        assertThat(admin.health().version()).isNotBlank();
        assertThat(admin.ready()).isTrue();

        User me = admin.whoami();
        assertThat(me.username()).isEqualTo("admin");
        assertThat(me.role()).isEqualTo("admin");
        assertThat(me.createdAt()).isNotNull();
    }

    @Test
    void clientUsersTokensAndPasswordLogin() {
        String name = unique("ann");
        User created = admin.createUser(name, "data-scientist", "correct horse battery");
        assertThat(created.username()).isEqualTo(name);
        assertThat(admin.listUsers()).extracting(User::username).contains("admin", name);
        assertThat(admin.getUser(name).role()).isEqualTo("data-scientist");
        assertThat(admin.updateUser(name, "ml-engineer", null, null).role()).isEqualTo("ml-engineer");

        CreatedToken login = admin.login(name, "correct horse battery", "laptop");
        assertThat(login.token()).startsWith("gyr_");
        GyreClient ann = admin.withToken(login.token());
        assertThat(ann.whoami().username()).isEqualTo(name);
        assertThat(ann.listTokens()).extracting(TokenInfo::id).contains(login.id());

        assertThatThrownBy(() -> admin.login(name, "wrong", "x"))
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(ann::listUsers)
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errorCode()).isEqualTo("PERMISSION_DENIED");
                });

        CreatedToken forAnn = admin.createToken("ci", 30, name);
        assertThat(forAnn.username()).isEqualTo(name);
        assertThat(forAnn.expiresAt()).isNotNull();
        assertThat(admin.listTokens(name)).extracting(TokenInfo::id).contains(forAnn.id());

        TokenInfo revoked = admin.revokeToken(forAnn.id());
        assertThat(revoked.revokedAt()).isNotNull();
        assertThatThrownBy(() -> admin.withToken(forAnn.token()).whoami())
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("UNAUTHENTICATED");
                    assertThat(e.getMessage()).isNotBlank();
                });

        admin.updateUser(name, null, null, true);
        assertThatThrownBy(ann::whoami).isInstanceOf(GyreClientException.class);
    }

    @Test
    void clientArtifactRoundTrip() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String path = unique("client/") + "/blob.bin";

        ArtifactInfo put = admin.putArtifact(path, new ByteArrayInputStream(data));
        assertThat(put.sha256()).isEqualTo(sha);
        assertThat(put.size()).isEqualTo(data.length);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(admin.getArtifact(path, out).sha256()).isEqualTo(sha);
        assertThat(out.toByteArray()).isEqualTo(data);

        assertThat(admin.listAllArtifacts(path.substring(0, path.lastIndexOf('/') + 1)))
                .extracting(ArtifactInfo::path).containsExactly(path);

        admin.deleteArtifact(path);
        assertThatThrownBy(() -> admin.getArtifact(path, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    // ------------------------------------------------------------------ the gyre command

    @Test
    void whoamiThroughTheCommand() throws Exception {
        CliRun.Result result = gyre.run("whoami", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode me = new ObjectMapper().readTree(result.out());
        assertThat(me.get("username").asText()).isEqualTo("admin");
    }

    @Test
    void userAddAndList() {
        String name = unique("bob");

        CliRun.Result add = gyre.run("user", "add", name, "--role", "viewer");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("Created user " + name + " with role viewer.");

        CliRun.Result list = gyre.run("user", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("USERNAME").containsPattern(name + "\\s+viewer\\s+active");

        assertThat(gyre.run("user", "set-role", name, "sme").out()).contains("now has role sme");
        assertThat(gyre.run("user", "disable", name).exitCode()).isZero();
        assertThat(admin.getUser(name).disabled()).isTrue();
        assertThat(gyre.run("user", "enable", name).exitCode()).isZero();
        assertThat(admin.getUser(name).disabled()).isFalse();
    }

    @Test
    void aBadRoleFailsWithTheServersMessage() {
        CliRun.Result result = gyre.run("user", "add", unique("carl"), "--role", "wizard");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("gyre: ").contains("wizard").endsWith("\n");
        assertThat(result.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aRevokedTokenFailsWithOneLine() {
        CliRun.Result created = gyre.run("token", "create", "--name", "short-lived");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String secret = created.out().strip();
        assertThat(gyre.run("whoami", "--token", secret).exitCode()).isZero();

        TokenInfo mine = admin.listTokens().stream().filter(t -> "short-lived".equals(t.name()) && t.revokedAt() == null)
                .findFirst().orElseThrow();
        CliRun.Result listed = gyre.run("token", "list");
        assertThat(listed.out()).containsPattern(mine.id() + "\\s+short-lived\\s+active");

        CliRun.Result revoke = gyre.run("token", "revoke", String.valueOf(mine.id()));
        assertThat(revoke.exitCode()).as(revoke.toString()).isZero();

        CliRun.Result denied = gyre.run("whoami", "--token", secret);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).startsWith("gyre: ").endsWith("\n");
        assertThat(denied.err().strip()).doesNotContain("\n");
        assertThat(denied.out()).isEmpty();
    }

    @Test
    void loginStoresTheCredentialsWithMode600() throws Exception {
        gyre.env.remove("GYRE_URL");
        gyre.env.remove("GYRE_TOKEN");

        CliRun.Result login = gyre.run("login", "--url", server.baseUrl(), "--token", adminToken);

        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path file = tmp.resolve("config/credentials.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(gyre.run("whoami").out()).startsWith("admin (role admin) at " + server.baseUrl());

        assertThat(gyre.run("logout").exitCode()).isZero();
        assertThat(file).doesNotExist();
        assertThat(admin.whoami().username()).isEqualTo("admin");
    }

    @Test
    void passwordLoginAndLogoutRevokesTheToken() {
        String name = unique("dora");
        gyre.stdin = "pw-of-dora\n";
        assertThat(gyre.run("user", "add", name, "--role", "data-scientist", "--password-stdin").exitCode()).isZero();
        gyre.env.remove("GYRE_URL");
        gyre.env.remove("GYRE_TOKEN");

        gyre.stdin = "pw-of-dora\n";
        CliRun.Result login = gyre.run("login", "--url", server.baseUrl(), "-u", name, "--password-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(gyre.run("whoami").out()).startsWith(name + " (role data-scientist)");

        assertThat(gyre.run("logout").out()).contains("revoked");
        assertThat(admin.listTokens(name)).allSatisfy(t -> assertThat(t.revokedAt()).isNotNull());
    }

    @Test
    void artifactPutGetRoundTripWithSha256() throws Exception {
        byte[] data = new byte[1_500_000];
        new Random(5).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Path local = tmp.resolve("weights.bin");
        Files.write(local, data);
        String prefix = unique("cli/");

        CliRun.Result put = gyre.run("artifact", "put", local.toString(), prefix + "/");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(put.out()).contains(sha);

        CliRun.Result ls = gyre.run("artifact", "ls", prefix, "--json");
        JsonNode listed = new ObjectMapper().readTree(ls.out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("path").asText()).isEqualTo(prefix + "/weights.bin");
        assertThat(listed.get(0).get("sha256").asText()).isEqualTo(sha);

        Path copy = tmp.resolve("copy.bin");
        CliRun.Result get = gyre.run("artifact", "get", prefix + "/weights.bin", "-o", copy.toString());
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);

        CliRun.Result missing = gyre.run("artifact", "get", prefix + "/nope.bin", "-o", tmp.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gyre: ");
        assertThat(tmp.resolve("nope")).doesNotExist();
    }

    @Test
    void unknownSubcommandExits2() {
        assertThat(gyre.run("artefact", "ls").exitCode()).isEqualTo(2);
    }

    @Test
    void versionShowsThePlatformVersion() {
        CliRun.Result result = gyre.run("version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("platform ").contains(server.baseUrl());
        assertThat(new String(result.outBytes(), StandardCharsets.UTF_8)).doesNotContain("not reachable");
    }
}
