package dev.gyre.serving.log;

import java.io.IOException;
import java.nio.file.Path;

/** Where complete segments are shipped, for example the artifact store. */
@FunctionalInterface
public interface SegmentSink {
    /**
     * Stores the segment durably under {@code name}; returns only once stored. The shipper deletes the local
     * file after this returns and keeps it (to retry) when this throws.
     *
     * @param name the segment's name relative to the log directory: {@code <deployment>/<yyyyMMddHH>-<seq>.jsonl}
     * @param file the local segment file, complete and no longer written
     */
    void put(String name, Path file) throws IOException;
}
