package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the platform while a 100 MB artifact is being uploaded: after a restart on the
 * same home the half-written upload is nowhere visible, the previous content is intact, and the
 * server is ready. Then a complete 100 MB upload round-trips with a matching SHA-256.
 */
class KillDuringUploadTest {

    static final long HUNDRED_MB = 100L * 1024 * 1024;

    @TempDir
    Path home;

    @Test
    void killDuringUploadLeavesNoPartialArtifactAndRestartIsClean() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.gyre.server.ServerMain", "--home=" + home, "--port=" + port))
                .redirectErrorStream(true)
                .redirectOutput(home.resolveSibling(home.getFileName() + "-server.log").toFile())
                .start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(base, server);
            String token = Files.readString(home.resolve("admin.token")).trim();

            // previous content at the path
            assertThat(put(base, token, "data/big.bin", "version one".getBytes(StandardCharsets.UTF_8))).isEqualTo(201);

            AtomicLong written = new AtomicLong();
            CompletableFuture<Throwable> upload = CompletableFuture.supplyAsync(() -> {
                try {
                    HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/api/v1/artifacts/content?path=data/big.bin").toURL().openConnection();
                    connection.setRequestMethod("PUT");
                    connection.setDoOutput(true);
                    connection.setFixedLengthStreamingMode(HUNDRED_MB);
                    connection.setRequestProperty("Authorization", "Bearer " + token);
                    try (OutputStream out = connection.getOutputStream()) {
                        byte[] chunk = new byte[64 * 1024];
                        Random random = new Random(1);
                        while (written.get() < HUNDRED_MB) {
                            random.nextBytes(chunk);
                            out.write(chunk);
                            written.addAndGet(chunk.length);
                        }
                    }
                    return new AssertionError("upload completed although the server was killed: " + connection.getResponseCode());
                } catch (IOException expected) {
                    return expected;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (written.get() < 30L * 1024 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(written.get()).as("bytes sent before the kill").isGreaterThanOrEqualTo(30L * 1024 * 1024);
            server.destroyForcibly();   // SIGKILL
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(upload.get(60, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        } finally {
            server.destroyForcibly();
        }

        try (TestPlatform restarted = TestPlatform.start(home)) {
            assertThat(restarted.get("/readyz", null).status()).isEqualTo(200);
            TestPlatform.Reply meta = restarted.get("/api/v1/artifacts/meta?path=data/big.bin", restarted.adminToken);
            assertThat(meta.status()).isEqualTo(200);
            assertThat(Json.parse(meta.body()).get("size").asLong()).isEqualTo("version one".length());
            HttpResponse<InputStream> content = restarted.stream("/api/v1/artifacts/content?verify=true&path=data/big.bin", restarted.adminToken);
            try (InputStream in = content.body()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("version one");
            }
            TestPlatform.Reply list = restarted.get("/api/v1/artifacts", restarted.adminToken);
            assertThat(Json.parse(list.body()).get("artifacts")).hasSize(1);
            // whatever the killed upload left lives only in the store's private temporary folder
            try (Stream<Path> files = Files.walk(home.resolve("artifacts"))) {
                long big = files.filter(Files::isRegularFile)
                        .filter(p -> !home.resolve("artifacts").relativize(p).toString().startsWith(".gyre-tmp"))
                        .filter(p -> {
                    try {
                        return Files.size(p) > 1024 * 1024;
                    } catch (IOException e) {
                        return false;
                    }
                }).count();
                assertThat(big).as("partial files outside the temporary folder").isZero();
            }

            // and a complete 100 MB upload round-trips with the same SHA-256
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            TestPlatform.Reply put = restarted.send("PUT", "/api/v1/artifacts/content?path=data/big.bin", restarted.adminToken,
                    HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new SeededStream(HUNDRED_MB, 2, sent)), HUNDRED_MB),
                    Map.of());
            assertThat(put.status()).isEqualTo(201);
            String expected = HexFormat.of().formatHex(sent.digest());
            assertThat(Json.field(put.body(), "sha256")).isEqualTo(expected);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            HttpResponse<InputStream> got = restarted.stream("/api/v1/artifacts/content?verify=true&path=data/big.bin", restarted.adminToken);
            long total = 0;
            try (InputStream in = got.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.update(buffer, 0, n);
                    total += n;
                }
            }
            assertThat(total).isEqualTo(HUNDRED_MB);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);
        }
    }

    private static int put(String base, String token, String path, byte[] bytes) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/api/v1/artifacts/content?path=" + path).toURL().openConnection();
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(bytes);
        }
        return connection.getResponseCode();
    }

    private static void awaitReady(String base, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("server exited with " + server.exitValue());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(base + "/readyz").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server not ready within 60 s");
    }

    /** A deterministic pseudo-random stream of a given length that feeds a digest as it is read. */
    static final class SeededStream extends InputStream {
        private final Random random;
        private final MessageDigest digest;
        private long remaining;

        SeededStream(long length, long seed, MessageDigest digest) {
            this.remaining = length;
            this.random = new Random(seed);
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, off, n);
            digest.update(chunk);
            remaining -= n;
            return n;
        }
    }
}
