package dev.gyre.data.ingest;

import dev.gyre.core.GyreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The file formats Gyre ingests, and how a format is picked from a name or a file extension. */
public enum IngestFormat {
    /** Delimited text: {@code .csv}, {@code .tsv} (tab-delimited unless told otherwise), {@code .txt}. */
    CSV("csv", List.of(".csv", ".tsv", ".txt")),
    /** One JSON object per line: {@code .jsonl}, {@code .ndjson}. */
    JSONL("jsonl", List.of(".jsonl", ".ndjson")),
    /** Apache Parquet: {@code .parquet}. */
    PARQUET("parquet", List.of(".parquet"));

    private final String wireName;
    private final List<String> extensions;

    IngestFormat(String wireName, List<String> extensions) {
        this.wireName = wireName;
        this.extensions = extensions;
    }

    /** The lower-case name users type ({@code csv}, {@code jsonl}, {@code parquet}). */
    public String wireName() {
        return wireName;
    }

    /** The file extensions, with their dot, that mean this format. */
    public List<String> extensions() {
        return extensions;
    }

    /**
     * The format of this name, case-insensitively; {@code tsv} is CSV and {@code ndjson} JSON lines.
     *
     * @throws GyreException.InvalidArgument naming the accepted names
     */
    public static IngestFormat fromName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (IngestFormat format : values()) {
            if (format.wireName.equals(n) || format.extensions.contains("." + n)) {
                return format;
            }
        }
        throw new GyreException.InvalidArgument("Unknown format '" + name + "': use one of csv, jsonl, parquet.");
    }

    /**
     * The format of a file by its extension, case-insensitively.
     *
     * @throws GyreException.InvalidArgument for an unknown extension, naming the known ones and the format
     *                                       option to use instead
     */
    public static IngestFormat fromFileName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        for (IngestFormat format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith(extension)) {
                    return format;
                }
            }
        }
        throw new GyreException.InvalidArgument("Cannot tell the format of " + file + " from its name: the known"
                + " extensions are .csv .tsv .txt (csv), .jsonl .ndjson (jsonl) and .parquet. Rename the file or"
                + " give the format with " + Sources.FLAG_FORMAT + " csv, jsonl or parquet.");
    }
}
