package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.util.List;

/**
 * The part every reader shares once its schema is decided: replays the sampled rows, then reads on from the
 * source, converting raw values into typed chunks of at most {@link IngestOptions#chunkRows()} rows. A value
 * that does not fit its column stops the stream with an error naming where it is and the override to use.
 * After an error the stream only repeats it; close it.
 */
final class ChunkedStream implements TableStream {

    /** Raw rows after the sample, in order. */
    interface RowSource {
        /** The next row of raw values (see {@link ChunkBuilder}), or {@code null} at the end. */
        Object[] next();

        /** Where the row last returned is: a line or row number, 1-based. */
        long position();

        /** Bytes of the source consumed, or -1 when unknown. */
        long bytesRead();

        void close();
    }

    private final String source;
    private final String positionWord;
    private final Schema schema;
    private final boolean[] overridden;
    private final int sampleSize;
    private List<Object[]> sample;
    private final long[] samplePositions;
    private int replayed;
    private final RowSource rest;
    private final ChunkBuilder builder;
    private final int chunkRows;
    private long rowsRead;
    private boolean ended;
    private RuntimeException failure;

    /**
     * @param source          how messages name the source, e.g. {@code File data.csv}
     * @param positionWord    {@code line} or {@code row}
     * @param overridden      per column, whether its type came from {@link IngestOptions#typeOverrides()}
     * @param sample          the sampled rows, replayed first
     * @param samplePositions where each sampled row is
     * @param markersInStrings whether missing markers in string columns are missing (text sources)
     */
    ChunkedStream(String source, String positionWord, Schema schema, boolean[] overridden, List<Object[]> sample,
                  long[] samplePositions, RowSource rest, IngestOptions options, boolean markersInStrings) {
        this.source = source;
        this.positionWord = positionWord;
        this.schema = schema;
        this.overridden = overridden.clone();
        this.sample = sample;
        this.sampleSize = sample.size();
        this.samplePositions = samplePositions;
        this.rest = rest;
        this.chunkRows = options.chunkRows();
        this.builder = new ChunkBuilder(schema, overridden, markersInStrings);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Table next() {
        if (failure != null) {
            throw failure;
        }
        try {
            while (!ended && builder.rows() < chunkRows) {
                Object[] row;
                long position;
                if (replayed < sampleSize) {
                    row = sample.get(replayed);
                    sample.set(replayed, null);
                    position = samplePositions[replayed++];
                    if (replayed == sampleSize) {
                        sample = null;
                    }
                } else {
                    row = rest.next();
                    if (row == null) {
                        ended = true;
                        break;
                    }
                    position = rest.position();
                }
                try {
                    builder.add(row);
                } catch (ChunkBuilder.Mismatch e) {
                    throw mismatch(e, position);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
        if (builder.rows() == 0) {
            return null;
        }
        rowsRead += builder.rows();
        return builder.build();
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public long bytesRead() {
        return rest.bytesRead();
    }

    @Override
    public void close() {
        sample = null;
        rest.close();
    }

    private GyreException.InvalidArgument mismatch(ChunkBuilder.Mismatch e, long position) {
        String name = schema.fields().get(e.column).name();
        ColumnType type = schema.fields().get(e.column).type();
        String value = ChunkBuilder.text(e.value);
        if (value.length() > 100) {
            value = value.substring(0, 100) + "…";
        }
        String where = source + ", " + positionWord + " " + position + ", column '" + name + "': the value '" + value
                + "' is not " + describe(type);
        String override = IngestOptions.FLAG_TYPE + " " + name + "=" + ColumnType.TEXT.wireName();
        if (overridden[e.column]) {
            return new GyreException.InvalidArgument(where + ", the type given with " + IngestOptions.FLAG_TYPE + " "
                    + name + "=" + type.wireName() + ". Fix the value, or give the column another type, such as "
                    + override + ".");
        }
        return new GyreException.InvalidArgument(where + ", but the column was read as " + type.wireName()
                + " from the first " + sampleSize + " rows. Read it as text with " + override
                + " (or categorical), fix the value, or raise " + IngestOptions.FLAG_SAMPLE_ROWS
                + " so the sample includes it.");
    }

    private static String describe(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "a number";
            case BOOLEAN -> "a boolean (true or false)";
            case TIMESTAMP -> "an ISO-8601 date or date-time";
            case CATEGORICAL, TEXT -> "text";
        };
    }
}
