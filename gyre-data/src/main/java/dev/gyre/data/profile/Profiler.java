package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link DatasetProfile} chunk by chunk: {@link #add} each chunk of a dataset, then take the
 * {@link #profile()}. Memory depends on the number of columns, the sketch sizes and the exact value limit
 * (times the length of the values counted), never on the number of rows.
 *
 * <p>Mutable and not thread-safe; profile parts in parallel with one profiler each and
 * {@link DatasetProfile#merge} the results.
 */
public final class Profiler {
    private final Schema schema;
    private final List<ColumnState> states;
    private long rowCount;

    /** A profiler of tables of {@code schema} with the {@linkplain ProfileOptions#defaults() default options}. */
    public Profiler(Schema schema) {
        this(schema, ProfileOptions.defaults());
    }

    /** A profiler of tables of {@code schema} whose sketches are sized by {@code options}. */
    public Profiler(Schema schema, ProfileOptions options) {
        this.schema = Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(options, "options");
        this.states = new ArrayList<>(schema.size());
        for (Field field : schema.fields()) {
            states.add(new ColumnState(field.name(), field.type(), options));
        }
    }

    /**
     * Profiles every remaining chunk of a stream with the default options. Does not close the stream.
     *
     * @throws GyreException as the stream's {@link TableStream#next()} does
     */
    public static DatasetProfile of(TableStream stream) {
        return of(stream, ProfileOptions.defaults());
    }

    /** Profiles every remaining chunk of a stream. Does not close the stream. */
    public static DatasetProfile of(TableStream stream, ProfileOptions options) {
        Profiler profiler = new Profiler(stream.schema(), options);
        for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
            profiler.add(chunk);
        }
        return profiler.profile();
    }

    /** The profile of one table with the default options. */
    public static DatasetProfile of(Table table) {
        return new Profiler(table.schema()).add(table).profile();
    }

    /** The schema every chunk must have. */
    public Schema schema() {
        return schema;
    }

    /**
     * Adds a chunk's rows.
     *
     * @throws GyreException.InvalidArgument when the chunk's schema is not the profiler's
     */
    public Profiler add(Table chunk) {
        if (!chunk.schema().equals(schema)) {
            throw new GyreException.InvalidArgument("A chunk with columns " + chunk.schema().fields()
                    + " does not fit a profile of " + schema.fields()
                    + ": every chunk must have the same column names, types and order.");
        }
        List<Column> columns = chunk.columns();
        for (int i = 0; i < columns.size(); i++) {
            states.get(i).add(columns.get(i));
        }
        rowCount += chunk.rowCount();
        return this;
    }

    /** The rows added so far. */
    public long rowCount() {
        return rowCount;
    }

    /** The profile of the rows added so far; the profiler can keep adding afterwards. */
    public DatasetProfile profile() {
        List<ColumnProfile> columns = new ArrayList<>(states.size());
        for (ColumnState state : states) {
            columns.add(new ColumnProfile(state.copy()));
        }
        return new DatasetProfile(rowCount, columns);
    }
}
