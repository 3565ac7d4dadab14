package dev.gyre.data.version;

import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.store.artifact.S3ArtifactStore;
import dev.gyre.store.testing.S3ProxyServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class BlobStoreOnS3Test extends BlobStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected ArtifactStore newStore() {
        return new S3ArtifactStore(server.bucket(), "blobs-" + PREFIXES.incrementAndGet(), server.settings());
    }
}
