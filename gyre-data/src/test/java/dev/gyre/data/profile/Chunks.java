package dev.gyre.data.profile;

import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;

/** A table served as a stream of chunks of a fixed size, for tests. */
public final class Chunks implements TableStream {
    private final Table table;
    private final int size;
    private int position;

    private Chunks(Table table, int size) {
        this.table = table;
        this.size = size;
    }

    /** The rows of {@code table} in chunks of {@code size} rows (the last may be shorter). */
    public static TableStream of(Table table, int size) {
        return new Chunks(table, size);
    }

    @Override
    public Schema schema() {
        return table.schema();
    }

    @Override
    public Table next() {
        if (position >= table.rowCount()) {
            return null;
        }
        int end = Math.min(table.rowCount(), position + size);
        Table chunk = table.slice(position, end);
        position = end;
        return chunk;
    }

    @Override
    public long rowsRead() {
        return position;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
