package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hashes files and directories where they live. A file is read once, with a large buffer, and both its
 * SHA-256 (Gyre's blob name) and MD5 (DVC's object name) are computed from the same bytes. A directory's
 * hash is the SHA-256 of its canonical {@link DirectoryManifest}.
 *
 * <p>With a {@link HashCache}, a file whose stamp (path, size, times, inode) is unchanged since it was last
 * hashed is not read again; {@link FileHash#fromCache()} says so.
 *
 * <p>Thread-safe if the cache is; the buffer is per call.
 */
public final class ContentHasher {

    /** The largest read buffer: 1 MiB. Smaller files get a buffer of their size. */
    public static final int BUFFER_SIZE = 1 << 20;

    private static final int MIN_BUFFER_SIZE = 8 * 1024;

    private final HashCache cache;

    /** A hasher that reads every file. */
    public ContentHasher() {
        this.cache = null;
    }

    /** A hasher that consults and fills {@code cache}. */
    public ContentHasher(HashCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * The hashes of a regular file (symbolic links followed).
     *
     * @throws GyreException.NotFound        if the file does not exist
     * @throws GyreException.InvalidArgument if it is not a regular file or cannot be read
     */
    public FileHash hashFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new GyreException.NotFound("File '" + file + "' does not exist; check the path.");
            }
            throw new GyreException.InvalidArgument("'" + file + "' is not a regular file; give a file (or use"
                    + " the directory form for a folder).");
        }
        try {
            return hash(file);
        } catch (NoSuchFileException e) {
            throw new GyreException.NotFound("File '" + file + "' disappeared while it was hashed; check the path.");
        } catch (AccessDeniedException e) {
            throw new GyreException.InvalidArgument("File '" + file + "' cannot be read: permission denied.");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("File '" + file + "' cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /**
     * The hashes of every regular file below the directory and the directory's manifest. Symbolic links and
     * special files are refused rather than followed, so the hash covers exactly the directory's own files;
     * empty folders are not part of the content.
     *
     * @throws GyreException.NotFound        if the directory does not exist
     * @throws GyreException.InvalidArgument if it is not a directory, holds a link, a special file or a name
     *                                       a manifest cannot carry, or cannot be read
     */
    public DirectoryHash hashDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            if (!Files.exists(directory)) {
                throw new GyreException.NotFound("Directory '" + directory + "' does not exist; check the path.");
            }
            throw new GyreException.InvalidArgument("'" + directory + "' is not a directory.");
        }
        Path root;
        try {
            root = directory.toRealPath();
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Directory '" + directory + "' cannot be read (" + e.getMessage()
                    + ").", e);
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isSymbolicLink()) {
                        throw new GyreException.InvalidArgument("'" + file + "' is a symbolic link; a versioned"
                                + " directory holds regular files only: copy the target in or remove the link.");
                    }
                    if (!attributes.isRegularFile()) {
                        throw new GyreException.InvalidArgument("'" + file + "' is not a regular file (a device,"
                                + " socket or pipe); remove it from the directory.");
                    }
                    found.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Directory '" + directory + "' cannot be read (" + e.getMessage()
                    + ").", e);
        }
        List<DirectoryHash.HashedFile> files = new ArrayList<>(found.size());
        List<DirectoryManifest.Entry> entries = new ArrayList<>(found.size());
        int fromCache = 0;
        for (Path file : found) {
            String relative = relativePosix(root, file);
            FileHash hash = hashFile(file);
            fromCache += hash.fromCache() ? 1 : 0;
            files.add(new DirectoryHash.HashedFile(relative, file, hash));
            entries.add(new DirectoryManifest.Entry(relative, hash.size(), hash.sha256()));
        }
        DirectoryManifest manifest = new DirectoryManifest(entries);
        files.sort((a, b) -> ArtifactPath.compareByCodePoint(a.path(), b.path()));
        return new DirectoryHash(manifest.sha256(), manifest, files, fromCache);
    }

    /** The relative path of {@code file} below {@code directory}, with '/' separators. */
    static String relativePosix(Path directory, Path file) {
        Path relative = directory.relativize(file);
        StringBuilder out = new StringBuilder();
        for (Path segment : relative) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment.toString());
        }
        return DirectoryManifest.requireValidPath(out.toString());
    }

    private FileHash hash(Path file) throws IOException {
        HashCache.Stamp before = cache == null ? null : HashCache.Stamp.of(file);
        if (before != null) {
            var cached = cache.lookup(before);
            if (cached.isPresent()) {
                return new FileHash(before.size(), cached.get().sha256(), cached.get().md5(), true);
            }
        }
        Instant started = Instant.now();
        MessageDigest sha256 = Digests.sha256();
        MessageDigest md5 = Digests.md5();
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = channel.size();
            int capacity = (int) Math.max(MIN_BUFFER_SIZE, Math.min(BUFFER_SIZE, expected + 1));
            byte[] array = new byte[capacity];
            ByteBuffer buffer = ByteBuffer.wrap(array);
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                if (n > 0) {
                    sha256.update(array, 0, n);
                    md5.update(array, 0, n);
                    size += n;
                }
                buffer.clear();
            }
        }
        FileHash hash = new FileHash(size, Digests.hex(sha256.digest()), Digests.hex(md5.digest()), false);
        if (cache != null && before.size() == size && before.equals(HashCache.Stamp.of(file))) {
            // unchanged while it was read: the hashes belong to this stamp
            cache.remember(before, new HashCache.Hashes(hash.sha256(), hash.md5()), started);
        }
        return hash;
    }
}
