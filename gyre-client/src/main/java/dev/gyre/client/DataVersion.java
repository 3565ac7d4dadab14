package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One immutable version of a data set: content-addressed bytes (a file, or a folder described by its
 * manifest), their schema and profile, validation status and lineage.
 *
 * @param id         the platform's id of the version
 * @param project    the project it belongs to
 * @param name       the data set's name
 * @param version    its number within the data set, from 1
 * @param ref        {@code name@version}, how commands and routes name it
 * @param kind       {@code file} or {@code directory}
 * @param format     {@code csv}, {@code jsonl}, {@code parquet} or {@code directory}
 * @param sha256     the file's SHA-256, or the folder manifest's
 * @param size       bytes (the sum of the files for a folder)
 * @param fileCount  1 for a file, the number of files for a folder
 * @param rowCount   rows of a tabular version, {@code null} otherwise
 * @param schema     the columns of a tabular version, in order; empty otherwise
 * @param status     {@code unvalidated}, {@code validated} or {@code failed}
 * @param splitRole  {@code train}, {@code validation} or {@code test} for versions a split made, else {@code null}
 * @param sourceUri  where the bytes came from, e.g. {@code file:titanic.csv}
 * @param step       the step that made it: {@code ingest}, {@code clean}, {@code split}, {@code label}, …
 * @param parents    the refs of the versions it was made from
 * @param createdBy  who added it
 * @param createdAt  when
 * @param profile    the profile summary (row count, per-column statistics); only in
 *                   {@link DataClient#getVersion}, else {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataVersion(
        @JsonProperty("id") long id,
        @JsonProperty("project") String project,
        @JsonProperty("name") String name,
        @JsonProperty("version") int version,
        @JsonProperty("ref") String ref,
        @JsonProperty("kind") String kind,
        @JsonProperty("format") String format,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("file_count") int fileCount,
        @JsonProperty("row_count") Long rowCount,
        @JsonProperty("schema") List<DataColumn> schema,
        @JsonProperty("status") String status,
        @JsonProperty("split_role") String splitRole,
        @JsonProperty("source_uri") String sourceUri,
        @JsonProperty("step") String step,
        @JsonProperty("parents") List<String> parents,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("profile") JsonNode profile) {

    public DataVersion {
        schema = schema == null ? List.of() : List.copyOf(schema);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** Whether this version is a folder of files rather than one file. */
    @JsonIgnore
    public boolean isDirectory() {
        return "directory".equals(kind);
    }
}
