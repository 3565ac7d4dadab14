package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A persistent cache of file hashes, so that hashing an unchanged file again reads nothing. An entry is
 * keyed by the file's {@link Stamp}: absolute path, size, modification time and change time in
 * nanoseconds, and the file key (device and inode) where the file system has them. Any change of the
 * file's content changes its modification time (and its change time, also when the modification time
 * is set back), so a stamp that matches means the content is the one that was hashed.
 *
 * <p><b>Racily clean files.</b> A file modified within the resolution of the file system's clock right
 * after it was hashed could keep its stamp. So a file whose modification time is less than
 * {@link #RACY_WINDOW} before the hashing started is not remembered; it is hashed again next time.
 *
 * <p><b>Storage.</b> The cache is the append-only log {@value #FILE_NAME} in the given folder: one line per
 * entry, written with one appending write, each line carrying a CRC-32 so that a line torn by a crash is
 * ignored. Several processes may append at the same time. When the log holds many superseded lines, opening
 * it rewrites it (to a temporary file, renamed atomically over the log, under a lock file), keeping the
 * entries of files that still exist; a process that appends to the old log at that moment loses its
 * entries, which only costs a re-hash. Thread-safe.
 */
public final class HashCache implements AutoCloseable {

    /** The log's name in the cache folder. */
    public static final String FILE_NAME = "hash-cache-v1.log";

    /** Files modified less than this before hashing started are not remembered. */
    public static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private static final String LOCK_NAME = "hash-cache-v1.lock";
    private static final int COMPACT_MIN_LINES = 10_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    /**
     * What identifies one state of a file.
     *
     * @param path          absolute, normalised path
     * @param size          bytes
     * @param modifiedNanos modification time, nanoseconds since the epoch
     * @param changedNanos  inode change time in nanoseconds, or -1 where the file system has none
     * @param fileKey       device and inode as the JVM reports them, or "" where there is none
     */
    public record Stamp(String path, long size, long modifiedNanos, long changedNanos, String fileKey) {
        public Stamp {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(fileKey, "fileKey");
        }

        /**
         * The stamp of a file now, following symbolic links.
         *
         * @throws IOException if its attributes cannot be read
         */
        public static Stamp of(Path file) throws IOException {
            String path = file.toAbsolutePath().normalize().toString();
            try {
                // one stat call where the file system has the Unix view
                Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,fileKey");
                Object key = unix.get("fileKey");
                return new Stamp(path, (Long) unix.get("size"), nanos((FileTime) unix.get("lastModifiedTime")),
                        nanos((FileTime) unix.get("ctime")), key == null ? "" : key.toString());
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
                Object key = basic.fileKey();
                return new Stamp(path, basic.size(), nanos(basic.lastModifiedTime()), -1,
                        key == null ? "" : key.toString());
            }
        }

        private static long nanos(FileTime time) {
            return time.to(TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Cached hashes of one file state.
     *
     * @param sha256 lower-case hex SHA-256
     * @param md5    lower-case hex MD5
     */
    public record Hashes(String sha256, String md5) {
        public Hashes {
            if (!Digests.isLowerHex(sha256, 64) || !Digests.isLowerHex(md5, 32)) {
                throw new IllegalArgumentException("sha256 and md5 must be lower-case hex");
            }
        }
    }

    private record Entry(Stamp stamp, Hashes hashes) {
    }

    private final Path log;
    private final Map<String, Entry> entries = new HashMap<>();
    private FileChannel appender;

    private HashCache(Path log) {
        this.log = log;
    }

    /**
     * Opens the cache in {@code folder} (created if needed), reading the log and compacting it when it holds
     * many superseded lines.
     *
     * @throws GyreException.InvalidArgument if the folder cannot be created or the log cannot be read
     */
    public static HashCache open(Path folder) {
        Objects.requireNonNull(folder, "folder");
        HashCache cache = new HashCache(folder.resolve(FILE_NAME));
        try {
            Files.createDirectories(folder);
            int lines = cache.load();
            if (lines >= COMPACT_MIN_LINES && lines > 2 * cache.entries.size()) {
                cache.compact(folder.resolve(LOCK_NAME));
            }
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("The hash cache in '" + folder + "' cannot be opened ("
                    + e.getMessage() + "); check that the folder is writable, or delete " + FILE_NAME + " there.", e);
        }
        return cache;
    }

    /** The cached hashes of exactly this file state, if known. */
    public synchronized Optional<Hashes> lookup(Stamp stamp) {
        Entry entry = entries.get(stamp.path());
        return entry != null && entry.stamp().equals(stamp) ? Optional.of(entry.hashes()) : Optional.empty();
    }

    /**
     * Remembers the hashes of a file state, unless the file was modified less than {@link #RACY_WINDOW}
     * before {@code hashingStarted}.
     *
     * @return whether it was remembered
     * @throws GyreException.Internal if the log cannot be written
     */
    public synchronized boolean remember(Stamp stamp, Hashes hashes, Instant hashingStarted) {
        Objects.requireNonNull(hashes, "hashes");
        Instant modified = Instant.EPOCH.plusNanos(stamp.modifiedNanos());
        if (!modified.isBefore(hashingStarted.minus(RACY_WINDOW))) {
            return false;
        }
        Entry entry = new Entry(stamp, hashes);
        if (entry.equals(entries.get(stamp.path()))) {
            return true;
        }
        try {
            if (appender == null) {
                appender = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer line = ByteBuffer.wrap(format(entry).getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                appender.write(line);
            }
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to write the hash cache (" + e.getMessage() + ").", e);
        }
        entries.put(stamp.path(), entry);
        return true;
    }

    /** How many files the cache knows. */
    public synchronized int size() {
        return entries.size();
    }

    /** Closes the log. Idempotent; the cache may not be used afterwards. */
    @Override
    public synchronized void close() {
        if (appender != null) {
            try {
                appender.close();
            } catch (IOException e) {
                // nothing was buffered: every line was written with its own write
            }
            appender = null;
        }
    }

    /** Reads the log; returns how many lines it has. */
    private int load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(log);
        } catch (NoSuchFileException e) {
            return 0;
        }
        int lines = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            lines++;
            Entry entry = parse(line);
            if (entry != null) {
                entries.put(entry.stamp().path(), entry);
            }
        }
        return lines;
    }

    /** Rewrites the log with the entries of files that still exist, unless another process is doing it. */
    private void compact(Path lockFile) throws IOException {
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                return;
            }
            entries.values().removeIf(entry -> !Files.exists(Path.of(entry.stamp().path())));
            StringBuilder text = new StringBuilder();
            for (Entry entry : entries.values()) {
                text.append(format(entry));
            }
            Path temp = Files.createTempFile(log.getParent(), "hash-cache-", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** {@code sha256 md5 size mtime ctime b64(fileKey) b64(path) crc32}, newline-terminated. */
    private static String format(Entry entry) {
        Stamp s = entry.stamp();
        String body = entry.hashes().sha256() + ' ' + entry.hashes().md5() + ' ' + s.size() + ' '
                + s.modifiedNanos() + ' ' + s.changedNanos() + ' ' + encode(s.fileKey()) + ' ' + encode(s.path());
        return body + ' ' + crc(body) + '\n';
    }

    /** The entry of a log line, or null if the line is torn or malformed. */
    private static Entry parse(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0 || !line.substring(lastSpace + 1).equals(crc(line.substring(0, lastSpace)))) {
            return null;
        }
        String[] fields = line.substring(0, lastSpace).split(" ", -1);
        if (fields.length != 7) {
            return null;
        }
        try {
            Stamp stamp = new Stamp(decode(fields[6]), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]), decode(fields[5]));
            return new Entry(stamp, new Hashes(fields[0], fields[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private static String encode(String text) {
        return text.isEmpty() ? "-" : B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String field) {
        return field.equals("-") ? "" : new String(B64_DECODE.decode(field), StandardCharsets.UTF_8);
    }
}
