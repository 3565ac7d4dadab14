package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets a request that is in flight finish. */
class GracefulShutdownTest {

    @TempDir
    Path home;

    @Test
    void inFlightUploadFinishesWhenTheServerStops() throws Exception {
        TestPlatform platform = TestPlatform.start(home);
        CountDownLatch halfway = new CountDownLatch(1);
        int total = 4 * 1024 * 1024;
        InputStream slow = new InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                if (sent >= total / 2) {
                    halfway.countDown();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int n = Math.min(Math.min(len, 16 * 1024), total - sent);
                sent += n;
                return n;
            }
        };
        CompletableFuture<TestPlatform.Reply> upload = CompletableFuture.supplyAsync(() -> platform.send("PUT",
                "/api/v1/artifacts/content?path=slow.bin", platform.adminToken,
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow), total), Map.of()));
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        // the handler is running: the store is already writing the upload's temporary file
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (spooled(home.resolve("artifacts")) < 1024 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(spooled(home.resolve("artifacts"))).isGreaterThanOrEqualTo(1024 * 1024);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(platform::close);
        TestPlatform.Reply reply = upload.get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(Json.parse(reply.body()).get("size").asLong()).isEqualTo(total);
        stopping.get(60, TimeUnit.SECONDS);
    }

    private static long spooled(Path root) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(root)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }
}
