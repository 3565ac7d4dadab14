package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.store.testing.S3ProxyServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3ArtifactStoreTest extends ArtifactStoreContractTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    static S3ProxyServer server;
    static S3Client raw;

    String prefix;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        raw = server.newClient();
    }

    @AfterAll
    static void stopServer() throws Exception {
        raw.close();
        server.close();
    }

    @Override
    protected ArtifactStore newStore() {
        prefix = "test-" + PREFIXES.incrementAndGet();
        return new S3ArtifactStore(server.bucket(), prefix, server.settings());
    }

    @Override
    protected void tamperWithStoredBytes(ArtifactPath path, byte[] replacement) {
        String key = prefix + "/" + path.value();
        HeadObjectResponse before = raw.headObject(b -> b.bucket(server.bucket()).key(key));
        raw.putObject(b -> b.bucket(server.bucket()).key(key).metadata(before.metadata()),
                RequestBody.fromBytes(replacement));
    }

    @Test
    void sha256IsStoredAsObjectMetadataUnderThePrefix() {
        ArtifactInfo info = store.put(path("models/m.bin"), bytes("hello"));

        HeadObjectResponse object = raw.headObject(b -> b.bucket(server.bucket()).key(prefix + "/models/m.bin"));

        assertThat(object.metadata()).containsEntry(S3ArtifactStore.SHA256_METADATA, info.sha256());
        assertThat(object.contentLength()).isEqualTo(5);
        assertThat(store.uri()).isEqualTo("s3://" + server.bucket() + "/" + prefix);
    }

    @Test
    void uploadAboveThresholdIsMultipartWithSha256Metadata() throws IOException {
        long mib = S3Settings.MIB;
        try (ArtifactStore small = new S3ArtifactStore(server.bucket(), prefix,
                server.settings().withMultipart(5 * mib, 5 * mib))) {
            long size = 12 * mib + 123;
            String expected = TestStreams.sha256(TestStreams.seeded(3, size));

            ArtifactInfo info = small.put(path("multi.bin"), TestStreams.seeded(3, size));

            HeadObjectResponse object = raw.headObject(b -> b.bucket(server.bucket()).key(prefix + "/multi.bin"));
            assertThat(info.sha256()).isEqualTo(expected);
            assertThat(object.metadata()).containsEntry(S3ArtifactStore.SHA256_METADATA, expected);
            assertThat(object.contentLength()).isEqualTo(size);
            assertThat(object.eTag()).contains("-3");
            assertThat(TestStreams.sha256(store.get(path("multi.bin"), true))).isEqualTo(expected);
        }
    }

    @Test
    void failedMultipartUploadIsAbortedAndLeavesNothingVisible() {
        AtomicInteger partCalls = new AtomicInteger();
        S3Client failing = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("uploadPart") && partCalls.incrementAndGet() == 2) {
                        throw SdkClientException.create("simulated network failure");
                    }
                    try {
                        return method.invoke(raw, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        long mib = S3Settings.MIB;
        ArtifactStore flaky = new S3ArtifactStore(failing, server.bucket(), prefix,
                server.settings().withMultipart(5 * mib, 5 * mib));

        assertThatThrownBy(() -> flaky.put(path("flaky.bin"), TestStreams.seeded(5, 11 * mib)))
                .isInstanceOf(GyreException.Internal.class)
                .hasMessageContaining("Unable to store artifact 'flaky.bin'")
                .hasMessageContaining("simulated network failure");

        assertThat(partCalls.get()).isGreaterThanOrEqualTo(2);
        assertThat(store.head(path("flaky.bin"))).isEmpty();
        assertThat(raw.listMultipartUploads(b -> b.bucket(server.bucket()).prefix(prefix + "/")).uploads())
                .isEmpty();
    }

    @Test
    void objectsWithKeysThatAreNotArtifactPathsAreNotListed() {
        store.put(path("ok.txt"), bytes("ok"));
        for (String key : new String[] {prefix + "/.gyre-x", prefix + "/a%2e%2e", prefix + "/c:d", prefix + "-other/e"}) {
            raw.putObject(b -> b.bucket(server.bucket()).key(key), RequestBody.fromString("foreign"));
        }

        assertThat(store.list(null, null, 100).items()).extracting(i -> i.path().value()).containsExactly("ok.txt");
    }

    @Test
    void storeAtTheBucketRootWorks() throws IOException {
        server.createBucket("root-bucket");
        try (ArtifactStore atRoot = new S3ArtifactStore("root-bucket", "", server.settings())) {
            atRoot.put(path("top.txt"), bytes("top"));

            assertThat(atRoot.uri()).isEqualTo("s3://root-bucket");
            assertThat(read(atRoot.get(path("top.txt"), true))).isEqualTo("top");
            assertThat(atRoot.list(null, null, 10).items()).extracting(i -> i.path().value())
                    .containsExactly("top.txt");
        }
    }

    @Test
    void checkReadyFailsWithNotReadyForMissingBucket() {
        try (ArtifactStore missing = new S3ArtifactStore("no-such-bucket", "", server.settings())) {
            assertThatThrownBy(missing::checkReady)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageContaining("no-such-bucket")
                    .hasMessageContaining("bucket exists");
        }
    }

    @Test
    void checkReadyFailsWithNotReadyForUnreachableEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3Settings nowhere = new S3Settings(URI.create("http://127.0.0.1:" + closedPort), "us-east-1", true,
                "key", "secret", S3Settings.DEFAULT_MULTIPART_THRESHOLD, S3Settings.DEFAULT_PART_SIZE);
        try (ArtifactStore unreachable = new S3ArtifactStore(server.bucket(), "", nowhere)) {
            assertThatThrownBy(unreachable::checkReady)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageContaining("not reachable");
        }
    }

    @Test
    void wrongCredentialsAreReportedOnceWithAShortReason() {
        S3Settings wrong = new S3Settings(server.endpoint(), "us-east-1", true, S3ProxyServer.ACCESS_KEY,
                "not-the-secret", S3Settings.DEFAULT_MULTIPART_THRESHOLD, S3Settings.DEFAULT_PART_SIZE);
        try (ArtifactStore denied = new S3ArtifactStore(server.bucket(), prefix, wrong)) {
            assertThatThrownBy(() -> denied.put(path("x.txt"), bytes("x")))
                    .isInstanceOf(GyreException.Internal.class)
                    .hasMessageStartingWith("Unable to store artifact 'x.txt' in S3 (")
                    .hasMessageContaining("HTTP 403")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n\tat "));
        }
        assertThat(store.head(path("x.txt"))).isEmpty();
    }

    @Test
    void forUriOpensAnS3StoreThatReachesTheServer() throws IOException {
        try (ArtifactStore viaUri = ArtifactStores.forUri("s3://" + server.bucket() + "/" + prefix + "/", server.settings())) {
            assertThat(viaUri).isInstanceOf(S3ArtifactStore.class);
            viaUri.checkReady();
            viaUri.put(path("via-uri.txt"), bytes("u"));
        }
        assertThat(read(store.get(path("via-uri.txt"), true))).isEqualTo("u");
    }
}
