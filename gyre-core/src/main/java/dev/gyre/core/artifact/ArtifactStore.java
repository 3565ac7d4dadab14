package dev.gyre.core.artifact;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where artifacts (models, datasets, plots, files) live: a local folder or an S3 bucket, chosen by
 * URI scheme. Paths are {@link ArtifactPath}s, which are confined by construction.
 *
 * <p>Guarantees of every implementation:
 * <ul>
 *   <li>{@link #put} is atomic: a reader sees either the previous content or the complete new
 *       content, never a partial one, also when the process is killed mid-upload.</li>
 *   <li>Every stored artifact carries its size and SHA-256, computed while it was written.</li>
 *   <li>Thread-safe; streams returned by {@link #get} must be closed by the caller.</li>
 * </ul>
 */
public interface ArtifactStore extends AutoCloseable {

    /** The root URI of this store, e.g. {@code file:/home/me/.gyre/artifacts} or {@code s3://bucket/prefix}. */
    String uri();

    /**
     * Writes the artifact from the stream (read to its end, not closed), replacing any previous
     * content at the path.
     *
     * @return the stored artifact's size and SHA-256
     * @throws dev.gyre.core.GyreException.Internal if the backend fails; nothing is left visible then
     */
    ArtifactInfo put(ArtifactPath path, InputStream content);

    /**
     * Opens the artifact for reading.
     *
     * @param verify when true, the returned stream recomputes the SHA-256 and throws an
     *               {@link java.io.IOException} at end of stream if it differs from the recorded one
     * @throws dev.gyre.core.GyreException.NotFound if there is no artifact at the path
     */
    InputStream get(ArtifactPath path, boolean verify);

    /** Size, SHA-256 and modification time of the artifact, or empty if there is none. */
    Optional<ArtifactInfo> head(ArtifactPath path);

    /**
     * Lists artifacts whose path starts with the prefix (all when {@code null}), in path order.
     *
     * @param pageToken  the {@link ArtifactPage#nextPageToken()} of the previous page, or {@code null}
     * @param maxResults 1 to 10 000
     * @throws dev.gyre.core.GyreException.InvalidArgument for a bad page token or max results
     */
    ArtifactPage list(String prefix, String pageToken, int maxResults);

    /**
     * Deletes the artifact. Idempotent.
     *
     * @return whether something was deleted
     */
    boolean delete(ArtifactPath path);

    /**
     * Checks that the backend answers (folder writable, bucket reachable).
     *
     * @throws dev.gyre.core.GyreException.NotReady if it does not
     */
    void checkReady();

    @Override
    default void close() {
    }
}
