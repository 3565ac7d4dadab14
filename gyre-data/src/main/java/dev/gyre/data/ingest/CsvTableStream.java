package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CSV file as typed chunks: {@link CsvReader} for the syntax, {@link SchemaInference} for the types.
 *
 * <p>Opening reads the header (per {@link IngestOptions#header()}) and the first
 * {@link IngestOptions#sampleRows()} rows, infers the schema from them and keeps them to be returned first;
 * the rest of the file is read as chunks are asked for, so memory is bounded by the sample, one chunk and
 * the reader's buffers.
 *
 * <p>Header names have surrounding whitespace removed; an empty or repeated name is an error. Without a
 * header the columns are {@code col_1}, {@code col_2}, ... Every row must have as many fields as the header
 * (or first row). A file with no rows at all, or only a header, is an error: there is nothing to infer a
 * type from, and it usually means an export went wrong.
 */
public final class CsvTableStream implements TableStream {

    private final CsvReader reader;
    private final ChunkedStream chunks;

    private CsvTableStream(CsvReader reader, IngestOptions options) {
        this.reader = reader;
        try {
            this.chunks = start(options);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Opens a CSV file and reads its sample.
     *
     * @throws GyreException.InvalidArgument when the file is missing, empty, header-only or malformed in its
     *                                       first rows, or an override names no column
     */
    public static CsvTableStream open(Path file, IngestOptions options) {
        return new CsvTableStream(CsvReader.open(file, options), options);
    }

    /**
     * Reads CSV from a stream, which the table stream closes.
     *
     * @param name how messages name the input, e.g. the uploaded file's name; also picks a tab delimiter for
     *             a {@code .tsv} name when the options set none
     */
    public static CsvTableStream open(InputStream in, String name, IngestOptions options) {
        return new CsvTableStream(new CsvReader(in, "File " + name, options.delimiterFor(name), options.encoding(),
                options.maxFieldBytes()), options);
    }

    private ChunkedStream start(IngestOptions options) {
        String source = reader.source();
        String[] first = reader.next();
        if (first == null) {
            throw new GyreException.InvalidArgument(source + " is empty: it has no header and no rows. Check that"
                    + " the export that wrote it finished.");
        }
        long firstLine = reader.recordLine();
        boolean auto = options.header() == IngestOptions.Header.AUTO;
        int toRead = options.sampleRows() + (auto ? 1 : 0);
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        String expected = options.header() == IngestOptions.Header.PRESENT
                ? "the header has " + first.length + " columns" : "the first row has " + first.length + " fields";
        Rows rest = new Rows(reader, first.length, expected);
        for (int i = 0; i < toRead; i++) {
            Object[] row = rest.next();
            if (row == null) {
                break;
            }
            rows.add((String[]) row);
            lines.add(rest.position());
        }
        boolean header = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> looksLikeHeader(first, rows);
        };
        List<String> names;
        if (header) {
            names = headerNames(first, source, firstLine);
            if (rows.isEmpty()) {
                throw new GyreException.InvalidArgument(source + " has a header " + names + " but no rows. Check that"
                        + " the export that wrote it finished; a table needs at least one row.");
            }
        } else {
            names = new ArrayList<>();
            for (int i = 1; i <= first.length; i++) {
                names.add("col_" + i);
            }
            rows.add(0, first);
            lines.add(0, firstLine);
        }
        reader.columnNames(names);
        SchemaInference inference = new SchemaInference(options.typeOverrides());
        Schema schema = inference.infer(names, rows, source);
        boolean[] overridden = new boolean[names.size()];
        for (int i = 0; i < overridden.length; i++) {
            overridden[i] = inference.isOverridden(names.get(i));
        }
        long[] positions = lines.stream().mapToLong(Long::longValue).toArray();
        return new ChunkedStream(source, "line", schema, overridden, new ArrayList<>(rows), positions, rest, options,
                true);
    }

    /**
     * The {@link IngestOptions.Header#AUTO} rule: the first row is a header when its fields are non-empty,
     * distinct and untyped, and either some column's sampled values are typed or none of its values repeats.
     */
    static boolean looksLikeHeader(String[] first, List<String[]> rest) {
        Set<String> seen = new HashSet<>();
        for (String value : first) {
            if (TextValues.isMissing(value) || !seen.add(value.strip()) || TextValues.isNumber(value)
                    || TextValues.isBoolean(value) || TextValues.isTimestamp(value)) {
                return false;
            }
        }
        for (int c = 0; c < first.length; c++) {
            List<String> values = new ArrayList<>(rest.size());
            for (String[] row : rest) {
                values.add(row[c]);
            }
            ColumnType type = SchemaInference.inferType(values);
            if (type == ColumnType.NUMERIC || type == ColumnType.BOOLEAN || type == ColumnType.TIMESTAMP) {
                return true;
            }
        }
        for (String[] row : rest) {
            for (int c = 0; c < first.length; c++) {
                if (row[c].strip().equals(first[c].strip())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> headerNames(String[] first, String source, long line) {
        List<String> names = new ArrayList<>(first.length);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < first.length; i++) {
            String name = first[i].strip();
            String fix = " Rename it in the header, or read the file with " + IngestOptions.FLAG_NO_HEADER
                    + " to name the columns col_1, col_2, ...";
            if (name.isEmpty()) {
                throw new GyreException.InvalidArgument(source + ", line " + line + ", column " + (i + 1)
                        + ": the header gives this column no name; every column needs one." + fix);
            }
            Integer earlier = seen.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new GyreException.InvalidArgument(source + ", line " + line + ": the header names both column "
                        + earlier + " and column " + (i + 1) + " '" + name + "'; every column needs its own name."
                        + fix);
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public Schema schema() {
        return chunks.schema();
    }

    /**
     * {@inheritDoc}
     *
     * @throws GyreException.InvalidArgument for malformed CSV, a row of the wrong length, or a value that does
     *                                       not fit its column's type, naming the line and column
     */
    @Override
    public Table next() {
        return chunks.next();
    }

    @Override
    public long rowsRead() {
        return chunks.rowsRead();
    }

    /** Bytes of the file read so far. */
    @Override
    public long bytesRead() {
        return reader.bytesRead();
    }

    @Override
    public void close() {
        chunks.close();
    }

    /** Records after the first, each checked for its number of fields. */
    private static final class Rows implements ChunkedStream.RowSource {
        private final CsvReader reader;
        private final int width;
        private final String expected;

        Rows(CsvReader reader, int width, String expected) {
            this.reader = reader;
            this.width = width;
            this.expected = expected;
        }

        @Override
        public Object[] next() {
            String[] record = reader.next();
            if (record != null && record.length != width) {
                throw new GyreException.InvalidArgument(reader.source() + ", line " + reader.recordLine()
                        + ": this row has " + record.length + " fields but " + expected + ". Quote fields that"
                        + " contain the delimiter (\"a,b\"), or name the file's delimiter with "
                        + IngestOptions.FLAG_DELIMITER + ".");
            }
            return record;
        }

        @Override
        public long position() {
            return reader.recordLine();
        }

        @Override
        public long bytesRead() {
            return reader.bytesRead();
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
