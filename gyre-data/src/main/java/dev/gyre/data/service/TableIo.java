package dev.gyre.data.service;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.data.TableStream;
import dev.gyre.data.ingest.CsvTableStream;
import dev.gyre.data.ingest.CsvWriter;
import dev.gyre.data.ingest.IngestFormat;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.data.ingest.JsonLinesTableStream;
import dev.gyre.data.ingest.ParquetTableStream;
import dev.gyre.data.version.BlobStore;
import dev.gyre.data.version.ContentHasher;
import dev.gyre.data.version.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads blobs as tables and writes tables as blobs. CSV and JSON lines stream straight from the blob
 * store; Parquet is copied to a scratch file first (its reader needs random access). Tables written back
 * are CSV (RFC 4180, UTF-8), hashed, and stored content-addressed.
 */
final class TableIo {

    private final BlobStore blobs;
    private final Path scratch;
    private final long maxRowsInMemory;

    TableIo(BlobStore blobs, Path scratch, long maxRowsInMemory) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
        this.maxRowsInMemory = maxRowsInMemory;
    }

    /** The blob parsed as {@code format} with {@code options}; {@code name} is used in error messages. */
    TableStream open(String sha256, IngestFormat format, IngestOptions options, String name) {
        return switch (format) {
            case CSV -> CsvTableStream.open(blobs.open(sha256), name, options);
            case JSONL -> JsonLinesTableStream.open(blobs.open(sha256), name, options);
            case PARQUET -> openParquet(sha256, options);
        };
    }

    private TableStream openParquet(String sha256, IngestOptions options) {
        Path copy;
        try {
            Files.createDirectories(scratch);
            copy = Files.createTempFile(scratch, "blob-", ".parquet");
            try (InputStream in = blobs.open(sha256)) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new GyreException.Internal("Could not stage a Parquet blob for reading: " + e.getMessage(), e);
        }
        TableStream stream;
        try {
            stream = ParquetTableStream.open(copy, options);
        } catch (RuntimeException e) {
            deleteQuietly(copy);
            throw e;
        }
        return new TableStream() {
            @Override
            public Schema schema() {
                return stream.schema();
            }

            @Override
            public Table next() {
                return stream.next();
            }

            @Override
            public long rowsRead() {
                return stream.rowsRead();
            }

            @Override
            public void close() {
                try {
                    stream.close();
                } finally {
                    deleteQuietly(copy);
                }
            }
        };
    }

    /**
     * Every row of the stream in one table (the stream is closed).
     *
     * @throws GyreException.TooLarge past the in-memory row limit, naming it
     */
    Table readAll(TableStream stream, String what) {
        try (stream) {
            TableBuilder builder = new TableBuilder(stream.schema());
            for (Table chunk = stream.next(); chunk != null; chunk = stream.next()) {
                if (builder.rowCount() + (long) chunk.rowCount() > maxRowsInMemory) {
                    throw new GyreException.TooLarge(what + " has more than " + maxRowsInMemory + " rows, the most this step"
                            + " holds in memory; clean or split a smaller version, or raise data_max_rows_in_memory.");
                }
                int columns = chunk.columnCount();
                Object[] row = new Object[columns];
                for (int r = 0; r < chunk.rowCount(); r++) {
                    for (int c = 0; c < columns; c++) {
                        row[c] = chunk.column(c).get(r);
                    }
                    builder.addRow(row);
                }
            }
            return builder.build();
        }
    }

    /** A table written as CSV into the blob store. */
    record Written(String sha256, long size) {
    }

    Written writeCsv(Table table) {
        Path file = null;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "table-", ".csv");
            CsvWriter.write(TableStream.of(table), file);
            FileHash hash = new ContentHasher().hashFile(file);
            blobs.put(hash.sha256(), file);
            return new Written(hash.sha256(), hash.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // scratch files are removed when the server starts
        }
    }
}
