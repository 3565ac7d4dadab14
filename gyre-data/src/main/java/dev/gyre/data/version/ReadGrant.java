package dev.gyre.data.version;

import java.util.Objects;

/**
 * Permission to read a version's bytes, from {@link DataVersionService#openForRead}. Read them from the
 * {@link BlobStore}: for a {@link VersionKind#FILE} the blob {@link #blobSha256()} is the file; for a
 * {@link VersionKind#DIRECTORY} it is the {@link DirectoryManifest} naming each file's blob.
 *
 * @param version the version
 * @param purpose what the read is for
 * @param readId  the id of the entry in the read log when the read was logged (test splits), else {@code null}
 */
public record ReadGrant(DataVersion version, ReadPurpose purpose, Long readId) {
    public ReadGrant {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** The blob to read first: the file, or the directory's manifest. */
    public String blobSha256() {
        return version.sha256();
    }

    /** The data's format, e.g. {@code csv}. */
    public String format() {
        return version.format();
    }
}
