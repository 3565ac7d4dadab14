package dev.gyre.serving.log;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a deployment's records back from the segment files, in segment-name order (hour, then sequence) and line
 * order within a segment.
 *
 * <p>A line without its terminating newline (a write cut short by a crash, or a segment still being written) is
 * skipped, and so is a line that is not a valid record; both are counted in {@link #skippedLines()}.
 *
 * <p>A segment never holds a record stamped after its hour, but may hold late records stamped before it (written
 * after the clock entered the segment's hour). A read between two times therefore also reads the segments of the
 * hour after {@code to}'s; a record written more than an hour after its timestamp is not found by it.
 */
public final class PredictionLogReader {
    private final Path directory;
    private final AtomicLong skipped = new AtomicLong();

    /** A reader of the log under {@code directory} (the {@link PredictionLog.Options#directory()}). */
    public PredictionLogReader(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Lines skipped so far by this reader's streams: partial last lines and malformed lines. */
    public long skippedLines() {
        return skipped.get();
    }

    /**
     * The deployment's segment files that may hold records with a timestamp in {@code [from, to)}, sorted by
     * name; empty when the deployment has no directory.
     */
    public List<Path> segments(String deployment, Instant from, Instant to) throws IOException {
        Objects.requireNonNull(deployment, "deployment");
        long first = Segments.windowOf(from.toEpochMilli());
        long last = Segments.windowOf(to.toEpochMilli() - 1) + Segments.HOUR_MS;
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(deployment), "*.jsonl")) {
            for (Path f : files) {
                long window = Segments.windowOfName(f.getFileName().toString());
                if (window >= 0 && window >= first && window <= last) {
                    result.add(f);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        result.sort(null);
        return result;
    }

    /**
     * Streams the deployment's records with a timestamp in {@code [from, to)}, lazily, one segment open at a
     * time. Close the stream (try-with-resources) to release an unfinished segment.
     *
     * @throws UncheckedIOException when a segment cannot be listed or read
     */
    public Stream<PredictionRecord> read(String deployment, Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        List<Path> files;
        try {
            files = segments(deployment, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream()
                .flatMap(this::records)
                .filter(r -> r.timestampMs() >= fromMs && r.timestampMs() < toMs && r.deployment().equals(deployment));
    }

    /** Every complete, valid record of one segment file. */
    public Stream<PredictionRecord> records(Path segment) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(segment), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Iterator<PredictionRecord> it = new LineIterator(in);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        in.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private final class LineIterator implements Iterator<PredictionRecord> {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        private PredictionRecord next;
        private boolean done;

        LineIterator(InputStream in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                next = readRecord();
            }
            return next != null;
        }

        @Override
        public PredictionRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PredictionRecord r = next;
            next = null;
            return r;
        }

        /** The next record, or null when a line was skipped or the file ended. */
        private PredictionRecord readRecord() {
            line.reset();
            try {
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                if (b == -1) {
                    done = true;
                    if (line.size() > 0) {
                        skipped.incrementAndGet();
                    }
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return RecordJson.decode(line.toString(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
                return null;
            }
        }
    }
}
