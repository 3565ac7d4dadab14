package dev.gyre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GyreClientTest {

    private static final String USER_JSON = "{\"id\":1,\"username\":\"admin\",\"role\":\"admin\","
            + "\"created_at\":\"2026-01-02T03:04:05Z\",\"disabled\":false,\"something_new\":{\"x\":1}}";

    private FakePlatform platform;
    private GyreClient client;

    @BeforeEach
    void start() throws IOException {
        platform = new FakePlatform();
        client = GyreClient.builder().url(platform.url() + "/").token("gyr_secret").build();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void whoamiSendsTheBearerTokenAndMapsSnakeCaseIgnoringUnknownFields() {
        platform.on("GET /api/v1/whoami", 200, USER_JSON);

        User me = client.whoami();

        assertThat(me).isEqualTo(new User(1, "admin", "admin", Instant.parse("2026-01-02T03:04:05Z"), false));
        assertThat(platform.last().header("Authorization")).isEqualTo("Bearer gyr_secret");
        assertThat(client.url()).isEqualTo(platform.url());
    }

    @Test
    void healthNeedsNoToken() {
        platform.on("GET /healthz", 200, "{\"status\":\"ok\",\"version\":\"0.1.0\"}");

        assertThat(client.health()).isEqualTo(new Health("ok", "0.1.0"));
        assertThat(platform.last().header("Authorization")).isNull();
    }

    @Test
    void apiErrorsCarryStatusCodeMessageAndRequestId() {
        platform.on("POST /api/v1/users", 400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\","
                + "\"message\":\"Unknown role 'wizard'. Use one of: admin, viewer.\",\"request_id\":\"req-42\"}");

        assertThatThrownBy(() -> client.createUser("ann", "wizard", null))
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    assertThat(e.getMessage()).isEqualTo("Unknown role 'wizard'. Use one of: admin, viewer.");
                    assertThat(e.requestId()).isEqualTo("req-42");
                    assertThat(e.isUnreachable()).isFalse();
                });
        assertThat(platform.last().bodyText()).isEqualTo("{\"username\":\"ann\",\"role\":\"wizard\"}");
        assertThat(platform.last().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anErrorThatIsNotJsonStillGivesAReadableMessage() {
        platform.on("GET /api/v1/whoami", (exchange, body) -> {
            byte[] html = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, html.length);
            exchange.getResponseBody().write(html);
        });

        assertThatThrownBy(() -> client.whoami())
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.errorCode()).isNull();
                    assertThat(e.getMessage()).contains("HTTP 502").contains("Bad Gateway");
                });
    }

    @Test
    void loginUsesBasicAuthInsteadOfTheToken() {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_new\",\"id\":7,\"name\":\"laptop\",\"username\":\"ann\","
                + "\"created_at\":\"2026-01-02T03:04:05Z\",\"expires_at\":null}");

        CreatedToken token = client.login("ann", "pa:ss", "laptop");

        assertThat(token.token()).isEqualTo("gyr_new");
        assertThat(token.id()).isEqualTo(7);
        assertThat(token.toString()).doesNotContain("gyr_new");
        String expected = "Basic " + Base64.getEncoder().encodeToString("ann:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(platform.last().header("Authorization")).isEqualTo(expected);
        assertThat(platform.last().bodyText()).isEqualTo("{\"name\":\"laptop\"}");
    }

    @Test
    void createTokenSendsOnlyTheGivenFields() {
        platform.on("POST /api/v1/tokens", 201, "{\"token\":\"gyr_x\",\"id\":8,\"name\":\"ci\",\"username\":\"ann\"}");

        client.createToken("ci", 30, "ann");

        assertThat(platform.last().bodyText()).isEqualTo("{\"name\":\"ci\",\"expires_in_days\":30,\"username\":\"ann\"}");
    }

    @Test
    void listsTokensOfAnotherUserAndRevokes() {
        platform.on("GET /api/v1/tokens", 200, "{\"tokens\":[{\"id\":7,\"name\":\"laptop\",\"created_at\":\"2026-01-02T03:04:05Z\","
                + "\"expires_at\":null,\"revoked_at\":null,\"last_used_at\":null}]}");
        platform.on("DELETE /api/v1/tokens/7", 200, "{\"id\":7,\"name\":\"laptop\",\"revoked_at\":\"2026-01-03T00:00:00Z\"}");

        List<TokenInfo> tokens = client.listTokens("ann b");
        assertThat(platform.last().query()).isEqualTo("username=ann%20b");
        assertThat(tokens).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("laptop");
            assertThat(t.status(Instant.parse("2026-02-01T00:00:00Z"))).isEqualTo("active");
        });

        TokenInfo revoked = client.revokeToken(7);
        assertThat(revoked.status(Instant.parse("2026-02-01T00:00:00Z"))).isEqualTo("revoked");
        assertThat(platform.last().method()).isEqualTo("DELETE");
    }

    @Test
    void updateUserSendsPatchWithTheChangedFieldsOnly() {
        platform.on("PATCH /api/v1/users/ann", 200, USER_JSON.replace("admin", "ann"));

        client.updateUser("ann", null, null, true);

        assertThat(platform.last().method()).isEqualTo("PATCH");
        assertThat(platform.last().bodyText()).isEqualTo("{\"disabled\":true}");
    }

    @Test
    void artifactRoundTripChecksSha256AndReportsProgress(@TempDir Path tmp) throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        byte[][] stored = new byte[1][];
        platform.on("PUT /api/v1/artifacts/content", (exchange, body) -> {
            stored[0] = body;
            String bodySha = sha256(body);
            FakePlatform.respond(exchange, 201, "{\"path\":\"a/b.bin\",\"size\":" + body.length + ",\"sha256\":\"" + bodySha
                    + "\",\"last_modified\":\"2026-01-02T03:04:05Z\"}");
        });
        platform.on("GET /api/v1/artifacts/content", (exchange, body) -> {
            exchange.getResponseHeaders().add("X-Gyre-Sha256", sha256(stored[0]));
            exchange.sendResponseHeaders(200, stored[0].length);
            exchange.getResponseBody().write(stored[0]);
        });
        Path local = tmp.resolve("in.bin");
        Files.write(local, data);
        List<Long> progress = new ArrayList<>();

        ArtifactInfo put = client.putArtifact("a/b.bin", local, (done, total) -> {
            assertThat(total).isEqualTo(data.length);
            progress.add(done);
        });
        assertThat(put.sha256()).isEqualTo(sha);
        assertThat(put.size()).isEqualTo(data.length);
        assertThat(progress).last().isEqualTo((long) data.length);
        assertThat(platform.last().query()).isEqualTo("path=a%2Fb.bin");
        assertThat(platform.last().header("Content-Length")).isEqualTo(String.valueOf(data.length));

        Path out = tmp.resolve("sub/out.bin");
        ArtifactInfo got = client.getArtifact("a/b.bin", out);
        assertThat(got.sha256()).isEqualTo(sha);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out);
        }

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        client.getArtifact("a/b.bin", buffer);
        assertThat(buffer.toByteArray()).isEqualTo(data);
    }

    @Test
    void streamUploadWithUnknownLengthWorks() {
        platform.on("PUT /api/v1/artifacts/content", (exchange, body) -> FakePlatform.respond(exchange, 201,
                "{\"path\":\"x\",\"size\":" + body.length + ",\"sha256\":\"" + sha256(body) + "\"}"));

        ArtifactInfo info = client.putArtifact("x", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(info.size()).isEqualTo(5);
        assertThat(platform.last().bodyText()).isEqualTo("hello");
    }

    @Test
    void aCorruptedDownloadFailsAndLeavesNoFile(@TempDir Path tmp) {
        platform.on("GET /api/v1/artifacts/content", (exchange, body) -> {
            exchange.getResponseHeaders().add("X-Gyre-Sha256", "00");
            exchange.sendResponseHeaders(200, 3);
            exchange.getResponseBody().write(new byte[] {1, 2, 3});
        });

        Path out = tmp.resolve("out.bin");
        assertThatThrownBy(() -> client.getArtifact("x", out))
                .isInstanceOf(GyreClientException.class)
                .hasMessageContaining("corrupted");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aMissingArtifactGivesThePlatformsMessage(@TempDir Path tmp) {
        platform.on("GET /api/v1/artifacts/content", 404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"No artifact at 'x'.\"}");

        assertThatThrownBy(() -> client.getArtifact("x", tmp.resolve("x")))
                .isInstanceOfSatisfying(GyreClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("No artifact at 'x'.");
                });
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void listArtifactsPassesPagingParametersAndFollowsPages() {
        platform.on("GET /api/v1/artifacts", (exchange, body) -> {
            String query = exchange.getRequestURI().getRawQuery();
            if (query.contains("page_token=p2")) {
                FakePlatform.respond(exchange, 200, "{\"artifacts\":[{\"path\":\"m/2\",\"size\":2}],\"next_page_token\":null}");
            } else {
                FakePlatform.respond(exchange, 200, "{\"artifacts\":[{\"path\":\"m/1\",\"size\":1}],\"next_page_token\":\"p2\"}");
            }
        });

        ArtifactPage first = client.listArtifacts("m/", null, 1);
        assertThat(platform.last().query()).isEqualTo("prefix=m%2F&max_results=1");
        assertThat(first.hasNextPage()).isTrue();

        assertThat(client.listAllArtifacts("m/")).extracting(ArtifactInfo::path).containsExactly("m/1", "m/2");
    }

    @Test
    void connectionRefusedSaysHowToStartThePlatform() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
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
                .isInstanceOf(GyreClientException.class);
    }

    @Test
    void knowsItsVersion() {
        assertThat(GyreClient.version()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
