package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a client declares about a version it wants to record; see {@link DataVersionService#createVersion}.
 * Start from {@link #file} or {@link #directory} and add the rest with the {@code with…} methods.
 *
 * @param kind           file or directory
 * @param sha256         the file's blob, or the blob of the directory's {@link DirectoryManifest} (the manifest
 *                       names the file blobs)
 * @param format         {@link #FORMAT}, e.g. {@code csv}, {@code jsonl}, {@code parquet}, {@code directory}
 * @param sizeBytes      the file's size; for a directory the total of its files, or -1 to take it from the
 *                       manifest
 * @param sourceUri      where the data came from (URI or free text up to 2000 characters), or {@code null}
 * @param producedByStep {@link #STEP}, e.g. {@code ingest}, {@code clean}, {@code split}, {@code label}; or
 *                       {@code null}
 * @param parentIds      ids of the versions it was made from (same project), in a meaningful order
 * @param splitRole      its part of a split, or {@code null}
 * @param schemaJson     its schema as a JSON document (up to {@value #MAX_SCHEMA_CHARS} characters), or
 *                       {@code null}
 * @param profileJson    its profile as a JSON document (up to {@value #MAX_PROFILE_CHARS} characters), or
 *                       {@code null}
 * @param rowCount       rows, or {@code null} when not applicable
 */
public record NewVersion(VersionKind kind, String sha256, String format, long sizeBytes, String sourceUri,
                         String producedByStep, List<Long> parentIds, SplitRole splitRole, String schemaJson,
                         String profileJson, Long rowCount) {

    /** Allowed shape of a format name. */
    public static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,31}");
    /** Allowed shape of a step name. */
    public static final Pattern STEP = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The format of a directory whose files are of mixed or no particular format. */
    public static final String DIRECTORY_FORMAT = "directory";
    /** Longest source URI. */
    public static final int MAX_SOURCE_URI_CHARS = 2000;
    /** Longest schema document. */
    public static final int MAX_SCHEMA_CHARS = 1_000_000;
    /** Longest profile document. */
    public static final int MAX_PROFILE_CHARS = 10_000_000;
    /** Most parents of one version. */
    public static final int MAX_PARENTS = 100;

    /**
     * Checks every field that can be checked without the store.
     *
     * @throws GyreException.InvalidArgument naming the field and what is wrong with it
     */
    public NewVersion {
        Objects.requireNonNull(kind, "kind");
        sha256 = Digests.requireSha256(sha256, kind == VersionKind.FILE ? "file SHA-256" : "manifest SHA-256");
        format = format == null ? null : format.strip().toLowerCase(Locale.ROOT);
        if (format == null || !FORMAT.matcher(format).matches()) {
            throw invalid("format '" + Digests.shorten(format) + "' is not a format name: use 1 to 32 lower-case"
                    + " letters, digits, '.', '_', '+' or '-' (for example csv, jsonl, parquet, csv.gz)");
        }
        if (sizeBytes < 0 && !(kind == VersionKind.DIRECTORY && sizeBytes == -1)) {
            throw invalid("size " + sizeBytes + " is negative; give the size in bytes"
                    + (kind == VersionKind.DIRECTORY ? ", or -1 to take it from the manifest" : ""));
        }
        if (sourceUri != null) {
            sourceUri = sourceUri.strip();
            if (sourceUri.isEmpty()) {
                sourceUri = null;
            } else if (sourceUri.length() > MAX_SOURCE_URI_CHARS || sourceUri.chars().anyMatch(Character::isISOControl)) {
                throw invalid("source URI is longer than " + MAX_SOURCE_URI_CHARS + " characters or contains a"
                        + " control character");
            }
        }
        if (producedByStep != null && !STEP.matcher(producedByStep).matches()) {
            throw invalid("step '" + Digests.shorten(producedByStep) + "' is not a step name: use 1 to 64 lower-case"
                    + " letters, digits, '.', '_' or '-' (for example ingest, clean, split, label)");
        }
        parentIds = List.copyOf(Objects.requireNonNull(parentIds, "parentIds"));
        if (parentIds.size() > MAX_PARENTS) {
            throw invalid("version names " + parentIds.size() + " parents; at most " + MAX_PARENTS + " are allowed");
        }
        if (new HashSet<>(parentIds).size() != parentIds.size()) {
            throw invalid("parents name the same version twice; name each parent once");
        }
        if (schemaJson != null && schemaJson.length() > MAX_SCHEMA_CHARS) {
            throw invalid("schema has " + schemaJson.length() + " characters; at most " + MAX_SCHEMA_CHARS
                    + " are stored");
        }
        if (profileJson != null && profileJson.length() > MAX_PROFILE_CHARS) {
            throw invalid("profile has " + profileJson.length() + " characters; at most " + MAX_PROFILE_CHARS
                    + " are stored, so summarise it (fewer histogram bins or top values)");
        }
        if (rowCount != null && rowCount < 0) {
            throw invalid("row count " + rowCount + " is negative");
        }
    }

    /** A one-file version of the given size and format, with nothing else declared. */
    public static NewVersion file(String sha256, long sizeBytes, String format) {
        return new NewVersion(VersionKind.FILE, sha256, format, sizeBytes, null, null, List.of(), null, null, null,
                null);
    }

    /** A directory version named by its manifest's blob; size and file count are taken from the manifest. */
    public static NewVersion directory(String manifestSha256) {
        return new NewVersion(VersionKind.DIRECTORY, manifestSha256, DIRECTORY_FORMAT, -1, null, null, List.of(),
                null, null, null, null);
    }

    /** This declaration with another format. */
    public NewVersion withFormat(String value) {
        return new NewVersion(kind, sha256, value, sizeBytes, sourceUri, producedByStep, parentIds, splitRole,
                schemaJson, profileJson, rowCount);
    }

    /** This declaration with where the data came from. */
    public NewVersion withSourceUri(String value) {
        return new NewVersion(kind, sha256, format, sizeBytes, value, producedByStep, parentIds, splitRole,
                schemaJson, profileJson, rowCount);
    }

    /** This declaration with the step that produced the data. */
    public NewVersion withStep(String value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, value, parentIds, splitRole, schemaJson,
                profileJson, rowCount);
    }

    /** This declaration with the ids of the versions the data was made from, in order. */
    public NewVersion withParents(List<Long> value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, producedByStep, value, splitRole,
                schemaJson, profileJson, rowCount);
    }

    /** This declaration with the ids of the versions the data was made from, in order. */
    public NewVersion withParents(Long... value) {
        return withParents(List.of(value));
    }

    /** This declaration as a part of a split. */
    public NewVersion withSplitRole(SplitRole value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, producedByStep, parentIds, value,
                schemaJson, profileJson, rowCount);
    }

    /** This declaration with a schema document. */
    public NewVersion withSchemaJson(String value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, producedByStep, parentIds, splitRole,
                value, profileJson, rowCount);
    }

    /** This declaration with a profile document. */
    public NewVersion withProfileJson(String value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, producedByStep, parentIds, splitRole,
                schemaJson, value, rowCount);
    }

    /** This declaration with a row count. */
    public NewVersion withRowCount(Long value) {
        return new NewVersion(kind, sha256, format, sizeBytes, sourceUri, producedByStep, parentIds, splitRole,
                schemaJson, profileJson, value);
    }

    private static GyreException.InvalidArgument invalid(String problem) {
        return new GyreException.InvalidArgument("The new data version's " + problem + ".");
    }
}
