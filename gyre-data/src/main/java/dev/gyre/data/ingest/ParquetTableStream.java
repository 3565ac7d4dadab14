package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.data.TableStream;
import dev.gyre.data.internal.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Parquet file as typed chunks, read by an embedded DuckDB ({@code read_parquet}) whose results are
 * streamed rather than materialised, so memory stays bounded for files larger than it.
 *
 * <p>Types: integer, floating point and decimal columns are numeric; {@code BOOLEAN} boolean; {@code DATE}
 * and {@code TIMESTAMP} (with or without a zone; UTC when none) timestamp; {@code VARCHAR} categorical or
 * text by {@link SchemaInference#stringType} over the first {@link IngestOptions#sampleRows()} rows; other
 * types (lists, structs, UUIDs, times of day, binary) text as DuckDB prints them. Overrides replace any of
 * these. Only {@code NULL} (and a floating point NaN) is missing. A file that is truncated or not Parquet is
 * an error naming it.
 */
public final class ParquetTableStream implements TableStream {

    private final ChunkedStream chunks;
    private final long size;

    private ParquetTableStream(ChunkedStream chunks, long size) {
        this.chunks = chunks;
        this.size = size;
    }

    /**
     * Opens a Parquet file and reads its sample.
     *
     * @throws GyreException.InvalidArgument when the file is missing, truncated or not Parquet, or an
     *                                       override names no column
     */
    public static ParquetTableStream open(Path file, IngestOptions options) {
        Sources.requireFile(file);
        String source = "File " + file;
        Connection connection = DuckDb.open();
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET jdbc_stream_results = true");
            }
            PreparedStatement query = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            query.setString(1, file.toAbsolutePath().toString());
            ResultSet resultSet = query.executeQuery();
            long size = Files.size(file);
            return new ParquetTableStream(ResultSetSource.stream(resultSet, source, options,
                    e -> unreadable(source, e), query, connection), size);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw unreadable(source, e);
        } catch (java.io.IOException | RuntimeException e) {
            closeQuietly(connection);
            throw e instanceof RuntimeException r ? r
                    : new GyreException.InvalidArgument(source + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Schema schema() {
        return chunks.schema();
    }

    /**
     * {@inheritDoc}
     *
     * @throws GyreException.InvalidArgument when the file turns out corrupt, or a value does not fit an
     *                                       overridden type, naming the row
     */
    @Override
    public Table next() {
        return chunks.next();
    }

    @Override
    public long rowsRead() {
        return chunks.rowsRead();
    }

    /** Always -1: DuckDB reads the file's row groups in its own order. See {@link #fileSize()}. */
    @Override
    public long bytesRead() {
        return -1;
    }

    /** The size of the file in bytes. */
    public long fileSize() {
        return size;
    }

    @Override
    public void close() {
        chunks.close();
    }

    private static GyreException unreadable(String source, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int context = message.indexOf("\n\nLINE ");
        if (context > 0) {
            message = message.substring(0, context);
        }
        return new GyreException.InvalidArgument(source + " could not be read as Parquet: it is truncated, corrupt"
                + " or not a Parquet file (" + message + "). Copy or export it again.", e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to lose
        }
    }
}
