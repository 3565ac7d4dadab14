package dev.gyre.data;

import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;

/**
 * A table read in chunks, so a source larger than memory can be profiled, validated or copied with
 * bounded memory. Every chunk has {@link #schema()}. Not thread-safe; close it when done.
 */
public interface TableStream extends AutoCloseable {

    /** The schema of every chunk. */
    Schema schema();

    /**
     * The next chunk of at most the stream's chunk size rows, or {@code null} at the end.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument for malformed input, naming the source, the
     *                                                     line or row, and the fix
     */
    Table next();

    /** Rows returned so far. */
    long rowsRead();

    /** Bytes of the source consumed so far, for progress reports; -1 when unknown. */
    default long bytesRead() {
        return -1;
    }

    @Override
    void close();
}
