package dev.gyre.server.mlflow;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Multipart uploads through the MLflow artifact proxy ({@code mpu/create|complete|abort}), for clients
 * that split large files into parts.
 *
 * <p>MLflow hands a client one pre-signed URL per part. Gyre does the same with URLs on itself: each
 * part URL carries an HMAC signature (a key made at start-up) over the upload id, the part number and
 * an expiry, so the part upload needs no other credentials — exactly as a pre-signed S3 URL — and a
 * URL cannot be altered to name another upload or part. Parts are staged on the server's disk (each
 * under the upload limit) and only {@link #complete} writes the artifact, atomically, from the parts
 * in order after checking every part's ETag. Uploads live in memory: a restart forgets them (the client
 * starts again); unfinished uploads expire after {@link #EXPIRY}. Thread-safe.
 */
public final class MultipartUploads {

    /** MLflow's (and S3's) upper bound on the number of parts. */
    public static final int MAX_PARTS = 10_000;
    /** How long an unfinished upload and its part URLs stay valid. */
    public static final Duration EXPIRY = Duration.ofHours(24);

    private final Path staging;
    private final long maxPartBytes;
    private final Clock clock;
    private final byte[] key = new byte[32];
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    /** One started upload: where it will land, who started it, and its parts' folder. */
    private record Upload(String id, ArtifactPath target, int parts, long userId, long expiresAtMillis, Path folder) {
    }

    /** A part URL to hand to the client. */
    public record PartUrl(int partNumber, String url) {
    }

    /** A part as the client reports it on completion. */
    public record CompletedPart(int partNumber, String etag) {
    }

    /**
     * @param staging      a folder for parts, emptied now (left-overs of an earlier process are useless)
     * @param maxPartBytes the upload limit, applied to each part
     */
    public MultipartUploads(Path staging, long maxPartBytes, Clock clock) {
        this.staging = staging;
        this.maxPartBytes = maxPartBytes;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the multipart staging folder " + staging, e);
        }
    }

    /**
     * Starts an upload to {@code target}.
     *
     * @param baseUrl where clients reach this server, e.g. {@code http://127.0.0.1:5000}
     * @return the upload id and one URL per part
     * @throws GyreException.InvalidArgument for a part count outside 1..{@value #MAX_PARTS}
     */
    public Map.Entry<String, List<PartUrl>> create(ArtifactPath target, int parts, long userId, String baseUrl) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new GyreException.InvalidArgument("num_parts must be between 1 and " + MAX_PARTS + ", got " + parts + ".");
        }
        expireOld();
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        long expires = clock.millis() + EXPIRY.toMillis();
        Path folder = staging.resolve(id);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new GyreException.Internal("Cannot stage a multipart upload: " + e.getMessage(), e);
        }
        uploads.put(id, new Upload(id, target, parts, userId, expires, folder));
        List<PartUrl> urls = new ArrayList<>(parts);
        for (int n = 1; n <= parts; n++) {
            urls.add(new PartUrl(n, baseUrl + "/api/2.0/mlflow-artifacts/mpu/upload/" + id + "/" + n + "?expires=" + expires
                    + "&signature=" + sign(id, n, expires)));
        }
        return Map.entry(id, urls);
    }

    /**
     * Stores one part from a signed URL, replacing an earlier upload of the same part.
     *
     * @return the part's ETag (its SHA-256, quoted as S3 quotes ETags)
     * @throws GyreException.PermissionDenied for a missing, wrong or expired signature
     * @throws GyreException.NotFound         for an upload that is finished, aborted or unknown
     * @throws GyreException.TooLarge         for a part over the upload limit (nothing kept)
     */
    public String putPart(String uploadId, String partNumber, String expires, String signature, InputStream body) {
        int part = parsePart(partNumber);
        long expiry;
        try {
            expiry = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw badSignature();
        }
        if (signature == null || !MessageDigest.isEqual(sign(uploadId, part, expiry).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw badSignature();
        }
        if (clock.millis() > expiry) {
            throw new GyreException.PermissionDenied("This part URL expired; start the upload again with mpu/create.");
        }
        Upload upload = upload(uploadId);
        if (part > upload.parts) {
            throw new GyreException.InvalidArgument("Part " + part + " is beyond the " + upload.parts + " parts of the upload.");
        }
        Path tmp = upload.folder.resolve(part + ".tmp-" + Thread.currentThread().getId());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxPartBytes) {
                        throw new GyreException.TooLarge("A part is larger than " + maxPartBytes + " bytes; use more, smaller"
                                + " parts, or raise max_upload_bytes in the server configuration.");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            Files.move(tmp, upload.folder.resolve(Integer.toString(part)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return "\"" + HexFormat.of().formatHex(sha.digest()) + "\"";
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read part " + part + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the folder goes when the upload ends
            }
        }
    }

    /**
     * Writes the artifact from the parts 1..N in order and forgets the upload. Every part must have been
     * uploaded and its ETag must match what the client reports.
     *
     * @throws GyreException.InvalidArgument for a missing part, a wrong ETag, or another target path
     * @throws GyreException.NotFound        for an unknown upload
     */
    public ArtifactInfo complete(ArtifactStore store, ArtifactPath target, String uploadId, List<CompletedPart> reported,
                                 long userId) {
        Upload upload = owned(uploadId, target, userId);
        List<CompletedPart> sorted = new ArrayList<>(reported);
        sorted.sort(Comparator.comparingInt(CompletedPart::partNumber));
        if (sorted.size() != upload.parts) {
            throw new GyreException.InvalidArgument("The upload has " + upload.parts + " parts and " + sorted.size()
                    + " were reported; list every part with its part_number and etag.");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            CompletedPart part = sorted.get(i);
            if (part.partNumber() != i + 1) {
                throw new GyreException.InvalidArgument("Parts must be numbered 1.." + upload.parts + " once each; part "
                        + (i + 1) + " is missing or repeated.");
            }
            Path file = upload.folder.resolve(Integer.toString(part.partNumber()));
            if (!Files.isRegularFile(file)) {
                throw new GyreException.InvalidArgument("Part " + part.partNumber() + " was never uploaded; PUT it to its"
                        + " URL before completing.");
            }
            if (part.etag() == null || !unquote(part.etag()).equals(unquote(sha256(file)))) {
                throw new GyreException.InvalidArgument("The etag of part " + part.partNumber() + " does not match the"
                        + " uploaded bytes; upload the part again and report the ETag its upload answered.");
            }
            files.add(file);
        }
        try (InputStream joined = joined(files)) {
            ArtifactInfo info = store.put(upload.target, joined);
            forget(upload);
            return info;
        } catch (IOException e) {
            throw new GyreException.Internal("Could not join the parts of upload " + uploadId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops an upload and its parts; the target is never written.
     *
     * @throws GyreException.NotFound for an unknown upload
     */
    public void abort(ArtifactPath target, String uploadId, long userId) {
        forget(owned(uploadId, target, userId));
    }

    /** How many uploads are in progress. */
    public int inProgress() {
        return uploads.size();
    }

    private Upload owned(String uploadId, ArtifactPath target, long userId) {
        Upload upload = upload(uploadId);
        if (upload.userId != userId) {
            throw new GyreException.PermissionDenied("Upload " + uploadId + " was started by another user.");
        }
        if (!upload.target.equals(target)) {
            throw new GyreException.InvalidArgument("Upload " + uploadId + " writes '" + upload.target.value()
                    + "', not '" + target.value() + "'; complete or abort it with the path it was created with.");
        }
        return upload;
    }

    private Upload upload(String uploadId) {
        Upload upload = uploadId == null ? null : uploads.get(uploadId);
        if (upload == null || clock.millis() > upload.expiresAtMillis) {
            throw new GyreException.NotFound("No multipart upload '" + uploadId + "' in progress (finished, aborted,"
                    + " expired or started before the server restarted); start again with mpu/create.");
        }
        return upload;
    }

    private void expireOld() {
        long now = clock.millis();
        for (Upload upload : List.copyOf(uploads.values())) {
            if (now > upload.expiresAtMillis) {
                forget(upload);
            }
        }
    }

    private void forget(Upload upload) {
        uploads.remove(upload.id);
        try {
            deleteTree(upload.folder);
        } catch (IOException ignored) {
            // emptied at the next start
        }
    }

    private String sign(String uploadId, int part, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((uploadId + "/" + part + "/" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int parsePart(String value) {
        try {
            int part = Integer.parseInt(value);
            if (part >= 1 && part <= MAX_PARTS) {
                return part;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new GyreException.InvalidArgument("Part number '" + value + "' must be between 1 and " + MAX_PARTS + ".");
    }

    private static GyreException badSignature() {
        return new GyreException.PermissionDenied("The part URL's signature is missing or wrong; use the URLs mpu/create"
                + " answered, unchanged.");
    }

    private static String unquote(String etag) {
        String v = etag.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream joined(List<Path> files) throws IOException {
        List<InputStream> streams = new ArrayList<>(files.size());
        for (Path file : files) {
            streams.add(new LazyFileStream(file));
        }
        Enumeration<InputStream> e = Collections.enumeration(streams);
        return new SequenceInputStream(e);
    }

    /** Opens its file on first read, so thousands of parts do not hold thousands of open files. */
    private static final class LazyFileStream extends InputStream {
        private final Path file;
        private InputStream in;

        LazyFileStream(Path file) {
            this.file = file;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = Files.newInputStream(file);
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
