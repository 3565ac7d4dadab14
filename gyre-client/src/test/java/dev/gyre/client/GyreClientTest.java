package dev.gyre.client;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real platform started in this JVM; a misbehaving server only for what a platform never sends. */
class GyreClientTest {

    @TempDir
    static Path home;

    static RunningPlatform platform;
    static GyreClient admin;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = RunningPlatform.start(home);
        admin = platform.admin();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    // ------------------------------------------------------------------ identity and users

    @Test
    void whoamiMapsThePlatformsAnswerToAUser() {
        User me = admin.whoami();

        assertThat(me.username()).isEqualTo("admin");
        assertThat(me.role()).isEqualTo("admin");
        assertThat(me.disabled()).isFalse();
        assertThat(me.id()).isPositive();
        assertThat(me.createdAt()).isNotNull();
        assertThat(admin.listUsers()).contains(me);
    }

    @Test
    void unknownFieldsInAnswersAreIgnored() throws IOException {
        User user = GyreClient.newObjectMapper().readValue("{\"id\":1,\"username\":\"admin\",\"role\":\"admin\","
                + "\"created_at\":\"2026-01-02T03:04:05Z\",\"disabled\":false,\"something_new\":{\"x\":1}}", User.class);

        assertThat(user).isEqualTo(new User(1, "admin", "admin", Instant.parse("2026-01-02T03:04:05Z"), false));
    }

    @Test
    void theUrlIsKeptWithoutTrailingSlashes() {
        GyreClient client = GyreClient.builder().url(platform.url() + "//").token(platform.adminToken()).build();

        assertThat(client.url()).isEqualTo(platform.url());
        assertThat(client.whoami().username()).isEqualTo("admin");
    }

    @Test
    void healthNeedsNoTokenButTheApiDoes() {
        GyreClient anonymous = GyreClient.builder().url(platform.url()).build();

        assertThat(anonymous.hasToken()).isFalse();
        assertThat(anonymous.health().status()).isEqualTo("ok");
        assertThat(anonymous.health().version()).isNotBlank();
        assertThat(anonymous.ready()).isTrue();
        assertThatThrownBy(anonymous::whoami)
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("UNAUTHENTICATED");
                });
    }

    @Test
    void apiErrorsCarryStatusCodeMessageAndRequestId() {
        String name = unique("wiz");

        assertThatThrownBy(() -> admin.createUser(name, "wizard", null))
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    assertThat(e.getMessage()).contains("'wizard'").doesNotContain("HTTP 400");
                    assertThat(e.requestId()).isNotBlank().isNotEqualTo("-");
                    assertThat(e.isUnreachable()).isFalse();
                });
        assertThat(admin.listUsers()).extracting(User::username).doesNotContain(name);
    }

    @Test
    void anErrorThatIsNotJsonStillGivesAReadableMessage() {
        try (MisbehavingServer proxy = MisbehavingServer.proxyWithHtmlBadGateway()) {
            GyreClient client = GyreClient.builder().url(proxy.url()).token("gyr_secret").build();

            assertThatThrownBy(client::whoami)
                    .isInstanceOfSatisfying(GyreClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.errorCode()).isNull();
                        assertThat(e.requestId()).isNull();
                        assertThat(e.getMessage()).contains("HTTP 502").contains("Bad Gateway").contains(proxy.url());
                    });
        }
    }

    @Test
    void updateUserChangesOnlyTheGivenFields() {
        String name = unique("upd");
        User created = admin.createUser(name, "viewer", "first password");
        GyreClient user = admin.withToken(admin.login(name, "first password", "laptop").token());

        User disabled = admin.updateUser(name, null, null, true);

        assertThat(disabled).isEqualTo(new User(created.id(), name, "viewer", created.createdAt(), true));
        assertThatThrownBy(user::whoami)
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(401));
        User promoted = admin.updateUser(name, "ml-engineer", null, false);
        assertThat(promoted.role()).isEqualTo("ml-engineer");
        assertThat(promoted.disabled()).isFalse();
        assertThat(admin.getUser(name)).isEqualTo(promoted);
        assertThat(user.whoami()).isEqualTo(promoted);
        assertThat(admin.login(name, "first password", "still-valid").username()).isEqualTo(name);
    }

    @Test
    void aRoleWithoutThePermissionIsDenied() {
        GyreClient viewer = admin.withToken(platform.tokenOfNewUser(unique("viewer"), "viewer"));

        assertThatThrownBy(viewer::listUsers)
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errorCode()).isEqualTo("PERMISSION_DENIED");
                    assertThat(e.getMessage()).contains("viewer");
                });
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void loginUsesBasicAuthInsteadOfTheClientsToken() {
        String name = unique("ann");
        admin.createUser(name, "data-scientist", "pa:ss word");
        GyreClient withUselessToken = GyreClient.builder().url(platform.url()).token("gyr_not-a-token").build();

        CreatedToken token = withUselessToken.login(name, "pa:ss word", "laptop");

        assertThat(token.token()).startsWith("gyr_");
        assertThat(token.username()).isEqualTo(name);
        assertThat(token.name()).isEqualTo("laptop");
        assertThat(token.toString()).doesNotContain(token.token());
        GyreClient ann = withUselessToken.withToken(token.token());
        assertThat(ann.whoami().username()).isEqualTo(name);
        assertThat(ann.listTokens()).extracting(TokenInfo::id).containsExactly(token.id());
        assertThatThrownBy(() -> admin.login(name, "pa:ss", "laptop"))
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void createTokenSendsOnlyTheGivenFields() {
        String name = unique("ci");
        admin.createUser(name, "viewer", null);

        CreatedToken forUser = admin.createToken("ci", 30, name);
        CreatedToken forMe = admin.createToken("mine", null, null);

        assertThat(forUser.username()).isEqualTo(name);
        assertThat(Duration.between(forUser.createdAt(), forUser.expiresAt())).isCloseTo(Duration.ofDays(30), Duration.ofMinutes(1));
        assertThat(forMe.username()).isEqualTo("admin");
        assertThat(forMe.expiresAt()).isNull();
        assertThat(admin.withToken(forUser.token()).whoami().username()).isEqualTo(name);
    }

    @Test
    void listsTokensOfAnotherUserAndRevokesThem() {
        String name = unique("tok.user-");
        String secret = platform.tokenOfNewUser(name, "viewer");

        List<TokenInfo> tokens = admin.listTokens(name);

        assertThat(tokens).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("test");
            assertThat(t.status(Instant.now())).isEqualTo("active");
        });
        TokenInfo revoked = admin.revokeToken(tokens.get(0).id());
        assertThat(revoked.status(Instant.now())).isEqualTo("revoked");
        assertThat(admin.listTokens(name)).singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
        assertThatThrownBy(() -> admin.withToken(secret).whoami())
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    // ------------------------------------------------------------------ artifacts

    @Test
    void artifactRoundTripChecksSha256AndReportsProgress() throws Exception {
        byte[] data = randomBytes(300_000, 7);
        String path = unique("round-trip") + "/a b&c=d+e.bin";
        Path local = tmp.resolve("in.bin");
        Files.write(local, data);
        List<Long> progress = new ArrayList<>();

        ArtifactInfo put = admin.putArtifact(path, local, (done, total) -> {
            assertThat(total).isEqualTo(data.length);
            progress.add(done);
        });

        assertThat(put.path()).isEqualTo(path);
        assertThat(put.sha256()).isEqualTo(sha256(data));
        assertThat(put.size()).isEqualTo(data.length);
        assertThat(progress).first().isEqualTo(0L);
        assertThat(progress).last().isEqualTo((long) data.length);
        assertThat(progress).isSorted();

        Path out = tmp.resolve("sub/out.bin");
        ArtifactInfo got = admin.getArtifact(path, out);
        assertThat(got.sha256()).isEqualTo(sha256(data));
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out);
        }

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        admin.getArtifact(path, buffer);
        assertThat(buffer.toByteArray()).isEqualTo(data);
    }

    @Test
    void streamUploadWithUnknownLengthWorks() {
        String path = unique("stream") + "/hello.txt";

        ArtifactInfo info = admin.putArtifact(path, new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(info.size()).isEqualTo(5);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        admin.getArtifact(path, back);
        assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void aCorruptedDownloadFailsAndLeavesNoFile() {
        try (MisbehavingServer corrupting = MisbehavingServer.downloadAnnouncing(sha256(new byte[] {1, 2, 4}), new byte[] {1, 2, 3})) {
            GyreClient client = GyreClient.builder().url(corrupting.url()).token("gyr_secret").build();

            Path out = tmp.resolve("out.bin");
            assertThatThrownBy(() -> client.getArtifact("x", out))
                    .isInstanceOf(GyreClientException.class)
                    .hasMessageContaining("corrupted");
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void aMissingArtifactGivesThePlatformsMessageAndLeavesNoFile() {
        String path = unique("missing") + "/x.bin";

        assertThatThrownBy(() -> admin.getArtifact(path, tmp.resolve("x")))
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
                    assertThat(e.getMessage()).contains(path).doesNotContain("HTTP 404");
                });
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void deletedArtifactsAreGone() {
        String path = unique("deleted") + "/x.bin";
        admin.putArtifact(path, new ByteArrayInputStream(new byte[] {1}));

        admin.deleteArtifact(path);

        assertThatThrownBy(() -> admin.getArtifact(path, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(GyreClientException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void listArtifactsPagesThroughManyArtifactsWithASmallPageSize() {
        String prefix = unique("paged") + "/";
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            paths.add(prefix + "m" + i);
            admin.putArtifact(prefix + "m" + i, new ByteArrayInputStream(new byte[i]));
        }
        admin.putArtifact(unique("paged-elsewhere") + "/m", new ByteArrayInputStream(new byte[1]));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String pageToken = null;
        do {
            ArtifactPage page = admin.listArtifacts(prefix, pageToken, 3);
            pageSizes.add(page.artifacts().size());
            page.artifacts().forEach(a -> seen.add(a.path()));
            pageToken = page.nextPageToken();
            assertThat(page.hasNextPage()).isEqualTo(pageToken != null);
        } while (pageToken != null);

        assertThat(seen).containsExactlyElementsOf(paths);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(admin.listAllArtifacts(prefix)).extracting(ArtifactInfo::path).containsExactlyElementsOf(paths);
        assertThat(admin.listAllArtifacts(prefix)).extracting(ArtifactInfo::size).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    }

    // ------------------------------------------------------------------ reaching the platform

    @Test
    void connectionRefusedSaysHowToStartThePlatform() throws IOException {
        int port = RunningPlatform.closedPort();
        GyreClient nowhere = GyreClient.builder().url("http://127.0.0.1:" + port).build();

        assertThatThrownBy(nowhere::whoami)
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.isUnreachable()).isTrue();
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).isEqualTo("Cannot reach the Gyre platform at http://127.0.0.1:" + port
                            + ": is it running? Start it with `gyre server`, or point --url / GYRE_URL at it.");
                });
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> GyreClient.builder().url("ftp://x").build())
                .isInstanceOf(GyreClientException.class)
                .hasMessageContaining("not a valid platform URL");
        assertThatThrownBy(() -> GyreClient.builder().url("localhost:8080").build())
                .isInstanceOf(GyreClientException.class)
                .hasMessageContaining("not a valid platform URL");
        assertThatThrownBy(() -> GyreClient.builder().url(platform.url() + "?x=1").build())
                .isInstanceOf(GyreClientException.class);
    }

    @Test
    void knowsItsVersion() {
        assertThat(GyreClient.version()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
