package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Content-addressed blobs on an {@link ArtifactStore}: the blob with SHA-256 {@code h} lives at
 * {@code datasets/blobs/sha256/<first 2 hex of h>/<other 62 hex>}. A blob's path is its name, so storing
 * the same content twice stores it once.
 *
 * <p>Guarantees: a blob is only ever stored under the SHA-256 of its bytes — {@link #put} checks the bytes
 * while they stream to the store and keeps nothing if they differ from the name (the store's puts are
 * atomic, so a previous copy stays intact); {@link #open} checks them again while they are read. Thread-safe
 * if the artifact store is.
 */
public final class BlobStore {

    /** Where the blobs live in the artifact store. */
    public static final String PREFIX = "datasets/blobs/sha256";

    private final ArtifactStore store;

    /**
     * The result of a {@link #put}.
     *
     * @param sha256   the blob's name
     * @param size     its size in bytes
     * @param uploaded false when the store had the blob already and nothing was sent
     */
    public record PutResult(String sha256, long size, boolean uploaded) {
    }

    /** Blobs on {@code store}, under {@value #PREFIX}. */
    public BlobStore(ArtifactStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The artifact store underneath. */
    public ArtifactStore artifactStore() {
        return store;
    }

    /**
     * Where the blob lives in the artifact store.
     *
     * @throws GyreException.InvalidArgument if {@code sha256} is not 64 hex digits
     */
    public static ArtifactPath pathOf(String sha256) {
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        return ArtifactPath.of(PREFIX + "/" + sha.substring(0, 2) + "/" + sha.substring(2));
    }

    /**
     * Whether the store holds the blob (recorded with that SHA-256).
     *
     * @throws GyreException.InvalidArgument if {@code sha256} is not 64 hex digits
     */
    public boolean has(String sha256) {
        return size(sha256).isPresent();
    }

    /** The blob's size in bytes, or empty if the store does not hold it. */
    public Optional<Long> size(String sha256) {
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        Optional<ArtifactInfo> info = store.head(pathOf(sha));
        return info.filter(i -> sha.equals(i.sha256())).map(ArtifactInfo::size);
    }

    /**
     * The blobs of {@code sha256s} the store lacks, in the order given, without duplicates: what a client
     * has to upload.
     */
    public Set<String> missing(Collection<String> sha256s) {
        Set<String> missing = new LinkedHashSet<>();
        for (String sha256 : new LinkedHashSet<>(sha256s)) {
            if (!has(sha256)) {
                missing.add(Digests.requireSha256(sha256, "blob SHA-256"));
            }
        }
        return missing;
    }

    /**
     * Stores a blob, unless the store has it already — then the content is not read at all. The stream is
     * read to its end (not closed) and checked against {@code sha256} and {@code size} on the way; only
     * matching content is stored.
     *
     * @throws GyreException.InvalidArgument if the content's size or SHA-256 differs from the declared one;
     *                                       nothing is stored then
     * @throws GyreException.Internal        if the store fails or reading the content fails
     */
    public PutResult put(String sha256, InputStream content, long size) {
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        Objects.requireNonNull(content, "content");
        if (size < 0) {
            throw new GyreException.InvalidArgument("The size of blob " + sha + " is negative (" + size + ").");
        }
        if (has(sha)) {
            return new PutResult(sha, size, false);
        }
        return upload(sha, content, size);
    }

    private PutResult upload(String sha, InputStream content, long size) {
        ArtifactPath path = pathOf(sha);
        ArtifactInfo info;
        try {
            info = store.put(path, new CheckingStream(content, sha, size, "The uploaded content"));
        } catch (GyreException e) {
            Mismatch mismatch = mismatchIn(e);
            if (mismatch != null) {
                throw new GyreException.InvalidArgument(mismatch.getMessage() + " Nothing was stored; send the"
                        + " bytes of the blob again, or hash them again if they changed.");
            }
            throw e;
        }
        if (!sha.equals(info.sha256()) || info.size() != size) {
            // The store read differently than it was given; never keep content under a wrong name.
            store.delete(path);
            throw new GyreException.InvalidArgument("The artifact store recorded size " + info.size() + " and SHA-256 "
                    + info.sha256() + " for blob " + sha + " of size " + size + "; nothing was kept. Send it again.");
        }
        return new PutResult(sha, size, true);
    }

    /**
     * Stores a local file as a blob, unless the store has it already.
     *
     * @throws GyreException.NotFound        if the file does not exist
     * @throws GyreException.InvalidArgument if its content does not match {@code sha256}
     */
    public PutResult put(String sha256, Path file) {
        Objects.requireNonNull(file, "file");
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        if (has(sha)) {
            return new PutResult(sha, sizeOf(file), false);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return upload(sha, in, sizeOf(file));
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("File '" + file + "' cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Opens a blob for reading. The stream throws an {@link IOException} at its end if the bytes read do not
     * hash to {@code sha256}. The caller closes it.
     *
     * @throws GyreException.NotFound if the store does not hold the blob
     */
    public InputStream open(String sha256) {
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        try {
            return new CheckingStream(store.get(pathOf(sha), false), sha, -1, "Stored blob " + sha);
        } catch (GyreException.NotFound e) {
            throw notFound(sha);
        }
    }

    /**
     * Reads a small blob (such as a directory manifest) into memory, checked against its name.
     *
     * @throws GyreException.NotFound if the store does not hold the blob
     * @throws GyreException.TooLarge if it is larger than {@code maxBytes}
     * @throws GyreException.Internal if it cannot be read or is corrupted
     */
    public byte[] readAll(String sha256, long maxBytes) {
        String sha = Digests.requireSha256(sha256, "blob SHA-256");
        long size = size(sha).orElseThrow(() -> notFound(sha));
        if (size > maxBytes) {
            throw new GyreException.TooLarge("Blob " + sha + " has " + size + " bytes; at most " + maxBytes
                    + " are read into memory.");
        }
        try (InputStream in = open(sha)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to read blob " + sha + " (" + e.getMessage() + ").", e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new GyreException.NotFound("File '" + file + "' does not exist; check the path.");
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("File '" + file + "' cannot be read (" + e.getMessage() + ").", e);
        }
    }

    private static GyreException.NotFound notFound(String sha) {
        return new GyreException.NotFound("Blob " + sha + " is not in the blob store; upload it first (ask which"
                + " blobs are missing, then send those).");
    }

    private static Mismatch mismatchIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Mismatch mismatch) {
                return mismatch;
            }
        }
        return null;
    }

    /** The bytes were not those of the blob they were said to be. */
    static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * Passes bytes through while counting and hashing them; fails with {@link Mismatch} as soon as there are
     * more bytes than expected, and at the end if the size or SHA-256 differ. The failure repeats on every
     * later read.
     */
    private static final class CheckingStream extends FilterInputStream {
        private final String expectedSha;
        private final long expectedSize;
        private final String what;
        private final MessageDigest digest = Digests.sha256();
        private long count;
        private Mismatch failure;
        private boolean verified;

        CheckingStream(InputStream in, String expectedSha, long expectedSize, String what) {
            super(in);
            this.expectedSha = expectedSha;
            this.expectedSize = expectedSize;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (failure != null) {
                throw failure;
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
                if (expectedSize >= 0 && count > expectedSize) {
                    throw fail(what + " has more than the declared " + expectedSize + " bytes of blob " + expectedSha
                            + ".");
                }
            } else if (n < 0 && !verified) {
                if (expectedSize >= 0 && count != expectedSize) {
                    throw fail(what + " has " + count + " bytes, but blob " + expectedSha + " was declared with "
                            + expectedSize + ".");
                }
                String actual = Digests.hex(digest.digest());
                if (!actual.equals(expectedSha)) {
                    throw fail(what + " hashes to " + actual + ", not to the blob's name " + expectedSha + ".");
                }
                verified = true;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int read = read(scratch, 0, scratch.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private Mismatch fail(String message) {
            failure = new Mismatch(message);
            return failure;
        }
    }
}
