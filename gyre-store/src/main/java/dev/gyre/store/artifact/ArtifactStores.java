package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** Opens the artifact store named by a URI: {@code file:/abs/folder} or {@code s3://bucket/prefix}. */
public final class ArtifactStores {

    private static final Map<String, BiFunction<URI, S3Settings, ArtifactStore>> FACTORIES;

    static {
        Map<String, BiFunction<URI, S3Settings, ArtifactStore>> factories = new LinkedHashMap<>();
        factories.put("file", (uri, s3) -> fileStore(uri));
        factories.put("s3", ArtifactStores::s3Store);
        FACTORIES = Collections.unmodifiableMap(factories);
    }

    private ArtifactStores() {
    }

    /** The URI schemes this factory knows, in a stable order. */
    public static java.util.Set<String> schemes() {
        return FACTORIES.keySet();
    }

    /**
     * Opens the store for {@code uri}.
     *
     * @param s3 how to reach S3 for {@code s3://} URIs; {@code null} reads it from the environment
     *           ({@link S3Settings#fromEnvironment})
     * @throws GyreException.InvalidArgument for a missing, malformed or unknown URI; the message
     *                                       lists the known schemes
     */
    public static ArtifactStore forUri(String uri, S3Settings s3) {
        String examples = "for example file:/var/lib/gyre/artifacts or s3://my-bucket/artifacts";
        if (uri == null || uri.isBlank()) {
            throw new GyreException.InvalidArgument("The artifact store URI is missing; known schemes: "
                    + String.join(", ", schemes()) + " (" + examples + ").");
        }
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        BiFunction<URI, S3Settings, ArtifactStore> factory = FACTORIES.get(scheme);
        if (factory == null) {
            String shown = scheme.isEmpty() ? "no scheme" : "the unknown scheme '" + scheme + "'";
            throw new GyreException.InvalidArgument("The artifact store URI has " + shown + "; known schemes: "
                    + String.join(", ", schemes()) + " (" + examples + ").");
        }
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        } catch (URISyntaxException e) {
            throw new GyreException.InvalidArgument("The artifact store URI is malformed (" + e.getReason()
                    + " at index " + e.getIndex() + "); " + examples + ".");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new GyreException.InvalidArgument("The artifact store URI may not have a query or fragment; "
                    + examples + ".");
        }
        return factory.apply(parsed, s3);
    }

    private static ArtifactStore fileStore(URI uri) {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new GyreException.InvalidArgument("A file: artifact store URI needs an absolute folder, such as "
                    + "file:/var/lib/gyre/artifacts or file:///var/lib/gyre/artifacts.");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new GyreException.InvalidArgument("A file: artifact store URI cannot name a host; use "
                    + "file:/absolute/folder (mount remote folders locally instead).");
        }
        Path folder;
        try {
            folder = Path.of(new URI("file", null, uri.getPath(), null));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new GyreException.InvalidArgument("A file: artifact store URI needs an absolute folder, such as "
                    + "file:/var/lib/gyre/artifacts.");
        }
        return new FileArtifactStore(folder);
    }

    private static ArtifactStore s3Store(URI uri, S3Settings settings) {
        String bucket = uri.getRawAuthority();
        if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
            throw new GyreException.InvalidArgument("An s3:// artifact store URI needs a bucket, such as "
                    + "s3://my-bucket or s3://my-bucket/artifacts.");
        }
        if (bucket.contains("@") || bucket.contains(":")) {
            throw new GyreException.InvalidArgument("An s3:// artifact store URI names only the bucket; pass "
                    + "credentials and endpoint in the S3 settings (GYRE_S3_*), not in the URI.");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (!prefix.isEmpty()) {
            try {
                prefix = ArtifactPath.of(prefix).value();
            } catch (GyreException.InvalidArgument e) {
                throw new GyreException.InvalidArgument("The prefix of the s3:// artifact store URI is not valid: "
                        + e.getMessage(), e);
            }
        }
        S3Settings effective = settings != null ? settings : S3Settings.fromEnvironment(System.getenv());
        return new S3ArtifactStore(bucket, prefix, effective);
    }
}
