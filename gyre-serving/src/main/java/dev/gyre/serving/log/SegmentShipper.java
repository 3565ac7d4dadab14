package dev.gyre.serving.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Moves complete segments out of the log directory into a {@link SegmentSink} (the artifact store).
 *
 * <p>A segment is shipped when it is not open in the log and its hour window is before the clock's current hour:
 * the log never opens a segment for an hour before the current one, so such a segment is final. Segments of the
 * current hour stay local even when already rolled. A shipped segment is deleted locally after the sink returns;
 * a segment the sink refused stays and is retried by the next {@link #ship()}.
 */
public final class SegmentShipper {
    private final PredictionLog log;
    private final SegmentSink sink;

    /**
     * The outcome of one {@link #ship()}.
     *
     * @param shipped the names handed to the sink and deleted locally, in order
     * @param failed  the names the sink (or the local delete) failed on, with the error
     */
    public record Result(List<String> shipped, Map<String, Exception> failed) {
        /** Copies. */
        public Result {
            shipped = List.copyOf(shipped);
            failed = Map.copyOf(failed);
        }
    }

    /** A shipper of {@code log}'s segments to {@code sink}. */
    public SegmentShipper(PredictionLog log, SegmentSink sink) {
        this.log = Objects.requireNonNull(log, "log");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Ships every complete segment older than the current hour, oldest first within a deployment.
     *
     * @throws UncheckedIOException when the log directory cannot be listed
     */
    public Result ship() {
        Path root = log.options().directory();
        long current = Segments.windowOf(log.options().clock().millis());
        List<String> shipped = new ArrayList<>();
        Map<String, Exception> failed = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return new Result(shipped, failed);
        }
        try {
            for (Path dir : sorted(root, "*")) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                for (Path segment : sorted(dir, "*.jsonl")) {
                    long window = Segments.windowOfName(segment.getFileName().toString());
                    Set<Path> open = log.openSegments();
                    if (window < 0 || window >= current || open.contains(segment)) {
                        continue;
                    }
                    String name = dir.getFileName() + "/" + segment.getFileName();
                    try {
                        sink.put(name, segment);
                        Files.delete(segment);
                        shipped.add(name);
                    } catch (IOException | RuntimeException e) {
                        failed.put(name, e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(shipped, failed);
    }

    private static List<Path> sorted(Path dir, String glob) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(paths::add);
        }
        paths.sort(null);
        return paths;
    }
}
