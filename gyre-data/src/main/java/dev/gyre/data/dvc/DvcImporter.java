package dev.gyre.data.dvc;

import dev.gyre.core.GyreException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reconstructs DVC-tracked outputs from a DVC cache (or a local remote, which has the same layout) into a
 * target folder, verifying every object's MD5 on the way.
 *
 * <p>For each output of the {@code .dvc} file, the object is looked up in the DVC 3 layout
 * ({@code files/md5/ab/cd…}) for DVC 3 entries and in the legacy layout ({@code ab/cd…}) for DVC 2 entries,
 * falling back to the other. A DVC 2 entry matches bytes whose plain MD5 or whose DVC 2 hash (CRLF turned
 * into LF when the file starts like text) equals it.
 *
 * <p>An output is written to {@code target/<path of the output>}: its files are first copied into a staging
 * folder next to it and verified, and moved into place only when all of them are good, so a corrupted or
 * missing object leaves nothing of that output behind. Existing files of the same names are replaced; other
 * files already in the target are left alone. Thread-safe (stateless).
 */
public final class DvcImporter {

    /** Largest directory manifest read. */
    public static final long MAX_MANIFEST_BYTES = 256L * 1024 * 1024;

    /**
     * Imports the outputs of {@code dvcFile} from the cache of its DVC project: the {@code .dvc/cache} folder of
     * the nearest folder above it that has one.
     *
     * @throws GyreException.NotFound        if no DVC cache is found, or an object is missing from it
     * @throws GyreException.InvalidArgument if the {@code .dvc} file or an object is invalid or corrupted
     */
    public DvcImport importFrom(Path dvcFile, Path target) {
        Path folder = dvcFile.toAbsolutePath().normalize().getParent();
        for (Path dir = folder; dir != null; dir = dir.getParent()) {
            Path cache = dir.resolve(".dvc").resolve("cache");
            if (Files.isDirectory(cache)) {
                return importFrom(dvcFile, cache, target);
            }
        }
        throw new GyreException.NotFound("No DVC cache (.dvc/cache) was found in '" + folder + "' or above; give the"
                + " cache or remote folder explicitly, or run 'dvc pull' first.");
    }

    /**
     * Imports the outputs of {@code dvcFile} from the cache or local remote at {@code objects}.
     *
     * @return every output and file with its MD5 and SHA-256
     * @throws GyreException.NotFound        if the {@code .dvc} file or an object does not exist
     * @throws GyreException.InvalidArgument if the {@code .dvc} file, a manifest or an object is invalid or
     *                                       corrupted (its content does not hash to its name); that output is
     *                                       not written
     */
    public DvcImport importFrom(Path dvcFile, Path objects, Path target) {
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(target, "target");
        DvcFile file = DvcFile.read(dvcFile);
        List<DvcImport.Output> outputs = new ArrayList<>();
        for (DvcOut out : file.outs()) {
            outputs.add(importOut(out, objects, target));
        }
        return new DvcImport(outputs);
    }

    private DvcImport.Output importOut(DvcOut out, Path objects, Path target) {
        Path location = target.resolve(out.path()).normalize();
        Path staging = null;
        try {
            Files.createDirectories(location.getParent());
            staging = Files.createTempDirectory(location.getParent(), ".dvc-import-");
            List<DvcImport.File> staged = out.isDirectory()
                    ? stageDirectory(out, objects, staging)
                    : List.of(stageFile(out, objects, staging, out.path(), out.md5()));
            if (!out.isLegacy() && out.size() != null) {
                long total = staged.stream().mapToLong(DvcImport.File::size).sum();
                if (total != out.size()) {
                    throw new GyreException.InvalidArgument("The .dvc entry '" + out.path() + "' declares " + out.size()
                            + " bytes, but its objects have " + total + "; the .dvc file does not match the cache.");
                }
            }
            List<DvcImport.File> placed = new ArrayList<>(staged.size());
            for (DvcImport.File file : staged) {
                Path destination = out.isDirectory() ? location.resolve(file.relpath()) : location;
                Files.createDirectories(destination.getParent());
                Files.move(file.file(), destination, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                placed.add(new DvcImport.File(file.relpath(), file.size(), file.md5(), file.sha256(), destination));
            }
            return new DvcImport.Output(out, location, placed);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Unable to import '" + out.path() + "' into '" + target + "' ("
                    + DvcFile.firstLine(e) + ").", e);
        } finally {
            deleteTree(staging);
        }
    }

    private List<DvcImport.File> stageDirectory(DvcOut out, Path objects, Path staging) throws IOException {
        Path manifestObject = DvcObjects.find(objects, out.md5(), out.isLegacy());
        if (manifestObject == null) {
            throw missing(out.path() + "/", out.md5(), objects);
        }
        if (Files.size(manifestObject) > MAX_MANIFEST_BYTES) {
            throw new GyreException.InvalidArgument("The DVC manifest of '" + out.path() + "' is larger than "
                    + MAX_MANIFEST_BYTES + " bytes; it is not imported.");
        }
        byte[] bytes = Files.readAllBytes(manifestObject);
        String actual = DvcObjects.md5(bytes);
        if (!actual.equals(out.bareMd5())) {
            throw corrupted(out.path() + "/ (its manifest)", out.md5(), actual);
        }
        DvcManifest manifest = DvcManifest.parse(bytes);
        if (out.nfiles() != null && out.nfiles() != manifest.entries().size()) {
            throw new GyreException.InvalidArgument("The .dvc entry '" + out.path() + "' declares " + out.nfiles()
                    + " files, but its manifest lists " + manifest.entries().size() + ".");
        }
        List<DvcImport.File> files = new ArrayList<>(manifest.entries().size());
        for (DvcManifest.Entry entry : manifest.entries()) {
            Path staged = staging.resolve(entry.relpath());
            Files.createDirectories(staged.getParent());
            DvcImport.File file = stageFile(out, objects, staged, out.path() + "/" + entry.relpath(), entry.md5());
            files.add(new DvcImport.File(entry.relpath(), file.size(), file.md5(), file.sha256(), file.file()));
        }
        return files;
    }

    /** Copies the object {@code md5} to {@code staged} (a file, or a folder for a file output) and verifies it. */
    private DvcImport.File stageFile(DvcOut out, Path objects, Path staged, String shownPath, String md5)
            throws IOException {
        Path object = DvcObjects.find(objects, md5, out.isLegacy());
        if (object == null) {
            throw missing(shownPath, md5, objects);
        }
        Path destination = Files.isDirectory(staged) ? staged.resolve("content") : staged;
        DvcObjects.Copied copied = DvcObjects.copy(object, destination, out.isLegacy());
        if (!copied.matches(md5, out.isLegacy())) {
            throw corrupted(shownPath, md5, copied.md5());
        }
        String name = shownPath.substring(shownPath.lastIndexOf('/') + 1);
        return new DvcImport.File(name, copied.size(), copied.md5(), copied.sha256(), destination);
    }

    private static GyreException.NotFound missing(String path, String md5, Path objects) {
        return new GyreException.NotFound("The DVC cache at '" + objects + "' has no object for '" + path + "' (md5 "
                + md5 + "); run 'dvc fetch' or 'dvc pull' first, or give the remote that has it. Nothing of this"
                + " output was imported.");
    }

    private static GyreException.InvalidArgument corrupted(String path, String md5, String actual) {
        return new GyreException.InvalidArgument("The DVC cache object for '" + path + "' (md5 " + md5 + ") is"
                + " corrupted: its content hashes to " + actual + ". Fetch it again ('dvc fetch', or delete it and"
                + " 'dvc pull'); nothing of this output was imported.");
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover staging folder is harmless; its name starts with a dot
        }
    }
}
