package dev.gyre.store.artifact;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts in a local folder. An artifact {@code a/b.bin} is the plain file {@code <root>/a/b.bin};
 * the store's bookkeeping lives next to it in folders whose names artifact paths may not use:
 * <ul>
 *   <li>{@code <root>/.gyre-tmp/} holds uploads in progress. They are invisible, and ones left
 *       behind by a killed process are removed at start-up and by {@link #checkReady()}.</li>
 *   <li>{@code <root>/.gyre-meta/<path>/%meta} records the SHA-256 and size. ({@code %} cannot occur
 *       in an artifact path, so this name never collides with an artifact folder.)</li>
 * </ul>
 *
 * <h2>Atomic writes</h2>
 * A put streams into a temporary file while hashing, forces it to disk, and then commits with two
 * atomic renames: first the metadata, then the data. The metadata names the data file it describes
 * (size, modification time and, where the file system has one, file key/inode, all preserved by a
 * rename), and it keeps the entry of the content it replaces. If the process dies between the two
 * renames, the old data is still in place and matches the kept entry, so readers keep seeing the
 * previous content with its correct hash; a reader never sees new bytes with an old hash or the
 * other way round.
 *
 * <h2>Confinement</h2>
 * Paths are confined by {@link ArtifactPath}; in addition, every access checks that the real path
 * (symbolic links resolved) stays under the root, so a link inside the root that points elsewhere
 * is refused. Listings skip symbolic links.
 *
 * <p>Since a name cannot be both a file and a folder, {@code a} and {@code a/b} cannot both be
 * artifacts here; the second put fails with {@link GyreException.Conflict} (S3 would allow it).
 *
 * <p>One process should own a root folder; within it, the store is thread-safe.
 */
public final class FileArtifactStore extends AbstractArtifactStore {

    static final String TEMP_FOLDER = ".gyre-tmp";
    static final String META_FOLDER = ".gyre-meta";
    static final String META_FILE = "%meta";

    /** Temporary files untouched for this long are leftovers of a killed process. */
    static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(FileArtifactStore.class);
    private static final int LOCK_STRIPES = 64;

    private final Path root;
    private final Path realRoot;
    private final Path tempFolder;
    private final Path metaFolder;
    private final Object[] commitLocks = new Object[LOCK_STRIPES];
    /** Commits share it; removing empty folders takes it exclusively. */
    private final ReadWriteLock structureLock = new ReentrantReadWriteLock();

    /**
     * Opens (and creates if needed) the store in {@code root}, removing stale temporary files.
     *
     * @throws GyreException.NotReady if the folder cannot be created or used
     */
    public FileArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tempFolder = this.root.resolve(TEMP_FOLDER);
        this.metaFolder = this.root.resolve(META_FOLDER);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            commitLocks[i] = new Object();
        }
        try {
            Files.createDirectories(this.root);
            Files.createDirectories(tempFolder);
            Files.createDirectories(metaFolder);
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new GyreException.NotReady("The artifact folder cannot be created or opened (" + shortReason(e)
                    + "); check that the configured folder exists and is writable by the server.", e);
        }
        removeStaleTemporaryFiles();
    }

    @Override
    public String uri() {
        String uri = root.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    // ---------------------------------------------------------------- put

    @Override
    protected ArtifactInfo store(ArtifactPath path, InputStream content) {
        Path target = dataFile(path);
        Path meta = metaFile(path);
        Spooled spooled;
        try {
            spooled = spool(content, tempFolder, true);
        } catch (ContentReadException e) {
            throw uploadInterrupted(path, e);
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to store artifact '" + path + "': writing the temporary file "
                    + "failed (" + shortReason(e) + ").", e);
        }
        Path metaTemp = null;
        try {
            BasicFileAttributes written = Files.readAttributes(spooled.file(), BasicFileAttributes.class);
            Entry fresh = new Entry(spooled.sha256(), spooled.size(), written.lastModifiedTime(), fileKey(written));
            structureLock.readLock().lock();
            try {
                synchronized (commitLock(path)) {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new GyreException.Conflict("Cannot store artifact '" + path + "': other artifacts are "
                                + "stored below it, as '" + path + "/...'; choose another path or delete those first.");
                    }
                    createParentFolders(path, target);
                    Files.createDirectories(meta.getParent());
                    Entry previous = entryMatchingCurrentData(target, meta);
                    metaTemp = Files.createTempFile(tempFolder, "meta-", ".tmp");
                    writeSynced(metaTemp, new Meta(fresh, previous).serialize());
                    Files.move(metaTemp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(spooled.file(), target, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    syncFolder(target.getParent());
                }
            } finally {
                structureLock.readLock().unlock();
            }
            return new ArtifactInfo(path, fresh.size(), fresh.sha256(), fresh.modified().toInstant());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new GyreException.Conflict("Cannot store artifact '" + path + "': a part of its path is already an "
                    + "artifact (a file), so it cannot also be a folder; choose another path.");
        } catch (DirectoryNotEmptyException e) {
            throw new GyreException.Conflict("Cannot store artifact '" + path + "': other artifacts are stored below "
                    + "it; choose another path or delete those first.");
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to store artifact '" + path + "' (" + shortReason(e) + ").", e);
        } finally {
            deleteQuietly(spooled.file());
            if (metaTemp != null) {
                deleteQuietly(metaTemp);
            }
        }
    }

    private void createParentFolders(ArtifactPath path, Path target) throws IOException {
        Path parent = target.getParent();
        if (!parent.equals(root)) {
            confine(path, parent);
            Files.createDirectories(parent);
            confine(path, parent);
        }
    }

    /** The entry describing the data currently at {@code target}, if the metadata knows it. */
    private Entry entryMatchingCurrentData(Path target, Path meta) throws IOException {
        BasicFileAttributes current = regularFileAttributes(target);
        if (current == null) {
            return null;
        }
        Meta known = Meta.read(meta);
        return known == null ? null : known.matching(current);
    }

    // ---------------------------------------------------------------- get / head

    @Override
    protected Opened open(ArtifactPath path) {
        Path target = dataFile(path);
        try {
            synchronized (commitLock(path)) {
                InputStream stream;
                try {
                    if (regularFileAttributes(target) == null) {
                        throw notFound(path);
                    }
                    stream = Files.newInputStream(target);
                } catch (NoSuchFileException e) {
                    throw notFound(path);
                }
                try {
                    ArtifactInfo info = describe(path, target);
                    if (info == null) {
                        throw notFound(path);
                    }
                    return new Opened(stream, info);
                } catch (RuntimeException | IOException e) {
                    stream.close();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to read artifact '" + path + "' (" + shortReason(e) + ").", e);
        }
    }

    @Override
    protected Optional<ArtifactInfo> find(ArtifactPath path) {
        Path target = dataFile(path);
        try {
            synchronized (commitLock(path)) {
                return Optional.ofNullable(describe(path, target));
            }
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to read artifact '" + path + "' (" + shortReason(e) + ").", e);
        }
    }

    /**
     * What is recorded for the data at {@code target}, or null if there is no regular file. Caller
     * holds the path's commit lock.
     */
    private ArtifactInfo describe(ArtifactPath path, Path target) throws IOException {
        BasicFileAttributes attributes = regularFileAttributes(target);
        if (attributes == null) {
            return null;
        }
        Path meta = metaFile(path);
        Meta known = Meta.read(meta);
        if (known == null) {
            // A file put into the folder by hand: adopt it by hashing it once.
            Entry adopted = hashExisting(target, attributes);
            recordAdopted(meta, adopted);
            return adopted.toInfo(path);
        }
        Entry entry = known.matching(attributes);
        // No entry matches when the file was changed behind the store's back: report what was
        // recorded, so that a verifying read fails instead of vouching for unknown bytes.
        return (entry != null ? entry : known.current()).toInfo(path);
    }

    /** Best effort: if recording fails (e.g. a concurrent delete pruned the folder), hash again next time. */
    private void recordAdopted(Path meta, Entry adopted) {
        Path metaTemp = null;
        try {
            metaTemp = Files.createTempFile(tempFolder, "meta-", ".tmp");
            writeSynced(metaTemp, new Meta(adopted, null).serialize());
            Files.createDirectories(meta.getParent());
            Files.move(metaTemp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.debug("Could not record the hash of an adopted artifact file", e);
        } finally {
            if (metaTemp != null) {
                deleteQuietly(metaTemp);
            }
        }
    }

    private static Entry hashExisting(Path file, BasicFileAttributes attributes) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Entry(Sha256.hex(digest.digest()), size, attributes.lastModifiedTime(), fileKey(attributes));
    }

    // ---------------------------------------------------------------- list

    @Override
    protected List<ArtifactInfo> listAfter(String prefix, String after, int limit) {
        List<ArtifactInfo> out = new ArrayList<>();
        try {
            walk(root, "", prefix, after, limit, out);
        } catch (IOException | UncheckedIOException e) {
            throw new GyreException.Internal("Unable to list artifacts (" + shortReason(e) + ").", e);
        }
        return out;
    }

    private record Child(Path file, String key, boolean folder) {
    }

    /**
     * Depth-first walk in path order: siblings are sorted by name, with a folder sorting as its
     * name plus '/', which yields the order of the full paths. Folders that cannot contain a
     * matching path after {@code after} are skipped without being read.
     */
    private void walk(Path folder, String relative, String prefix, String after, int limit, List<ArtifactInfo> out)
            throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (relative.isEmpty() && name.toLowerCase(Locale.ROOT).startsWith(ArtifactPath.RESERVED_PREFIX)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (attributes.isDirectory()) {
                    children.add(new Child(child, relative + name + "/", true));
                } else if (attributes.isRegularFile()) {
                    children.add(new Child(child, relative + name, false));
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        children.sort(Comparator.comparing(Child::key, ArtifactPath::compareByCodePoint));
        for (Child child : children) {
            if (out.size() >= limit) {
                return;
            }
            String key = child.key();
            if (child.folder()) {
                boolean mayMatchPrefix = key.startsWith(prefix) || prefix.startsWith(key);
                boolean allBeforeAfter = after != null && ArtifactPath.compareByCodePoint(after, key) >= 0
                        && !after.startsWith(key);
                if (mayMatchPrefix && !allBeforeAfter && validPath(key.substring(0, key.length() - 1)) != null) {
                    walk(child.file(), key, prefix, after, limit, out);
                }
            } else if (key.startsWith(prefix) && (after == null || ArtifactPath.compareByCodePoint(key, after) > 0)) {
                ArtifactPath path = validPath(key);
                if (path != null) {
                    synchronized (commitLock(path)) {
                        ArtifactInfo info = describe(path, child.file());
                        if (info != null) {
                            out.add(info);
                        }
                    }
                }
            }
        }
    }

    /** The path for a name found on disk, or null if it is not one this store could have written. */
    private static ArtifactPath validPath(String key) {
        try {
            ArtifactPath path = ArtifactPath.of(key);
            return path.value().equals(key) ? path : null;
        } catch (GyreException.InvalidArgument e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- delete

    @Override
    protected boolean remove(ArtifactPath path) {
        Path target = dataFile(path);
        Path meta = metaFile(path);
        structureLock.writeLock().lock();
        try {
            synchronized (commitLock(path)) {
                boolean existed = regularFileAttributes(target) != null && Files.deleteIfExists(target);
                // Data first, then metadata: a crash in between leaves only invisible metadata.
                Files.deleteIfExists(meta);
                removeEmptyFolders(target.getParent(), root);
                removeEmptyFolders(meta.getParent(), metaFolder);
                return existed;
            }
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to delete artifact '" + path + "' (" + shortReason(e) + ").", e);
        } finally {
            structureLock.writeLock().unlock();
        }
    }

    private static void removeEmptyFolders(Path folder, Path stop) {
        Path current = folder;
        while (current != null && !current.equals(stop) && current.startsWith(stop)) {
            try {
                Files.deleteIfExists(current);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                LOG.debug("Could not remove empty artifact folder", e);
                return;
            }
            current = current.getParent();
        }
    }

    // ---------------------------------------------------------------- readiness

    @Override
    public void checkReady() {
        try {
            Files.createDirectories(tempFolder);
            Files.createDirectories(metaFolder);
            Path probe = Files.createTempFile(tempFolder, "probe-", ".tmp");
            try {
                Files.write(probe, new byte[] {1});
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new GyreException.NotReady("The artifact folder is not writable (" + shortReason(e)
                    + "); check that the configured folder exists and is writable by the server.", e);
        }
        removeStaleTemporaryFiles();
    }

    /** Removes uploads left behind by a killed process (untouched for {@link #STALE_TEMP_AGE}). */
    private void removeStaleTemporaryFiles() {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tempFolder)) {
            for (Path file : stream) {
                try {
                    BasicFileAttributes attributes =
                            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    LOG.debug("Could not remove a stale temporary artifact file", e);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the artifact folder's temporary files: {}", shortReason(e));
        }
    }

    // ---------------------------------------------------------------- paths and confinement

    private Path dataFile(ArtifactPath path) {
        Path file = root;
        for (String segment : path.segments()) {
            file = file.resolve(segment);
        }
        file = file.normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw escapes(path);
        }
        confine(path, file);
        return file;
    }

    private Path metaFile(ArtifactPath path) {
        Path file = metaFolder;
        for (String segment : path.segments()) {
            file = file.resolve(segment);
        }
        file = file.resolve(META_FILE).normalize();
        if (!file.startsWith(metaFolder)) {
            throw escapes(path);
        }
        return file;
    }

    /** Refuses the path if its deepest existing ancestor resolves, through links, outside the root. */
    private void confine(ArtifactPath path, Path file) {
        Path existing = file;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw escapes(path);
        }
        try {
            if (!existing.toRealPath().startsWith(realRoot)) {
                throw escapes(path);
            }
        } catch (NoSuchFileException e) {
            // a dangling link: refuse rather than follow it later
            throw escapes(path);
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to resolve artifact '" + path + "' (" + shortReason(e) + ").", e);
        }
    }

    private static GyreException.InvalidArgument escapes(ArtifactPath path) {
        return new GyreException.InvalidArgument("Artifact path '" + path + "' leads outside the artifact store "
                + "(through a symbolic link in the store's folder); use another path, or ask the operator to remove "
                + "the link.");
    }

    private Object commitLock(ArtifactPath path) {
        return commitLocks[Math.floorMod(path.value().hashCode(), LOCK_STRIPES)];
    }

    // ---------------------------------------------------------------- file helpers

    private static BasicFileAttributes regularFileAttributes(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? attributes : null;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (FileSystemException e) {
            // "Not a directory": some ancestor is an artifact (a file), so there is nothing below it.
            for (Path parent = file.getParent(); parent != null; parent = parent.getParent()) {
                if (Files.isRegularFile(parent)) {
                    return null;
                }
            }
            throw e;
        }
    }

    private static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? "" : key.toString();
    }

    private static void writeSynced(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a folder; the renames are atomic regardless.
            LOG.trace("Folder sync not supported", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete a temporary artifact file", e);
        }
    }

    // ---------------------------------------------------------------- metadata

    /** What was recorded for one version of the data: hash and the identity of its file. */
    record Entry(String sha256, long size, FileTime modified, String fileKey) {

        boolean describes(BasicFileAttributes attributes) {
            String key = FileArtifactStore.fileKey(attributes);
            boolean sameKey = fileKey.isEmpty() || key.isEmpty() || fileKey.equals(key);
            return sameKey && size == attributes.size()
                    && modified.toInstant().equals(attributes.lastModifiedTime().toInstant());
        }

        ArtifactInfo toInfo(ArtifactPath path) {
            return new ArtifactInfo(path, size, sha256, modified.toInstant());
        }
    }

    /** The metadata file: the current entry, and the one it replaced (for the crash window). */
    record Meta(Entry current, Entry previous) {

        Entry matching(BasicFileAttributes attributes) {
            if (current.describes(attributes)) {
                return current;
            }
            if (previous != null && previous.describes(attributes)) {
                return previous;
            }
            return null;
        }

        String serialize() {
            StringBuilder out = new StringBuilder("gyre-artifact-meta=1\n");
            append(out, "", current);
            if (previous != null) {
                append(out, "previous.", previous);
            }
            return out.toString();
        }

        private static void append(StringBuilder out, String prefix, Entry entry) {
            out.append(prefix).append("sha256=").append(entry.sha256()).append('\n');
            out.append(prefix).append("size=").append(entry.size()).append('\n');
            out.append(prefix).append("modified=").append(entry.modified().toInstant()).append('\n');
            out.append(prefix).append("fileKey=").append(entry.fileKey()).append('\n');
        }

        /** Reads the metadata, or null if there is none or it is unreadable. */
        static Meta read(Path file) throws IOException {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            }
            Map<String, String> values = new HashMap<>();
            for (String line : lines) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            Entry current = entry(values, "");
            if (current == null) {
                LOG.warn("Ignoring unreadable artifact metadata");
                return null;
            }
            return new Meta(current, entry(values, "previous."));
        }

        private static Entry entry(Map<String, String> values, String prefix) {
            String sha = values.get(prefix + "sha256");
            String size = values.get(prefix + "size");
            String modified = values.get(prefix + "modified");
            String key = values.getOrDefault(prefix + "fileKey", "");
            if (!Sha256.isHex(sha) || size == null || modified == null) {
                return null;
            }
            try {
                return new Entry(sha, Long.parseLong(size), FileTime.from(Instant.parse(modified)), key);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
