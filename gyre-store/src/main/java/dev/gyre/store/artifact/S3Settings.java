package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach S3 or an S3-compatible server.
 *
 * @param endpoint           endpoint override such as {@code http://localhost:9000}, or {@code null} for AWS
 * @param region             signing region; {@code us-east-1} when {@code null}
 * @param pathStyle          address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 *                           (most S3-compatible servers need this)
 * @param accessKey          static access key, or {@code null} for the AWS SDK's default credentials chain
 * @param secretKey          static secret key, {@code null} exactly when {@code accessKey} is
 * @param multipartThreshold uploads of at least this many bytes use a multipart upload
 * @param partSize           bytes per part of a multipart upload, at least 5 MiB (S3's minimum)
 */
public record S3Settings(
        URI endpoint,
        String region,
        boolean pathStyle,
        String accessKey,
        String secretKey,
        long multipartThreshold,
        long partSize) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final long MIB = 1024L * 1024L;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16 * MIB;
    public static final long DEFAULT_PART_SIZE = 8 * MIB;
    public static final long MIN_PART_SIZE = 5 * MIB;
    /**
     * Upper bound for the threshold and the part size. S3 itself allows 5 GiB per request, but the
     * URL-connection HTTP client holds each request body in memory while sending it, so one request
     * is kept well below that.
     */
    public static final long MAX_REQUEST_BODY = 1024 * MIB;

    public S3Settings {
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
        if (accessKey != null && accessKey.isEmpty()) {
            accessKey = null;
        }
        if (secretKey != null && secretKey.isEmpty()) {
            secretKey = null;
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new GyreException.InvalidArgument("Set both the S3 access key and the S3 secret key, or neither "
                    + "to use the default AWS credentials chain.");
        }
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_REQUEST_BODY) {
            throw new GyreException.InvalidArgument("S3 part size must be between 5 MiB and 1 GiB, was " + partSize
                    + " bytes.");
        }
        if (multipartThreshold < 1 || multipartThreshold > MAX_REQUEST_BODY) {
            throw new GyreException.InvalidArgument("S3 multipart threshold must be between 1 byte and 1 GiB, was "
                    + multipartThreshold + " bytes.");
        }
    }

    /** AWS S3 in {@code us-east-1} with the default credentials chain and default part sizes. */
    public static S3Settings defaults() {
        return new S3Settings(null, DEFAULT_REGION, false, null, null, DEFAULT_MULTIPART_THRESHOLD,
                DEFAULT_PART_SIZE);
    }

    /**
     * Reads {@code GYRE_S3_ENDPOINT}, {@code GYRE_S3_REGION}, {@code GYRE_S3_PATH_STYLE},
     * {@code GYRE_S3_ACCESS_KEY} and {@code GYRE_S3_SECRET_KEY}, falling back to {@code AWS_REGION},
     * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. Path-style addressing defaults to
     * on when an endpoint is set (S3-compatible servers) and off otherwise.
     *
     * @throws GyreException.InvalidArgument if a value is malformed; the message names the variable
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        String endpointText = value(env, "GYRE_S3_ENDPOINT");
        URI endpoint = null;
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw new GyreException.InvalidArgument("GYRE_S3_ENDPOINT is not a URL; set it to something like "
                        + "http://localhost:9000.");
            }
            checkEndpoint(endpoint);
        }
        String region = value(env, "GYRE_S3_REGION");
        if (region == null) {
            region = value(env, "AWS_REGION");
        }
        String pathStyleText = value(env, "GYRE_S3_PATH_STYLE");
        boolean pathStyle = pathStyleText == null ? endpoint != null : parseBoolean("GYRE_S3_PATH_STYLE", pathStyleText);
        String accessKey = value(env, "GYRE_S3_ACCESS_KEY");
        String secretKey = value(env, "GYRE_S3_SECRET_KEY");
        if (accessKey == null && secretKey == null) {
            accessKey = value(env, "AWS_ACCESS_KEY_ID");
            secretKey = value(env, "AWS_SECRET_ACCESS_KEY");
        }
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, DEFAULT_MULTIPART_THRESHOLD,
                DEFAULT_PART_SIZE);
    }

    /** A copy with other multipart sizes. */
    public S3Settings withMultipart(long threshold, long size) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, threshold, size);
    }

    /** Whether static credentials are configured (otherwise the default chain is used). */
    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKey=" + (accessKey == null ? "(default chain)" : accessKey)
                + ", secretKey=" + (secretKey == null ? "(default chain)" : "****")
                + ", multipartThreshold=" + multipartThreshold + ", partSize=" + partSize + "]";
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new GyreException.InvalidArgument("The S3 endpoint must be an http or https URL with a host, such "
                    + "as http://localhost:9000.");
        }
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean parseBoolean(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new GyreException.InvalidArgument(name + " must be true or false.");
        };
    }
}
