package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DataClient#createVersion} sends: which blob the new version is, and how to read it. The blob
 * (and, for a folder, every file its manifest lists) must be on the platform already.
 *
 * @param kind      {@code file} or {@code directory}
 * @param sha256    the file's SHA-256, or the folder manifest's
 * @param size      the file's size in bytes (ignored for a folder)
 * @param format    {@code csv}, {@code jsonl}, {@code parquet} or {@code directory}; {@code null} to take it
 *                  from the extension of {@code sourceUri}
 * @param sourceUri where the bytes came from, e.g. {@code file:titanic.csv} or {@code s3://bucket/key}
 * @param parents   refs of the versions this one was made from; empty for none
 * @param step      the step that made it; {@code null} for {@code ingest}
 * @param options   how to read a tabular file; {@code null} for the platform's defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewDataVersion(
        @JsonProperty("kind") String kind,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("format") String format,
        @JsonProperty("source_uri") String sourceUri,
        @JsonProperty("parents") List<String> parents,
        @JsonProperty("step") String step,
        @JsonProperty("options") DataIngestOptions options) {

    public NewDataVersion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sha256, "sha256");
        parents = parents == null || parents.isEmpty() ? null : List.copyOf(parents);
    }

    /** A file version: its SHA-256 and size, read with the defaults and named by {@code sourceUri}. */
    public static NewDataVersion file(String sha256, long size, String sourceUri) {
        return new NewDataVersion("file", sha256, size, null, sourceUri, null, null, null);
    }

    /** A folder version, named by the SHA-256 of its manifest. */
    public static NewDataVersion directory(String manifestSha256, long totalSize, String sourceUri) {
        return new NewDataVersion("directory", manifestSha256, totalSize, "directory", sourceUri, null, null, null);
    }

    /** This request with another format ({@code null}: from the source's extension). */
    public NewDataVersion withFormat(String newFormat) {
        return new NewDataVersion(kind, sha256, size, newFormat, sourceUri, parents, step, options);
    }

    /** This request with these parents. */
    public NewDataVersion withParents(List<String> newParents) {
        return new NewDataVersion(kind, sha256, size, format, sourceUri, newParents, step, options);
    }

    /** This request with another step ({@code null}: {@code ingest}). */
    public NewDataVersion withStep(String newStep) {
        return new NewDataVersion(kind, sha256, size, format, sourceUri, parents, newStep, options);
    }

    /** This request with these ingest options. */
    public NewDataVersion withOptions(DataIngestOptions newOptions) {
        return new NewDataVersion(kind, sha256, size, format, sourceUri, parents, step, newOptions);
    }
}
