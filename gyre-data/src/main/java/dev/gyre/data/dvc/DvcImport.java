package dev.gyre.data.dvc;

import dev.gyre.data.version.DirectoryManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DvcImporter} reconstructed, with every file's hashes: the MD5 it was verified against, and the
 * SHA-256 under which Gyre's blob store keeps it.
 *
 * @param outs one entry per output of the {@code .dvc} file
 */
public record DvcImport(List<Output> outs) {

    public DvcImport {
        outs = List.copyOf(outs);
    }

    /**
     * One reconstructed output.
     *
     * @param out      the {@code .dvc} entry
     * @param location where it was written: the file, or the directory
     * @param files    its files; one for a file output, with relpath equal to the file name
     */
    public record Output(DvcOut out, Path location, List<File> files) {
        public Output {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(location, "location");
            files = List.copyOf(files);
        }

        /** The total size of the files. */
        public long size() {
            return files.stream().mapToLong(File::size).sum();
        }

        /**
         * The output's hash in Gyre: the file's SHA-256, or for a directory the SHA-256 of its
         * {@link DirectoryManifest}.
         */
        public String sha256() {
            return out.isDirectory() ? manifest().sha256() : files.get(0).sha256();
        }

        /** The Gyre manifest of a directory output. */
        public DirectoryManifest manifest() {
            List<DirectoryManifest.Entry> entries = new ArrayList<>(files.size());
            for (File file : files) {
                entries.add(new DirectoryManifest.Entry(file.relpath(), file.size(), file.sha256()));
            }
            return new DirectoryManifest(entries);
        }
    }

    /**
     * One reconstructed file.
     *
     * @param relpath its path in the directory (the file name for a file output)
     * @param size    bytes
     * @param md5     MD5 of the bytes
     * @param sha256  SHA-256 of the bytes
     * @param file    where it was written
     */
    public record File(String relpath, long size, String md5, String sha256, Path file) {
        public File {
            Objects.requireNonNull(relpath, "relpath");
            Objects.requireNonNull(md5, "md5");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(file, "file");
        }
    }
}
