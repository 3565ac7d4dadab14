package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every backend shares: argument checks, hashing while streaming to a temporary file,
 * verification on read, page tokens and paging. A backend implements a few primitives
 * ({@link #store}, {@link #open}, {@link #find}, {@link #listAfter}, {@link #remove}).
 */
public abstract class AbstractArtifactStore implements ArtifactStore {

    /** Largest page a listing may ask for. */
    public static final int MAX_RESULTS_LIMIT = 10_000;

    private static final int BUFFER_SIZE = 64 * 1024;
    /** An absolute POSIX or Windows path with at least two segments, not part of a URL. */
    private static final Pattern ABSOLUTE_PATH =
            Pattern.compile("(?<![\\w:/.])(?:[A-Za-z]:)?[/\\\\](?:[^\\s/\\\\'\"]+[/\\\\])+[^\\s'\",;)]*");

    /** An opened artifact: the raw stream and what was recorded when it was written. */
    protected record Opened(InputStream stream, ArtifactInfo info) {
        protected Opened {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(info, "info");
        }
    }

    /** Upload content spooled to a local temporary file, with its size and SHA-256. */
    protected record Spooled(Path file, long size, String sha256) {
    }

    /** Reading the caller's content failed (as opposed to the backend failing). */
    protected static final class ContentReadException extends IOException {
        private static final long serialVersionUID = 1L;

        ContentReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public final ArtifactInfo put(ArtifactPath path, InputStream content) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        return store(path, content);
    }

    @Override
    public final InputStream get(ArtifactPath path, boolean verify) {
        Objects.requireNonNull(path, "path");
        Opened opened = open(path);
        ArtifactInfo info = opened.info();
        if (!verify || info.sha256() == null) {
            return opened.stream();
        }
        return new VerifyingInputStream(opened.stream(), path, info.size(), info.sha256());
    }

    @Override
    public final Optional<ArtifactInfo> head(ArtifactPath path) {
        Objects.requireNonNull(path, "path");
        return find(path);
    }

    @Override
    public final ArtifactPage list(String prefix, String pageToken, int maxResults) {
        if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
            throw new GyreException.InvalidArgument("maxResults must be between 1 and " + MAX_RESULTS_LIMIT
                    + ", was " + maxResults + "; ask for fewer and follow nextPageToken.");
        }
        String normalizedPrefix = normalizePrefix(prefix);
        String after = PageTokens.decode(pageToken);
        List<ArtifactInfo> found = listAfter(normalizedPrefix, after, maxResults + 1);
        if (found.size() <= maxResults) {
            return new ArtifactPage(found, null);
        }
        List<ArtifactInfo> page = found.subList(0, maxResults);
        return new ArtifactPage(page, PageTokens.encode(page.get(maxResults - 1).path()));
    }

    @Override
    public final boolean delete(ArtifactPath path) {
        Objects.requireNonNull(path, "path");
        return remove(path);
    }

    /** Writes the artifact atomically; see {@link ArtifactStore#put}. */
    protected abstract ArtifactInfo store(ArtifactPath path, InputStream content);

    /**
     * Opens the artifact's raw bytes together with the recorded size and SHA-256 of exactly those
     * bytes.
     *
     * @throws GyreException.NotFound if there is none
     */
    protected abstract Opened open(ArtifactPath path);

    /** The recorded size, SHA-256 and modification time, or empty. */
    protected abstract Optional<ArtifactInfo> find(ArtifactPath path);

    /**
     * Up to {@code limit} artifacts whose path starts with {@code prefix} and sorts strictly after
     * {@code after} (all when null), in {@link ArtifactPath} order.
     */
    protected abstract List<ArtifactInfo> listAfter(String prefix, String after, int limit);

    /** Deletes; returns whether there was something. */
    protected abstract boolean remove(ArtifactPath path);

    /** The message for a missing artifact. */
    protected static GyreException.NotFound notFound(ArtifactPath path) {
        return new GyreException.NotFound("No artifact at '" + path + "'; list the artifacts to see which exist.");
    }

    /**
     * Copies the content to a new temporary file in {@code directory}, computing size and SHA-256 on
     * the way, with bounded memory. The file is deleted again if anything fails.
     *
     * @param sync whether to force the bytes to the device before returning
     * @throws ContentReadException if reading {@code content} failed
     * @throws IOException if writing the temporary file failed
     */
    protected static Spooled spool(InputStream content, Path directory, boolean sync) throws IOException {
        Path file = Files.createTempFile(directory, "upload-", ".tmp");
        boolean done = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            MessageDigest digest = Sha256.newDigest();
            byte[] buffer = new byte[BUFFER_SIZE];
            long size = 0;
            while (true) {
                int n;
                try {
                    n = content.read(buffer);
                } catch (IOException e) {
                    throw new ContentReadException(e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                size += n;
            }
            out.flush();
            if (sync) {
                channel.force(true);
            }
            done = true;
            return new Spooled(file, size, Sha256.hex(digest.digest()));
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * A short, safe description of a failure for a user-facing message: the exception's kind and
     * the first line of its message, with file-system paths removed (the server's folders are none
     * of the caller's business).
     */
    protected static String shortReason(Throwable e) {
        String name = e.getClass().getSimpleName();
        String message = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (message == null || message.isBlank()) {
            return name;
        }
        String firstLine = ABSOLUTE_PATH.matcher(message.strip().lines().findFirst().orElse(""))
                .replaceAll("<path>");
        if (firstLine.length() > 160) {
            firstLine = firstLine.substring(0, 160) + "...";
        }
        return name + ": " + firstLine;
    }

    /** The message prefix for a failure while reading the caller's content. */
    protected static GyreException.Internal uploadInterrupted(ArtifactPath path, ContentReadException e) {
        return new GyreException.Internal("Unable to store artifact '" + path + "': reading the uploaded content "
                + "failed (" + shortReason(e.getCause()) + "); nothing was stored, send it again.", e.getCause());
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        boolean directory = prefix.endsWith("/");
        String body = directory ? prefix.substring(0, prefix.length() - 1) : prefix;
        try {
            return ArtifactPath.of(body).value() + (directory ? "/" : "");
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument("List prefix is not valid: " + e.getMessage()
                    + " A prefix is the start of an artifact path, such as 'models/' or 'models/v'.", e);
        }
    }
}
