package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The size and file count of a new version, established from the blob store: every blob the version needs is
 * there, with the declared sizes.
 *
 * @param sizeBytes total bytes of the version's files
 * @param fileCount how many files
 */
record VersionContent(long sizeBytes, long fileCount) {

    private static final int LISTED_MISSING = 10;

    /**
     * Checks the blobs of {@code spec}.
     *
     * @throws GyreException.InvalidArgument if blobs are missing (listing the first ones), sizes differ, or the
     *                                        manifest is not one
     * @throws GyreException.TooLarge        if the manifest is larger than the service reads
     */
    static VersionContent check(BlobStore blobs, NewVersion spec) {
        if (spec.kind() == VersionKind.FILE) {
            Optional<Long> size = blobs.size(spec.sha256());
            if (size.isEmpty()) {
                throw missing(List.of(spec.sha256()), 1);
            }
            if (size.get() != spec.sizeBytes()) {
                throw new GyreException.InvalidArgument("The new version declares " + spec.sizeBytes() + " bytes, but"
                        + " blob " + spec.sha256() + " has " + size.get() + "; declare the blob's size.");
            }
            return new VersionContent(size.get(), 1);
        }
        byte[] bytes;
        try {
            bytes = blobs.readAll(spec.sha256(), DataVersionService.MAX_MANIFEST_BYTES);
        } catch (GyreException.NotFound e) {
            throw missing(List.of(spec.sha256()), 1);
        }
        DirectoryManifest manifest = DirectoryManifest.parse(bytes);
        List<String> missing = new ArrayList<>();
        int missingCount = 0;
        for (DirectoryManifest.Entry entry : manifest.files()) {
            Optional<Long> size = blobs.size(entry.sha256());
            if (size.isEmpty()) {
                if (missing.size() < LISTED_MISSING) {
                    missing.add(entry.sha256());
                }
                missingCount++;
            } else if (size.get() != entry.size()) {
                throw new GyreException.InvalidArgument("The manifest lists '" + entry.path() + "' with " + entry.size()
                        + " bytes, but its blob " + entry.sha256() + " has " + size.get() + "; hash the directory"
                        + " again.");
            }
        }
        if (missingCount > 0) {
            throw missing(missing, missingCount);
        }
        long total = manifest.totalSize();
        if (spec.sizeBytes() >= 0 && spec.sizeBytes() != total) {
            throw new GyreException.InvalidArgument("The new version declares " + spec.sizeBytes() + " bytes, but the"
                    + " files of its manifest add up to " + total + "; declare -1 to take the manifest's total.");
        }
        return new VersionContent(total, manifest.files().size());
    }

    private static GyreException.InvalidArgument missing(List<String> listed, int count) {
        return new GyreException.InvalidArgument(count + " blob(s) of the new version are not in the blob store ("
                + String.join(", ", listed) + (count > listed.size() ? ", ..." : "") + "); upload them first, then"
                + " create the version again.");
    }
}
