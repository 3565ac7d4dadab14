package dev.gyre.data.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON lines file (one JSON object per line) as typed chunks, read with Jackson's streaming parser.
 *
 * <p>The columns are the union of the keys of the first {@link IngestOptions#sampleRows()} objects, in the
 * order they first appear; a key first seen later is an error (raise the sample size) rather than data
 * silently dropped. A key absent from an object, and JSON {@code null}, are missing. Scalars become text as
 * written (numbers keep their digits) and are then typed by the same rules as CSV fields
 * ({@link SchemaInference}, {@link TextValues}), so a string {@code "NA"} is missing and {@code "2024-01-31"}
 * a timestamp. A nested object or array becomes the compact JSON text of it. Blank lines are skipped; a
 * line that is not one JSON object, a key repeated in an object, or a string over
 * {@link IngestOptions#maxFieldBytes()} is an error naming the line. Memory is bounded by the sample, one
 * chunk and the parser's buffers.
 */
public final class JsonLinesTableStream implements TableStream {

    private final String source;
    private final JsonFactory factory;
    private final JsonParser parser;
    private final Counting counting;
    private final int maxFieldChars;
    private final ChunkedStream chunks;
    private final Map<String, Integer> columns = new LinkedHashMap<>();
    private long lastEndLine;
    private long recordLine;
    private int sampled;

    private JsonLinesTableStream(InputStream in, String source, IngestOptions options) {
        this.source = source;
        this.counting = new Counting(in);
        this.maxFieldChars = options.maxFieldBytes();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxFieldChars).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        try {
            this.parser = options.encoding().equals(StandardCharsets.UTF_8) ? factory.createParser(counting)
                    : factory.createParser(new InputStreamReader(counting, options.encoding().newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)));
            this.chunks = start(options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(counting);
            throw e instanceof IOException io ? failure(io) : (RuntimeException) e;
        }
    }

    /**
     * Opens a JSON lines file and reads its sample.
     *
     * @throws GyreException.InvalidArgument when the file is missing, has no objects, or is malformed in its
     *                                       sample, or an override names no key
     */
    public static JsonLinesTableStream open(Path file, IngestOptions options) {
        return new JsonLinesTableStream(Sources.openFile(file), "File " + file, options);
    }

    /** Reads JSON lines from a stream, which the table stream closes; {@code name} names it in messages. */
    public static JsonLinesTableStream open(InputStream in, String name, IngestOptions options) {
        return new JsonLinesTableStream(in, "File " + name, options);
    }

    private ChunkedStream start(IngestOptions options) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < options.sampleRows(); i++) {
            Map<String, String> record = readObject(true);
            if (record == null) {
                break;
            }
            records.add(record);
            lines.add(recordLine);
        }
        sampled = records.size();
        if (records.isEmpty()) {
            throw new GyreException.InvalidArgument(source + " has no JSON objects. A JSON lines file has one object"
                    + " per line, such as {\"age\": 42, \"city\": \"Oslo\"}.");
        }
        List<String> names = new ArrayList<>(columns.keySet());
        List<String[]> rows = new ArrayList<>(records.size());
        for (Map<String, String> record : records) {
            rows.add(toRow(record));
        }
        SchemaInference inference = new SchemaInference(options.typeOverrides());
        Schema schema = inference.infer(names, rows, source);
        boolean[] overridden = new boolean[names.size()];
        for (int i = 0; i < overridden.length; i++) {
            overridden[i] = inference.isOverridden(names.get(i));
        }
        long[] positions = lines.stream().mapToLong(Long::longValue).toArray();
        return new ChunkedStream(source, "line", schema, overridden, new ArrayList<>(rows), positions, new Rest(),
                options, true);
    }

    /** The next object as key → text (null for JSON null), or null at the end. */
    private Map<String, String> readObject(boolean sampling) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        recordLine = parser.currentTokenLocation().getLineNr();
        if (recordLine <= lastEndLine) {
            throw invalid(recordLine, "a second JSON value starts on the line where the previous object ends");
        }
        if (token != JsonToken.START_OBJECT) {
            throw invalid(recordLine, "expected a JSON object ({...}) but found " + describe(token));
        }
        Map<String, String> record = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (key.isEmpty()) {
                throw invalid(recordLine, "an object has an empty key \"\"; every column needs a name");
            }
            if (!columns.containsKey(key)) {
                if (!sampling) {
                    throw new GyreException.InvalidArgument(source + ", line " + recordLine + ": the key '" + key
                            + "' appears in none of the first " + sampled + " objects (the sample), so it has no"
                            + " column. Raise " + IngestOptions.FLAG_SAMPLE_ROWS + " so the sample includes a line"
                            + " with it, or remove the key.");
                }
                columns.put(key, columns.size());
            }
            record.put(key, value(parser.nextToken()));
        }
        lastEndLine = parser.currentLocation().getLineNr();
        return record;
    }

    private String value(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case START_OBJECT, START_ARRAY -> nested();
            default -> throw invalid(parser.currentTokenLocation().getLineNr(), "unexpected " + describe(token));
        };
    }

    private String nested() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        if (out.getBuffer().length() > maxFieldChars) {
            throw new GyreException.InvalidArgument(source + ", line " + recordLine + ": a nested value is longer than"
                    + " the limit of " + maxFieldChars + " characters. Raise the limit with "
                    + IngestOptions.FLAG_MAX_FIELD_BYTES + " if it is meant to be this long.");
        }
        return out.toString();
    }

    private String[] toRow(Map<String, String> record) {
        String[] row = new String[columns.size()];
        for (Map.Entry<String, String> entry : record.entrySet()) {
            row[columns.get(entry.getKey())] = entry.getValue();
        }
        return row;
    }

    private GyreException.InvalidArgument invalid(long line, String what) {
        return new GyreException.InvalidArgument(source + ", line " + line + ": " + what + ". A JSON lines file has"
                + " exactly one JSON object per line, such as {\"age\": 42, \"city\": \"Oslo\"}.");
    }

    private GyreException.InvalidArgument failure(IOException e) {
        long line = parser == null ? 1 : parser.currentLocation().getLineNr();
        if (e instanceof StreamConstraintsException) {
            return new GyreException.InvalidArgument(source + ", line " + line + ": a string is longer than the limit"
                    + " of " + maxFieldChars + " characters. Raise the limit with " + IngestOptions.FLAG_MAX_FIELD_BYTES
                    + " if it is meant to be this long.", e);
        }
        if (e instanceof JsonProcessingException json) {
            long at = json.getLocation() == null ? line : json.getLocation().getLineNr();
            String message = json.getOriginalMessage();
            String encoding = message != null && message.contains("UTF-8") ? " If the file is not UTF-8, name its"
                    + " encoding with " + IngestOptions.FLAG_ENCODING + "." : "";
            return new GyreException.InvalidArgument(source + ", line " + at + ": invalid JSON: " + message + ". A JSON"
                    + " lines file has exactly one JSON object per line." + encoding, e);
        }
        if (e instanceof CharacterCodingException || e instanceof CharConversionException) {
            return new GyreException.InvalidArgument(source + ", line " + line + ": bytes that are not valid in the"
                    + " file's encoding. Name the file's encoding with " + IngestOptions.FLAG_ENCODING
                    + " (for example ISO-8859-1 or windows-1252), or convert the file to UTF-8.", e);
        }
        return new GyreException.InvalidArgument(source + " could not be read: " + e.getMessage(), e);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    @Override
    public Schema schema() {
        return chunks.schema();
    }

    /**
     * {@inheritDoc}
     *
     * @throws GyreException.InvalidArgument for invalid JSON, a key not in the sample, or a value that does
     *                                       not fit its column's type, naming the line
     */
    @Override
    public Table next() {
        return chunks.next();
    }

    @Override
    public long rowsRead() {
        return chunks.rowsRead();
    }

    /** Bytes of the file read so far (the parser reads a little ahead). */
    @Override
    public long bytesRead() {
        return counting.count;
    }

    @Override
    public void close() {
        chunks.close();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // as above
        }
    }

    private final class Rest implements ChunkedStream.RowSource {
        @Override
        public Object[] next() {
            try {
                Map<String, String> record = readObject(false);
                return record == null ? null : toRow(record);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public long position() {
            return recordLine;
        }

        @Override
        public long bytesRead() {
            return counting.count;
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // an input closes without losing anything
            }
            closeQuietly(counting);
        }
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
