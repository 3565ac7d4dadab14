package dev.gyre.data.dvc;

import dev.gyre.core.GyreException;
import dev.gyre.data.version.ContentHasher;
import dev.gyre.data.version.DirectoryHash;
import dev.gyre.data.version.FileHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a file or directory in DVC 3 form: a {@code .dvc} file describing it, and its objects — every file,
 * and for a directory its {@code .dir} manifest — in the DVC 3 layout {@code files/md5/<2>/<30>} under an
 * object folder, which can be a DVC project's {@code .dvc/cache} or a local DVC remote (push it to a cloud
 * remote with the same layout). Objects already present with the right size are not written again. Every
 * object is written to a temporary file, checked against its MD5 and renamed into place, so a reader never
 * sees a partial object. Thread-safe if the hasher is.
 */
public final class DvcExporter {

    private final ContentHasher hasher;

    /** An exporter that hashes every file. */
    public DvcExporter() {
        this(new ContentHasher());
    }

    /** An exporter that hashes with {@code hasher} (for example one with a hash cache). */
    public DvcExporter(ContentHasher hasher) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /**
     * What was exported.
     *
     * @param dvcFile        where the {@code .dvc} file was written
     * @param out            its entry
     * @param sha256         the output's hash in Gyre: the file's SHA-256, or the directory manifest's
     * @param objectsWritten objects written now (files and the manifest)
     * @param objectsPresent objects that were already there
     */
    public record Export(Path dvcFile, DvcOut out, String sha256, int objectsWritten, int objectsPresent) {
    }

    /**
     * Exports {@code source}, a file or directory, writing {@code dvcFile} (whose folder must contain the
     * source, as in DVC) and the objects under {@code objectRoot}.
     *
     * @throws GyreException.NotFound        if the source does not exist
     * @throws GyreException.InvalidArgument if the source is not below the {@code .dvc} file's folder, changed
     *                                       while it was exported, or cannot be read or written
     */
    public Export export(Path source, Path dvcFile, Path objectRoot) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dvcFile, "dvcFile");
        Objects.requireNonNull(objectRoot, "objectRoot");
        String outPath = outPath(source, dvcFile);
        int[] counts = new int[2];
        DvcOut out;
        String sha256;
        try {
            if (Files.isDirectory(source)) {
                DirectoryHash hash = hasher.hashDirectory(source);
                List<DvcManifest.Entry> entries = new ArrayList<>(hash.files().size());
                for (DirectoryHash.HashedFile file : hash.files()) {
                    writeObject(objectRoot, file.hash().md5(), file.file(), file.hash().size(), counts);
                    entries.add(new DvcManifest.Entry(file.hash().md5(), file.path()));
                }
                DvcManifest manifest = new DvcManifest(entries);
                writeManifest(objectRoot, manifest, counts);
                out = DvcOut.directory(manifest.md5(), hash.totalSize(), hash.fileCount(), outPath);
                sha256 = hash.sha256();
            } else {
                FileHash hash = hasher.hashFile(source);
                writeObject(objectRoot, hash.md5(), source, hash.size(), counts);
                out = DvcOut.file(hash.md5(), hash.size(), outPath);
                sha256 = hash.sha256();
            }
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Unable to write DVC objects under '" + objectRoot + "' ("
                    + DvcFile.firstLine(e) + ").", e);
        }
        new DvcFile(List.of(out)).write(dvcFile);
        return new Export(dvcFile, out, sha256, counts[0], counts[1]);
    }

    /** The source's path relative to the {@code .dvc} file's folder, with '/' separators. */
    private static String outPath(Path source, Path dvcFile) {
        Path folder = dvcFile.toAbsolutePath().normalize().getParent();
        Path absolute = source.toAbsolutePath().normalize();
        if (!absolute.startsWith(folder) || absolute.equals(folder)) {
            throw new GyreException.InvalidArgument("'" + source + "' is not below the folder of the .dvc file '"
                    + dvcFile + "'; write the .dvc file next to the data (DVC resolves its path from there).");
        }
        List<String> segments = new ArrayList<>();
        folder.relativize(absolute).forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }

    private static void writeObject(Path root, String md5, Path file, long size, int[] counts) throws IOException {
        Path object = DvcObjects.v3Path(root, md5);
        if (Files.isRegularFile(object) && Files.size(object) == size) {
            counts[1]++;
            return;
        }
        Files.createDirectories(object.getParent());
        Path temp = Files.createTempFile(object.getParent(), ".tmp-", ".part");
        try {
            DvcObjects.Copied copied = DvcObjects.copy(file, temp, false);
            if (!copied.md5().equals(md5)) {
                throw new GyreException.InvalidArgument("'" + file + "' changed while it was exported (its MD5 is now "
                        + copied.md5() + ", not " + md5 + "); export it again when it no longer changes.");
            }
            Files.move(temp, object, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            counts[0]++;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeManifest(Path root, DvcManifest manifest, int[] counts) throws IOException {
        byte[] bytes = manifest.toBytes();
        Path object = DvcObjects.v3Path(root, manifest.dirHash());
        if (Files.isRegularFile(object) && Files.size(object) == bytes.length) {
            counts[1]++;
            return;
        }
        Files.createDirectories(object.getParent());
        Path temp = Files.createTempFile(object.getParent(), ".tmp-", ".part");
        try {
            Files.write(temp, bytes);
            Files.move(temp, object, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            counts[0]++;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
