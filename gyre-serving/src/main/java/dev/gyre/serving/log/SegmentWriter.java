package dev.gyre.serving.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open segments, one per deployment; used by one thread at a time (the log's writer). A record is counted
 * written once the segment it went to has been flushed, and counted a write error when that segment failed first.
 * Files are only ever created new, never appended to after a restart, so a partial last line stays last.
 */
final class SegmentWriter {
    private final Path root;
    private final long maxSegmentBytes;
    private final Clock clock;
    private final LongAdder written;
    private final LongAdder writeErrors;
    private final Set<Path> openPaths = ConcurrentHashMap.newKeySet();
    private final Map<String, Segment> segments = new HashMap<>();

    SegmentWriter(Path root, long maxSegmentBytes, Clock clock, LongAdder written, LongAdder writeErrors) {
        this.root = root;
        this.maxSegmentBytes = maxSegmentBytes;
        this.clock = clock;
        this.written = written;
        this.writeErrors = writeErrors;
    }

    /** The segment files currently open for writing; safe to read from any thread. */
    Set<Path> openPaths() {
        return Set.copyOf(openPaths);
    }

    void write(PredictionRecord record) {
        byte[] line;
        try {
            line = RecordJson.encodeLine(record);
        } catch (RuntimeException e) {
            writeErrors.increment();
            return;
        }
        long clockWindow = Segments.windowOf(clock.millis());
        long window = Math.min(Math.max(Segments.windowOf(record.timestampMs()), clockWindow),
                clockWindow + Segments.HOUR_MS);
        Segment s = segments.get(record.deployment());
        if (s != null && (window > s.window || (s.bytes > 0 && s.bytes + line.length > maxSegmentBytes))) {
            window = Math.max(window, s.window);
            close(s);
            s = null;
        }
        if (s == null) {
            try {
                s = open(record.deployment(), window);
            } catch (IOException | RuntimeException e) {
                writeErrors.increment();
                return;
            }
        }
        s.pending++;
        try {
            s.out.write(line);
            s.bytes += line.length;
        } catch (IOException e) {
            fail(s);
        }
    }

    /** Flushes every open segment to the file system. */
    void flushAll() {
        for (Segment s : new ArrayList<>(segments.values())) {
            try {
                s.out.flush();
                written.add(s.pending);
                s.pending = 0;
            } catch (IOException e) {
                fail(s);
            }
        }
    }

    /** Closes the segments whose hour window ended before the clock's current hour. */
    void closeExpired() {
        long current = Segments.windowOf(clock.millis());
        for (Segment s : new ArrayList<>(segments.values())) {
            if (s.window < current) {
                close(s);
            }
        }
    }

    void closeAll() {
        for (Segment s : new ArrayList<>(segments.values())) {
            close(s);
        }
    }

    private Segment open(String deployment, long window) throws IOException {
        Path dir = root.resolve(deployment);
        Files.createDirectories(dir);
        int seq = nextSeq(dir, window);
        Path path = dir.resolve(Segments.fileName(window, seq));
        openPaths.add(path);
        try {
            OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
            Segment s = new Segment(deployment, path, out, window);
            segments.put(deployment, s);
            return s;
        } catch (IOException | RuntimeException e) {
            openPaths.remove(path);
            throw e;
        }
    }

    private static int nextSeq(Path dir, long window) throws IOException {
        int max = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Segments.windowOfName(name) == window) {
                    max = Math.max(max, Segments.seqOfName(name));
                }
            }
        }
        return max + 1;
    }

    private void close(Segment s) {
        try {
            s.out.close();
            written.add(s.pending);
        } catch (IOException e) {
            writeErrors.add(s.pending);
        } finally {
            s.pending = 0;
            segments.remove(s.deployment);
            openPaths.remove(s.path);
        }
    }

    private void fail(Segment s) {
        writeErrors.add(s.pending);
        s.pending = 0;
        try {
            s.out.close();
        } catch (IOException ignored) {
            // the segment is already counted as failed
        } finally {
            segments.remove(s.deployment);
            openPaths.remove(s.path);
        }
    }

    private static final class Segment {
        final String deployment;
        final Path path;
        final OutputStream out;
        final long window;
        long bytes;
        long pending;

        Segment(String deployment, Path path, OutputStream out, long window) {
            this.deployment = deployment;
            this.path = path;
            this.out = out;
            this.window = window;
        }
    }
}
