package dev.gyre.store.testing;

import dev.gyre.store.artifact.S3ArtifactStore;
import dev.gyre.store.artifact.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy running in-process on a free port of 127.0.0.1, storing
 * objects in a temporary folder, with path-style addressing and AWS v2/v4 signatures checked
 * against a fixed test identity. A bucket ({@link #bucket()}) exists from the start.
 *
 * <pre>{@code
 * try (S3ProxyServer server = S3ProxyServer.start()) {
 *     ArtifactStore store = new S3ArtifactStore(server.bucket(), "runs", server.settings());
 *     ...
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "gyre-test-identity";
    public static final String SECRET_KEY = "gyre-test-credential-0123456789";
    public static final String REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "gyre-test";

    private final Path folder;
    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(Path folder, BlobStore blobStore, S3Proxy proxy, URI endpoint) {
        this.folder = folder;
        this.blobStore = blobStore;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts a server with the default bucket created. */
    public static S3ProxyServer start() throws Exception {
        QuietLogs.apply();
        Path folder = Files.createTempDirectory("s3proxy-");
        BlobStore blobStore = new FilesystemNio2BlobStore(folder.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
                Thread.sleep(10);
            }
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
        } catch (Exception e) {
            proxy.stop();
            deleteRecursively(folder);
            throw e;
        }
        S3ProxyServer server =
                new S3ProxyServer(folder, blobStore, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
        server.createBucket(DEFAULT_BUCKET);
        return server;
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** The bucket created at start. */
    public String bucket() {
        return DEFAULT_BUCKET;
    }

    /** Creates another bucket (idempotent). */
    public void createBucket(String name) {
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    /** Settings that reach this server with its test identity. */
    public S3Settings settings() {
        return new S3Settings(endpoint, REGION, true, ACCESS_KEY, SECRET_KEY,
                S3Settings.DEFAULT_MULTIPART_THRESHOLD, S3Settings.DEFAULT_PART_SIZE);
    }

    /** A raw S3 client for this server, e.g. to look behind a store's back. Close it after use. */
    public S3Client newClient() {
        return S3ArtifactStore.buildClient(settings());
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            try {
                blobStore.close();
            } finally {
                deleteRecursively(folder);
            }
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * s3proxy's embedded server and the AWS SDK log every request at debug level, which is what an
     * unconfigured Logback prints. Raise those loggers to WARN unless the test setup chose a level.
     */
    private static final class QuietLogs {
        private static final String[] NOISY = {"org.gaul", "software.amazon.awssdk", "org.eclipse.jetty"};

        static void apply() {
            if (!isLogback()) {
                return;
            }
            for (String name : NOISY) {
                org.slf4j.Logger logger = LoggerFactory.getLogger(name);
                if (logger instanceof ch.qos.logback.classic.Logger logback && logback.getLevel() == null) {
                    logback.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }

        private static boolean isLogback() {
            try {
                Class.forName("ch.qos.logback.classic.Logger", false, QuietLogs.class.getClassLoader());
                return LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback");
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
