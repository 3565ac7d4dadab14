package dev.gyre.data.version;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of a directory: every file's, and the {@link DirectoryManifest} whose SHA-256 is the
 * directory's.
 *
 * @param sha256         the SHA-256 of the manifest's canonical bytes
 * @param manifest       the manifest
 * @param files          every file, in manifest order
 * @param filesFromCache how many files were not read because the {@link HashCache} knew them
 */
public record DirectoryHash(String sha256, DirectoryManifest manifest, List<HashedFile> files, int filesFromCache) {

    /**
     * One file of the directory.
     *
     * @param path the relative POSIX path, as in the manifest
     * @param file where it is on the local file system
     * @param hash its hashes
     */
    public record HashedFile(String path, Path file, FileHash hash) {
        public HashedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(hash, "hash");
        }
    }

    public DirectoryHash {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(manifest, "manifest");
        files = List.copyOf(files);
    }

    /** The total size of the files, in bytes. */
    public long totalSize() {
        return manifest.totalSize();
    }

    /** How many files there are. */
    public int fileCount() {
        return files.size();
    }
}
