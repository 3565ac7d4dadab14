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

    /** A stream of one chunk: {@code table}. */
    static TableStream of(Table table) {
        java.util.Objects.requireNonNull(table, "table");
        return new TableStream() {
            private boolean done;

            @Override
            public Schema schema() {
                return table.schema();
            }

            @Override
            public Table next() {
                if (done) {
                    return null;
                }
                done = true;
                return table;
            }

            @Override
            public long rowsRead() {
                return done ? table.rowCount() : 0;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
