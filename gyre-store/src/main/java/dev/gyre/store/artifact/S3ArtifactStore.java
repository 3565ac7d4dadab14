package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts in an S3 bucket (or an S3-compatible server), under an optional key prefix: the
 * artifact {@code a/b.bin} in {@code s3://bucket/runs} is the object {@code runs/a/b.bin}.
 *
 * <p>The SHA-256 is stored as user metadata ({@value #SHA256_METADATA}). Because metadata is fixed
 * when an object is created, a put first streams the content into a local temporary file while
 * hashing it (bounded memory), then uploads it: a single PutObject below the multipart threshold,
 * otherwise a multipart upload that is aborted on any failure. S3 makes an object visible only once
 * the upload completes, so readers never see partial content.
 *
 * <p>Memory use per upload is bounded by the larger of the multipart threshold and the part size:
 * the URL-connection HTTP client holds one request body in memory while sending it.
 *
 * <p>Objects under the prefix that this store could not have written (keys that are not valid
 * {@link ArtifactPath}s) are not listed. Listing asks for each item's metadata with HeadObject, so it
 * costs one request per listed artifact.
 */
public final class S3ArtifactStore extends AbstractArtifactStore {

    /** User-metadata key of the SHA-256 (sent as {@code x-amz-meta-gyre-sha256}). */
    public static final String SHA256_METADATA = "gyre-sha256";

    private static final Logger LOG = LoggerFactory.getLogger(S3ArtifactStore.class);
    private static final int MAX_PARTS = 10_000;
    private static final int LIST_BATCH = 1000;

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    /** Empty, or the key prefix ending in '/'. */
    private final String keyPrefix;
    private final S3Settings settings;

    /** A store that builds (and closes) its own client from the settings. */
    public S3ArtifactStore(String bucket, String prefix, S3Settings settings) {
        this(buildClient(settings), true, bucket, prefix, settings);
    }

    /** A store using the caller's client, which the caller closes. */
    public S3ArtifactStore(S3Client client, String bucket, String prefix, S3Settings settings) {
        this(client, false, bucket, prefix, settings);
    }

    private S3ArtifactStore(S3Client client, boolean ownsClient, String bucket, String prefix, S3Settings settings) {
        this.s3 = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.settings = Objects.requireNonNull(settings, "settings");
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        this.keyPrefix = trimmed.isEmpty() ? "" : ArtifactPath.of(trimmed).value() + "/";
    }

    /** An S3 client for the settings, using the URL-connection HTTP client. */
    public static S3Client buildClient(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.hasStaticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials);
        if (settings.endpoint() != null) {
            // S3-compatible servers differ in their support of the newer flexible checksums; send and
            // check them only where the API requires it. Integrity is covered by our own SHA-256.
            builder.endpointOverride(settings.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @Override
    public String uri() {
        return "s3://" + bucket + (keyPrefix.isEmpty() ? "" : "/" + keyPrefix.substring(0, keyPrefix.length() - 1));
    }

    private String key(ArtifactPath path) {
        return keyPrefix + path.value();
    }

    // ---------------------------------------------------------------- put

    @Override
    protected ArtifactInfo store(ArtifactPath path, InputStream content) {
        Spooled spooled;
        try {
            spooled = spool(content, Path.of(System.getProperty("java.io.tmpdir")), false);
        } catch (ContentReadException e) {
            throw uploadInterrupted(path, e);
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to store artifact '" + path + "': buffering the upload in a "
                    + "temporary file failed (" + shortReason(e) + ").", e);
        }
        try {
            Map<String, String> metadata = Map.of(SHA256_METADATA, spooled.sha256());
            if (spooled.size() < settings.multipartThreshold()) {
                s3.putObject(b -> b.bucket(bucket).key(key(path)).metadata(metadata).contentLength(spooled.size()),
                        RequestBody.fromFile(spooled.file()));
            } else {
                uploadMultipart(key(path), metadata, spooled);
            }
            return new ArtifactInfo(path, spooled.size(), spooled.sha256(), Instant.now());
        } catch (SdkException | UncheckedIOException e) {
            throw new GyreException.Internal("Unable to store artifact '" + path + "' in S3 (" + reason(e) + ").", e);
        } finally {
            try {
                Files.deleteIfExists(spooled.file());
            } catch (IOException e) {
                LOG.debug("Could not delete a temporary upload file", e);
            }
        }
    }

    private void uploadMultipart(String key, Map<String, String> metadata, Spooled spooled) {
        long size = spooled.size();
        long partSize = Math.max(settings.partSize(), (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long start = offset;
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                RequestBody body = RequestBody.fromContentProvider(
                        () -> slice(spooled.file(), start, length), length, "application/octet-stream");
                String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    /** A fresh stream over {@code length} bytes of the file from {@code start} (re-opened on retries). */
    private static InputStream slice(Path file, long start, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(start);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    // ---------------------------------------------------------------- get / head

    @Override
    protected Opened open(ArtifactPath path) {
        ResponseInputStream<GetObjectResponse> stream;
        try {
            stream = s3.getObject(b -> b.bucket(bucket).key(key(path)));
        } catch (SdkException e) {
            if (isNotFound(e)) {
                throw notFound(path);
            }
            throw new GyreException.Internal("Unable to read artifact '" + path + "' from S3 (" + reason(e) + ").", e);
        }
        GetObjectResponse response = stream.response();
        ArtifactInfo info = info(path, response.contentLength(), response.metadata(), response.lastModified());
        return new Opened(stream, info);
    }

    @Override
    protected Optional<ArtifactInfo> find(ArtifactPath path) {
        try {
            HeadObjectResponse response = s3.headObject(b -> b.bucket(bucket).key(key(path)));
            return Optional.of(info(path, response.contentLength(), response.metadata(), response.lastModified()));
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw new GyreException.Internal("Unable to read artifact '" + path + "' from S3 (" + reason(e) + ").", e);
        }
    }

    private static ArtifactInfo info(ArtifactPath path, Long size, Map<String, String> metadata, Instant modified) {
        String sha = metadata == null ? null : metadata.get(SHA256_METADATA);
        return new ArtifactInfo(path, size == null ? 0 : size, Sha256.isHex(sha) ? sha : null,
                modified == null ? Instant.EPOCH : modified);
    }

    // ---------------------------------------------------------------- list

    @Override
    protected List<ArtifactInfo> listAfter(String prefix, String after, int limit) {
        List<ArtifactInfo> out = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                        .bucket(bucket)
                        .prefix(keyPrefix + prefix)
                        .maxKeys(Math.min(LIST_BATCH, limit - out.size()));
                if (token != null) {
                    request.continuationToken(token);
                } else if (after != null) {
                    request.startAfter(keyPrefix + after);
                }
                ListObjectsV2Response response = s3.listObjectsV2(request.build());
                for (S3Object object : response.contents()) {
                    ArtifactPath path = pathOf(object.key());
                    if (path == null || (after != null && ArtifactPath.compareByCodePoint(path.value(), after) <= 0)) {
                        continue;
                    }
                    find(path).ifPresent(out::add);
                    if (out.size() >= limit) {
                        return out;
                    }
                }
                token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new GyreException.Internal("Unable to list artifacts in S3 (" + reason(e) + ").", e);
        }
        return out;
    }

    private ArtifactPath pathOf(String key) {
        if (!key.startsWith(keyPrefix)) {
            return null;
        }
        String relative = key.substring(keyPrefix.length());
        try {
            ArtifactPath path = ArtifactPath.of(relative);
            return path.value().equals(relative) ? path : null;
        } catch (GyreException.InvalidArgument e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- delete, readiness

    @Override
    protected boolean remove(ArtifactPath path) {
        // DeleteObject succeeds whether or not the key exists, so ask first to answer "was there one".
        boolean existed = find(path).isPresent();
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(path)));
        } catch (SdkException e) {
            if (!isNotFound(e)) {
                throw new GyreException.Internal("Unable to delete artifact '" + path + "' from S3 (" + reason(e)
                        + ").", e);
            }
        }
        return existed;
    }

    @Override
    public void checkReady() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new GyreException.NotReady("The S3 bucket '" + bucket + "' is not reachable (" + reason(e) + "); "
                    + "check the S3 endpoint, region and credentials (GYRE_S3_*), and that the bucket exists.", e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException
                || (e instanceof AwsServiceException service && service.statusCode() == 404);
    }

    private static String reason(Exception e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return (code == null ? "error" : code) + ", HTTP " + service.statusCode();
        }
        return shortReason(e);
    }
}
