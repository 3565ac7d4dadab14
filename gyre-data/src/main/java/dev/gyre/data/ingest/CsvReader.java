package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 parser: returns one record (row of raw field strings) at a time.
 *
 * <p><b>Syntax.</b> Fields are separated by a one-character delimiter. A field that starts with a quote
 * ({@code "}) is quoted: it ends at the next lone quote and may contain delimiters, line breaks and
 * doubled quotes ({@code ""} for one {@code "}); after its closing quote only the delimiter or a line end
 * may follow. A quote elsewhere in an unquoted field is kept as a literal character. Records end at CRLF,
 * LF or a lone CR, mixed freely; line breaks inside quoted fields are kept as written. Lines with nothing
 * on them are skipped. A UTF-8 byte order mark at the start is skipped when the encoding is UTF-8.
 *
 * <p><b>Memory.</b> The input is read through a fixed {@value #BUFFER_SIZE}-byte buffer and decoded into a
 * buffer of as many characters; only the current record is held beyond that, and each field is limited to
 * {@code maxFieldChars} characters, so memory is bounded whatever the file's size.
 *
 * <p><b>Errors</b> stop the reader with a {@link GyreException.InvalidArgument} that names the source, the
 * line (1-based, counting every line break including those inside quoted fields) and the column, and says
 * how to fix it: bytes that are invalid in the encoding (with their byte offset, counted from 0 at the
 * start of the input), a quote that is never
 * closed (where it opened), a character after a closing quote, a field over the limit. Not thread-safe.
 */
public final class CsvReader implements AutoCloseable {

    /** Size of the byte and character buffers. */
    public static final int BUFFER_SIZE = 64 * 1024;

    private static final int DELIMITER = 0;
    private static final int END_OF_LINE = 1;
    private static final int END_OF_INPUT = 2;

    private final DecodedInput input;
    private final String source;
    private final char delimiter;
    private final int maxFieldChars;

    private final char[] buf;
    private int pos;
    private int limit;

    private long line = 1;
    private long recordLine;
    private long fieldLine;
    private char[] field = new char[128];
    private int fieldLength;
    private final List<String> record = new ArrayList<>();
    private List<String> columnNames = List.of();

    /**
     * A reader over {@code in}, which it closes.
     *
     * @param source        how to name the input in messages, e.g. {@code File data.csv}
     * @param maxFieldChars the longest field accepted, in characters
     */
    public CsvReader(InputStream in, String source, char delimiter, Charset encoding, int maxFieldChars) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("A quote, CR or LF cannot be the delimiter.");
        }
        this.input = new DecodedInput(in, encoding, BUFFER_SIZE);
        this.buf = input.buffer();
        this.source = source;
        this.delimiter = delimiter;
        this.maxFieldChars = maxFieldChars;
    }

    /**
     * Opens a file with the options' delimiter (by file name when unset), encoding and field limit.
     *
     * @throws GyreException.InvalidArgument when the file cannot be opened
     */
    public static CsvReader open(Path file, IngestOptions options) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return new CsvReader(Sources.openFile(file), "File " + file, options.delimiterFor(name), options.encoding(),
                options.maxFieldBytes());
    }

    /** Names the columns in later error messages (from the header, once it is read). */
    public void columnNames(List<String> names) {
        this.columnNames = List.copyOf(names);
    }

    /**
     * The next record, or {@code null} at the end of the input.
     *
     * @throws GyreException.InvalidArgument for malformed input, as described above
     */
    public String[] next() {
        try {
            return readRecord();
        } catch (IOException e) {
            throw new GyreException.Internal(source + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The line on which the last record returned by {@link #next()} starts (1-based). */
    public long recordLine() {
        return recordLine;
    }

    /** Bytes read from the input so far. */
    public long bytesRead() {
        return input.bytesRead();
    }

    /** How the input is named in messages. */
    public String source() {
        return source;
    }

    @Override
    public void close() {
        input.close();
    }

    private String[] readRecord() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return null;
            }
            char c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                line++;
                skipLineFeed();
            } else {
                break;
            }
        }
        recordLine = line;
        record.clear();
        while (readField() == DELIMITER) {
            // one field per turn
        }
        return record.toArray(new String[0]);
    }

    private int readField() throws IOException {
        fieldLine = line;
        fieldLength = 0;
        if (pos >= limit && !fill()) {
            record.add("");
            return END_OF_INPUT;
        }
        if (buf[pos] == '"') {
            return readQuotedField();
        }
        final char[] b = buf;
        final char d = delimiter;
        int start = pos;
        int p = pos;
        while (true) {
            int lim = limit;
            while (p < lim) {
                char c = b[p];
                if (c == d || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            if (p < lim) {
                break;
            }
            append(start, p);
            pos = p;
            if (!fill()) {
                record.add(takeField());
                return END_OF_INPUT;
            }
            start = 0;
            p = 0;
        }
        append(start, p);
        record.add(takeField());
        char c = b[p];
        pos = p + 1;
        if (c == d) {
            return DELIMITER;
        }
        line++;
        if (c == '\r') {
            skipLineFeed();
        }
        return END_OF_LINE;
    }

    private int readQuotedField() throws IOException {
        pos++;
        int start = pos;
        boolean afterCr = false;
        while (true) {
            if (pos >= limit) {
                append(start, pos);
                if (!fill()) {
                    throw new GyreException.InvalidArgument(where(fieldLine) + ": the quoted field that opens here is"
                            + " never closed (the input ends inside it). Close it with a quote (\"), and write a quote"
                            + " inside a quoted field as two quotes (\"\").");
                }
                start = 0;
            }
            char c = buf[pos];
            if (c == '"') {
                append(start, pos);
                pos++;
                if (pos >= limit && !fill()) {
                    record.add(takeField());
                    return END_OF_INPUT;
                }
                char next = buf[pos];
                if (next == '"') {
                    append(pos, pos + 1); // the second quote of a doubled pair
                    pos++;
                    start = pos;
                    afterCr = false;
                    continue;
                }
                if (next == delimiter) {
                    record.add(takeField());
                    pos++;
                    return DELIMITER;
                }
                if (next == '\n' || next == '\r') {
                    record.add(takeField());
                    pos++;
                    line++;
                    if (next == '\r') {
                        skipLineFeed();
                    }
                    return END_OF_LINE;
                }
                throw new GyreException.InvalidArgument(where(line) + ": the character '"
                        + IngestOptions.printable(next) + "' follows the closing quote of a quoted field. Inside a"
                        + " quoted field write a quote as two quotes (\"\"); after the closing quote only the"
                        + " delimiter '" + IngestOptions.printable(delimiter) + "' or the end of the line may follow"
                        + " (use " + IngestOptions.FLAG_DELIMITER + " if the file uses another delimiter).");
            }
            if (c == '\r') {
                line++;
                afterCr = true;
            } else {
                if (c == '\n' && !afterCr) {
                    line++;
                }
                afterCr = false;
            }
            pos++;
        }
    }

    private void skipLineFeed() throws IOException {
        if ((pos < limit || fill()) && buf[pos] == '\n') {
            pos++;
        }
    }

    private void append(int start, int end) {
        int n = end - start;
        if (n == 0) {
            return;
        }
        int length = fieldLength + n;
        if (length > maxFieldChars) {
            throw fieldTooLong();
        }
        if (length > field.length) {
            field = java.util.Arrays.copyOf(field, (int) Math.min(Math.max(length, 2L * field.length), maxFieldChars));
        }
        System.arraycopy(buf, start, field, fieldLength, n);
        fieldLength = length;
    }

    private String takeField() {
        return fieldLength == 0 ? "" : new String(field, 0, fieldLength);
    }

    private GyreException.InvalidArgument fieldTooLong() {
        return new GyreException.InvalidArgument(where(fieldLine) + ": the field is longer than " + maxFieldChars
                + " characters, the limit. If the field is meant to be this long, raise the limit with "
                + IngestOptions.FLAG_MAX_FIELD_BYTES + "; otherwise look for a quote that is never closed at or"
                + " before this line.");
    }

    /** "File x, line L, column C ('name')" for the field being read. */
    private String where(long atLine) {
        int column = record.size() + 1;
        String name = column <= columnNames.size() ? " ('" + columnNames.get(column - 1) + "')" : "";
        return source + ", line " + atLine + ", column " + column + name;
    }

    /** Decodes more characters into the buffer; false at the end of the input. Requires pos >= limit. */
    private boolean fill() throws IOException {
        try {
            limit = input.fill();
        } catch (DecodedInput.InvalidBytes e) {
            throw new GyreException.InvalidArgument(source + ", line " + line + ": " + e.getMessage() + ". Name the"
                    + " file's encoding with " + IngestOptions.FLAG_ENCODING + " (for example "
                    + IngestOptions.FLAG_ENCODING + " ISO-8859-1 or windows-1252), or convert the file to UTF-8.");
        }
        pos = 0;
        return limit > 0;
    }
}
