package dev.gyre.cli;

import dev.gyre.client.CreatedDataVersion;
import dev.gyre.client.DataClient;
import dev.gyre.client.DataIngestOptions;
import dev.gyre.client.NewDataVersion;
import dev.gyre.data.version.ContentHasher;
import dev.gyre.data.version.DirectoryHash;
import dev.gyre.data.version.DirectoryManifest;
import dev.gyre.data.version.FileHash;
import dev.gyre.data.version.HashCache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds a local file or folder as a data set version the way the data API intends: hash where the bytes
 * live (reusing the hash cache, so an unchanged file is not read again), ask the platform which blobs it
 * lacks, upload only those, then create the version. Content the data set has already comes back as the
 * existing version, with nothing uploaded.
 *
 * <p>This lives in the command line rather than the client because hashing with a cache and folder
 * manifests belong to gyre-data, which the client SDK (Jackson only) does not depend on; the client offers
 * the three calls this is made of.
 */
final class DataAdder {

    /**
     * What an add did.
     *
     * @param result        the platform's answer: the new or existing version
     * @param bytesUploaded bytes sent to the platform (0 when it had every blob)
     * @param blobsUploaded blobs sent
     * @param bytesHashed   bytes read to hash them (0 when the hash cache knew every file)
     */
    record Outcome(CreatedDataVersion result, long bytesUploaded, int blobsUploaded, long bytesHashed) {
    }

    /**
     * How to describe the new version.
     *
     * @param format    csv, jsonl, parquet; {@code null} from the source's extension (always directory for folders)
     * @param sourceUri where the bytes came from
     * @param parents   refs of the versions it was made from
     * @param options   how the platform reads the file
     */
    record Request(String format, String sourceUri, List<String> parents, DataIngestOptions options) {
        Request {
            Objects.requireNonNull(sourceUri, "sourceUri");
            parents = parents == null ? List.of() : List.copyOf(parents);
        }
    }

    private final DataClient data;
    private final PrintStream err;
    private final boolean progress;
    private final Path cacheFolder;

    /**
     * @param cacheFolder where the hash cache lives, or {@code null} to hash without one (temporary files)
     */
    DataAdder(DataClient data, PrintStream err, boolean progress, Path cacheFolder) {
        this.data = data;
        this.err = err;
        this.progress = progress;
        this.cacheFolder = cacheFolder;
    }

    /** Hashes {@code source} (a file or a folder), uploads what the platform lacks, creates the version. */
    Outcome add(String project, String name, Path source, Request request) {
        try (HashCache cache = cacheFolder == null ? null : HashCache.open(cacheFolder)) {
            ContentHasher hasher = cache == null ? new ContentHasher() : new ContentHasher(cache);
            if (Files.isDirectory(source)) {
                DirectoryHash hash = hasher.hashDirectory(source);
                long read = hash.files().stream().filter(f -> !f.hash().fromCache()).mapToLong(f -> f.hash().size()).sum();
                Map<String, Path> files = new LinkedHashMap<>();
                hash.files().forEach(f -> files.putIfAbsent(f.hash().sha256(), f.file()));
                return addDirectory(project, name, hash.manifest(), files, request, read, source.getFileName() + "/");
            }
            FileHash hash = hashFile(hasher, source);
            return addFile(project, name, source, hash.sha256(), hash.size(), request, hash.fromCache() ? 0 : hash.size());
        }
    }

    private FileHash hashFile(ContentHasher hasher, Path file) {
        long size = sizeOf(file);
        try (HashProgress watch = HashProgress.watch(file, size, bar("hash " + file.getFileName()), progress)) {
            FileHash hash = hasher.hashFile(file);
            watch.done();
            return hash;
        }
    }

    /** Adds a file whose SHA-256 is known already (e.g. checked by a DVC import). */
    Outcome addFile(String project, String name, Path file, String sha256, long size, Request request, long bytesHashed) {
        long uploaded = 0;
        int blobs = 0;
        if (!data.missingBlobs(project, List.of(sha256)).isEmpty()) {
            uploaded += upload(project, sha256, file, "upload " + file.getFileName());
            blobs++;
        }
        NewDataVersion version = NewDataVersion.file(sha256, size, request.sourceUri())
                .withFormat(request.format()).withParents(request.parents()).withOptions(options(request));
        return new Outcome(data.createVersion(project, name, version), uploaded, blobs, bytesHashed);
    }

    /**
     * Adds a folder from its manifest and where each blob's bytes are: uploads the missing files, then the
     * manifest, then creates the directory version.
     */
    Outcome addDirectory(String project, String name, DirectoryManifest manifest, Map<String, Path> filesBySha256,
                         Request request, long bytesHashed, String label) {
        byte[] manifestBytes = manifest.toBytes();
        String manifestSha256 = manifest.sha256();
        List<String> wanted = new ArrayList<>(filesBySha256.keySet());
        wanted.add(manifestSha256);
        List<String> missing = data.missingBlobs(project, wanted);
        long total = 0;
        for (String sha256 : missing) {
            Path file = filesBySha256.get(sha256);
            total += file == null ? 0 : sizeOf(file);
        }
        long uploaded = 0;
        int blobs = 0;
        ProgressBar bar = bar("upload " + label);
        try {
            for (String sha256 : missing) {
                Path file = filesBySha256.get(sha256);
                if (file == null) {
                    continue;
                }
                long offset = uploaded;
                long grandTotal = total;
                uploaded += data.uploadBlob(project, sha256, file,
                        (done, size) -> bar.progress(offset + done, grandTotal)).size();
                blobs++;
            }
        } finally {
            bar.finish();
        }
        if (missing.contains(manifestSha256)) {
            data.uploadBlob(project, manifestSha256, manifestBytes);
            uploaded += manifestBytes.length;
            blobs++;
        }
        NewDataVersion version = NewDataVersion.directory(manifestSha256, manifest.totalSize(), request.sourceUri())
                .withParents(request.parents());
        return new Outcome(data.createVersion(project, name, version), uploaded, blobs, bytesHashed);
    }

    private long upload(String project, String sha256, Path file, String label) {
        ProgressBar bar = bar(label);
        try {
            return data.uploadBlob(project, sha256, file, bar).size();
        } finally {
            bar.finish();
        }
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage() + ". Check the path and its permissions.", e);
        }
    }

    private static DataIngestOptions options(Request request) {
        return request.options() == null || request.options().isDefault() ? null : request.options();
    }

    private ProgressBar bar(String label) {
        return new ProgressBar(err, label, progress);
    }
}
