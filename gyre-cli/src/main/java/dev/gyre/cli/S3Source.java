package dev.gyre.cli;

import dev.gyre.core.GyreException;
import dev.gyre.store.artifact.S3ArtifactStore;
import dev.gyre.store.artifact.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An object in S3 (or an S3-compatible server) to add as data: downloaded to a local file first, so it is
 * hashed and uploaded like any other. Endpoint from {@code --s3-endpoint}, else {@code AWS_ENDPOINT_URL_S3},
 * else {@code AWS_ENDPOINT_URL}; region from {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}; credentials
 * from {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, else the AWS SDK's default chain.
 *
 * @param bucket the bucket
 * @param key    the object's key
 */
record S3Source(String bucket, String key) {

    /** Whether a source argument names an S3 object. */
    static boolean matches(String source) {
        return source.startsWith("s3://");
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws CliException when there is no bucket or no key
     */
    static S3Source parse(String source) {
        String rest = source.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.endsWith("/")) {
            throw new CliException("'" + source + "' does not name an object: use s3://BUCKET/KEY, e.g."
                    + " s3://my-bucket/raw/titanic.csv.");
        }
        return new S3Source(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The URI recorded as the version's source. */
    String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The object's file name: the last segment of the key. */
    String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * Downloads the object into {@code folder}, under its file name.
     *
     * @param endpointFlag {@code --s3-endpoint}, or {@code null}
     */
    Path download(Path folder, String endpointFlag, Map<String, String> env, ProgressBar bar) {
        Path target = folder.resolve(fileName());
        try (S3Client s3 = S3ArtifactStore.buildClient(settings(endpointFlag, env));
             ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder()
                     .bucket(bucket).key(key).build());
             OutputStream out = Files.newOutputStream(target)) {
            Long length = in.response().contentLength();
            copy(in, out, length == null ? -1 : length, bar);
        } catch (NoSuchKeyException e) {
            throw new CliException(uri() + " does not exist: check the bucket and the key (keys are case-sensitive).", e);
        } catch (NoSuchBucketException e) {
            throw new CliException("The bucket '" + bucket + "' does not exist at this endpoint: check the name, and"
                    + " --s3-endpoint for S3-compatible servers.", e);
        } catch (SdkException e) {
            throw new CliException("Cannot download " + uri() + ": " + Main.oneLine(e.getMessage()) + ". Check"
                    + " --s3-endpoint, AWS_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).", e);
        } catch (IOException e) {
            throw new CliException("Cannot download " + uri() + " to a temporary file: " + e.getMessage()
                    + ". Check the space in the temporary folder (java.io.tmpdir).", e);
        } finally {
            bar.finish();
        }
        return target;
    }

    private static void copy(InputStream in, OutputStream out, long length, ProgressBar bar) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long done = 0;
        bar.progress(0, length);
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            done += n;
            bar.progress(done, length);
        }
    }

    static S3Settings settings(String endpointFlag, Map<String, String> env) {
        String endpointText = firstOf(endpointFlag, env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
        URI endpoint = null;
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw new CliException("The S3 endpoint '" + endpointText + "' is not a URL; use e.g."
                        + " --s3-endpoint http://127.0.0.1:9000.");
            }
        }
        String region = firstOf(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        try {
            return new S3Settings(endpoint, region, endpoint != null, firstOf(env.get("AWS_ACCESS_KEY_ID")),
                    firstOf(env.get("AWS_SECRET_ACCESS_KEY")), S3Settings.DEFAULT_MULTIPART_THRESHOLD,
                    S3Settings.DEFAULT_PART_SIZE);
        } catch (GyreException.InvalidArgument e) {
            throw new CliException(e.getMessage() + " (from --s3-endpoint and the AWS_* environment variables)", e);
        }
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
