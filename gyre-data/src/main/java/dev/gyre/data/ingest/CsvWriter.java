package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import dev.gyre.data.TableStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Writes a {@link TableStream} as RFC 4180 CSV in UTF-8 that {@link CsvTableStream} reads back to the same
 * values: a header line, comma-delimited, LF line ends, a field quoted only when it contains a comma, a
 * quote, CR or LF (quotes doubled inside).
 *
 * <p>Values: numbers by {@link TextValues#formatNumber} (exactly the same double when read back); booleans
 * {@code true}/{@code false}; timestamps as ISO-8601 UTC instants ({@code 2024-03-31T12:00:00Z}, with
 * milliseconds when they are not zero); strings as they are. A missing value is an empty field. So an empty
 * string, or a string equal to a {@linkplain TextValues#MISSING_MARKERS missing marker}, reads back as
 * missing, and types are inferred again on reading: pass {@link IngestOptions#typeOverrides()} to pin them.
 */
public final class CsvWriter {

    private CsvWriter() {
    }

    /**
     * Writes every remaining chunk of {@code stream} to {@code file}, through a temporary file in the same
     * folder that replaces {@code file} only once complete. Does not close the stream.
     *
     * @return the number of rows written
     * @throws GyreException.InvalidArgument when the file cannot be written
     */
    public static long write(TableStream stream, Path file) {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + absolute.getFileName(), ".partial");
            long rows;
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                    StandardCharsets.UTF_8), 1 << 16)) {
                rows = write(stream, out);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            return rows;
        } catch (IOException | UncheckedIOException e) {
            throw new GyreException.InvalidArgument("Could not write the CSV file " + file + ": " + e.getMessage()
                    + ". Check that its folder exists, is writable and has space.", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a leftover partial file is harmless and named as such
                }
            }
        }
    }

    /**
     * Writes the header and every remaining chunk of {@code stream} to {@code out}, which it neither flushes
     * nor closes.
     *
     * @return the number of rows written
     */
    public static long write(TableStream stream, Writer out) throws IOException {
        List<String> names = stream.schema().names();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(escape(names.get(i)));
        }
        out.write('\n');
        long rows = 0;
        StringBuilder line = new StringBuilder(256);
        for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
            List<Column> columns = chunk.columns();
            for (int r = 0; r < chunk.rowCount(); r++) {
                line.setLength(0);
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    appendValue(line, columns.get(c), r);
                }
                line.append('\n');
                out.append(line);
            }
            rows += chunk.rowCount();
        }
        return rows;
    }

    /** The field as written: quoted (with quotes doubled) only when it holds a comma, quote, CR or LF. */
    public static String escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }

    private static void appendValue(StringBuilder line, Column column, int row) {
        if (column.isMissing(row)) {
            return;
        }
        if (column instanceof NumericColumn numeric) {
            line.append(TextValues.formatNumber(numeric.getDouble(row)));
        } else if (column instanceof BooleanColumn bool) {
            line.append(bool.getBoolean(row));
        } else if (column instanceof TimestampColumn timestamp) {
            line.append(Instant.ofEpochMilli(timestamp.getEpochMillis(row)));
        } else {
            line.append(escape((String) column.get(row)));
        }
    }
}
