package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a source is read. Every reader takes the same options and ignores those that do not apply to its
 * format (a Parquet file has no delimiter).
 *
 * <p>Error messages name the command-line flags below ({@link #FLAG_TYPE} and friends) as the fix, so a
 * command line that reads files should offer exactly these flags.
 *
 * @param delimiter     the CSV field separator: one of {@code , ; \t |}; {@code null} means by file name — a tab
 *                      for {@code .tsv}, a comma otherwise
 * @param header        whether the first CSV row names the columns; default {@link Header#PRESENT}
 * @param encoding      the character set of CSV and JSON lines text; default UTF-8
 * @param typeOverrides column name → type, replacing inference for those columns; every name must exist
 * @param sampleRows    rows read before the schema is decided (types, JSON keys, categorical vs text);
 *                      1 to 10 000 000, default {@value #DEFAULT_SAMPLE_ROWS}
 * @param chunkRows     at most this many rows per {@link dev.gyre.data.TableStream#next()} chunk; 1 to
 *                      16 777 216, default {@value #DEFAULT_CHUNK_ROWS}
 * @param maxFieldBytes the longest field (and, in JSON lines, the longest string or nested value) accepted,
 *                      counted in decoded characters (one per byte for ASCII); 1 to 1 GiB, default 1 MiB.
 *                      A longer one is an error rather than a reason to hold unbounded text in memory
 */
public record IngestOptions(Character delimiter, Header header, Charset encoding, Map<String, ColumnType> typeOverrides,
                            int sampleRows, int chunkRows, int maxFieldBytes) {

    /** Default {@link #sampleRows}. */
    public static final int DEFAULT_SAMPLE_ROWS = 10_000;
    /** Default {@link #chunkRows}. */
    public static final int DEFAULT_CHUNK_ROWS = 65_536;
    /** Default {@link #maxFieldBytes}: 1 MiB. */
    public static final int DEFAULT_MAX_FIELD_BYTES = 1 << 20;

    /** Flag that sets {@link #delimiter}. */
    public static final String FLAG_DELIMITER = "--delimiter";
    /** Flag that sets {@link #header} to {@link Header#ABSENT}. */
    public static final String FLAG_NO_HEADER = "--no-header";
    /** Flag that sets {@link #encoding}. */
    public static final String FLAG_ENCODING = "--encoding";
    /** Flag that adds one of {@link #typeOverrides}, as {@code --type NAME=TYPE}. */
    public static final String FLAG_TYPE = "--type";
    /** Flag that sets {@link #sampleRows}. */
    public static final String FLAG_SAMPLE_ROWS = "--sample-rows";
    /** Flag that sets {@link #maxFieldBytes}. */
    public static final String FLAG_MAX_FIELD_BYTES = "--max-field-bytes";

    private static final int MAX_SAMPLE_ROWS = 10_000_000;
    private static final int MAX_CHUNK_ROWS = 1 << 24;
    private static final int MAX_FIELD_LIMIT = 1 << 30;

    /** Whether the first row of a CSV file is a header. */
    public enum Header {
        /** The first row names the columns. */
        PRESENT,
        /** Every row is data; columns are named {@code col_1}, {@code col_2}, ... */
        ABSENT,
        /**
         * Decide from the sample. The first row is taken as a header when all of these hold: every field of
         * it is non-empty, not a missing marker and distinct; none of them parses as a number, boolean or
         * timestamp; and either some column's later sampled values all parse as such a type, or no first-row
         * value appears again in its column within the sample. A file of text only whose first row is data
         * and unique is therefore taken as having a header: say {@link #PRESENT} or {@link #ABSENT} when
         * it matters.
         */
        AUTO
    }

    /** The defaults: delimiter by file name, header present, UTF-8, no overrides. */
    public static final IngestOptions DEFAULTS = new IngestOptions(null, Header.PRESENT, StandardCharsets.UTF_8,
            Map.of(), DEFAULT_SAMPLE_ROWS, DEFAULT_CHUNK_ROWS, DEFAULT_MAX_FIELD_BYTES);

    /**
     * Validates every option.
     *
     * @throws GyreException.InvalidArgument naming the bad option and the accepted values
     */
    public IngestOptions {
        if (delimiter != null && ",;\t|".indexOf(delimiter) < 0) {
            throw new GyreException.InvalidArgument("The delimiter '" + printable(delimiter)
                    + "' is not supported: use " + FLAG_DELIMITER + " with one of ',' ';' '\\t' (tab) '|'.");
        }
        if (header == null) {
            header = Header.PRESENT;
        }
        if (encoding == null) {
            encoding = StandardCharsets.UTF_8;
        }
        Map<String, ColumnType> overrides = new LinkedHashMap<>();
        if (typeOverrides != null) {
            for (Map.Entry<String, ColumnType> entry : typeOverrides.entrySet()) {
                if (entry.getKey() == null || entry.getKey().isEmpty() || entry.getValue() == null) {
                    throw new GyreException.InvalidArgument("A type override needs a column name and a type, as in "
                            + FLAG_TYPE + " age=numeric; got '" + entry.getKey() + "=" + entry.getValue() + "'.");
                }
                overrides.put(entry.getKey(), entry.getValue());
            }
        }
        typeOverrides = Collections.unmodifiableMap(overrides);
        requireRange("sample rows (" + FLAG_SAMPLE_ROWS + ")", sampleRows, MAX_SAMPLE_ROWS);
        requireRange("chunk rows", chunkRows, MAX_CHUNK_ROWS);
        requireRange("maximum field size (" + FLAG_MAX_FIELD_BYTES + ")", maxFieldBytes, MAX_FIELD_LIMIT);
    }

    /** The defaults; shorthand for {@link #DEFAULTS}. */
    public static IngestOptions defaults() {
        return DEFAULTS;
    }

    public IngestOptions withDelimiter(Character newDelimiter) {
        return new IngestOptions(newDelimiter, header, encoding, typeOverrides, sampleRows, chunkRows, maxFieldBytes);
    }

    public IngestOptions withHeader(Header newHeader) {
        return new IngestOptions(delimiter, newHeader, encoding, typeOverrides, sampleRows, chunkRows, maxFieldBytes);
    }

    public IngestOptions withEncoding(Charset newEncoding) {
        return new IngestOptions(delimiter, header, newEncoding, typeOverrides, sampleRows, chunkRows, maxFieldBytes);
    }

    /**
     * These options with the encoding named as a user would type it.
     *
     * @throws GyreException.InvalidArgument for an unknown or unsupported name
     */
    public IngestOptions withEncoding(String name) {
        return withEncoding(charset(name));
    }

    public IngestOptions withTypeOverrides(Map<String, ColumnType> overrides) {
        return new IngestOptions(delimiter, header, encoding, overrides, sampleRows, chunkRows, maxFieldBytes);
    }

    /** These options plus one override (replacing any for the same column). */
    public IngestOptions withType(String column, ColumnType type) {
        Map<String, ColumnType> overrides = new LinkedHashMap<>(typeOverrides);
        overrides.put(column, type);
        return withTypeOverrides(overrides);
    }

    public IngestOptions withSampleRows(int rows) {
        return new IngestOptions(delimiter, header, encoding, typeOverrides, rows, chunkRows, maxFieldBytes);
    }

    public IngestOptions withChunkRows(int rows) {
        return new IngestOptions(delimiter, header, encoding, typeOverrides, sampleRows, rows, maxFieldBytes);
    }

    public IngestOptions withMaxFieldBytes(int bytes) {
        return new IngestOptions(delimiter, header, encoding, typeOverrides, sampleRows, chunkRows, bytes);
    }

    /** The delimiter to use for a file of this name: {@link #delimiter} if set, else tab for .tsv, else comma. */
    public char delimiterFor(String fileName) {
        if (delimiter != null) {
            return delimiter;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }

    /**
     * The character set of this name.
     *
     * @throws GyreException.InvalidArgument for an unknown or unsupported name, with examples of valid ones
     */
    public static Charset charset(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new GyreException.InvalidArgument("Unknown encoding '" + name + "': use " + FLAG_ENCODING
                    + " with a name such as UTF-8, ISO-8859-1, windows-1252 or UTF-16.");
        }
    }

    private static void requireRange(String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new GyreException.InvalidArgument("The " + what + " must be between 1 and " + max + "; got "
                    + value + ".");
        }
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> String.valueOf(c);
        };
    }
}
