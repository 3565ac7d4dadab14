package dev.gyre.data.version;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One immutable version of a data set. The profile and the validation report, which may be large, are read
 * separately ({@link DataVersionService#profile}, {@link DataVersionService#validationReport}).
 *
 * @param id              store-assigned id, unique across data sets
 * @param projectId       the project
 * @param dataSetId       the data set
 * @param dataSetName     the data set's name
 * @param version         1, 2, 3, … within the data set
 * @param sha256          the blob of the file, or of the directory's manifest
 * @param kind            file or directory
 * @param format          e.g. {@code csv}, {@code jsonl}, {@code parquet}, {@code directory}
 * @param sizeBytes       the bytes of the file, or of all files of the directory
 * @param fileCount       1 for a file, the number of files of a directory
 * @param sourceUri       where the data came from, or {@code null}
 * @param producedByStep  the step that made it ({@code ingest}, {@code clean}, {@code split}, {@code label}, …),
 *                        or {@code null}
 * @param parentIds       the versions it was made from, in the order the producer gave them
 * @param splitRole       its part of a split, or {@code null}
 * @param status          its validation status
 * @param validationRound how many validation results were recorded for it
 * @param schemaJson      its schema as JSON, or {@code null}
 * @param rowCount        rows, or {@code null} when not known (e.g. a directory of images)
 * @param createdBy       id of the user who created it, or {@code null} if that user was deleted
 * @param createdAt       when it was created
 */
public record DataVersion(long id, long projectId, long dataSetId, String dataSetName, int version, String sha256,
                          VersionKind kind, String format, long sizeBytes, long fileCount, String sourceUri,
                          String producedByStep, List<Long> parentIds, SplitRole splitRole, VersionStatus status,
                          int validationRound, String schemaJson, Long rowCount, Long createdBy,
                          Instant createdAt) {

    public DataVersion {
        Objects.requireNonNull(dataSetName, "dataSetName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        parentIds = List.copyOf(parentIds);
    }

    /** The reference {@code NAME@N} of this version. */
    public VersionRef ref() {
        return VersionRef.of(dataSetName, version);
    }

    /** Whether it is the sealed test split. */
    public boolean isSealed() {
        return splitRole == SplitRole.TEST;
    }
}
