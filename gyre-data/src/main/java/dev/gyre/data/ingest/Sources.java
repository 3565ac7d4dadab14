package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import dev.gyre.data.TableStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Opens a file as a {@link TableStream} with the reader for its format. */
public final class Sources {

    /** Flag that names the format explicitly instead of by file extension. */
    public static final String FLAG_FORMAT = "--format";

    private Sources() {
    }

    /**
     * Opens {@code file} with the reader its extension names ({@link IngestFormat#fromFileName}).
     *
     * @throws GyreException.InvalidArgument for an unknown extension, a missing file, or what the reader
     *                                       rejects on opening
     */
    public static TableStream open(Path file, IngestOptions options) {
        return open(file, IngestFormat.fromFileName(file), options);
    }

    /**
     * Opens {@code file} as {@code format}, whatever its name.
     *
     * @throws GyreException.InvalidArgument for a missing file or what the reader rejects on opening
     */
    public static TableStream open(Path file, IngestFormat format, IngestOptions options) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(options, "options");
        return switch (format) {
            case CSV -> CsvTableStream.open(file, options);
            case JSONL -> JsonLinesTableStream.open(file, options);
            case PARQUET -> ParquetTableStream.open(file, options);
        };
    }

    /** Opens a regular file for reading, or fails saying why it cannot be. */
    static InputStream openFile(Path file) {
        requireFile(file);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw noSuchFile(file);
        } catch (AccessDeniedException e) {
            throw new GyreException.InvalidArgument("File " + file + " cannot be read: permission denied.");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("File " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Fails unless {@code file} is an existing regular file (or a link to one). */
    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new GyreException.InvalidArgument(file + " is a folder; give the path of a file in it.");
        }
        if (!Files.exists(file)) {
            throw noSuchFile(file);
        }
    }

    static GyreException.InvalidArgument noSuchFile(Path file) {
        return new GyreException.InvalidArgument("File " + file + " does not exist (relative paths start from "
                + "the current folder); check the path.");
    }
}
