package dev.gyre.store.artifact;

import dev.gyre.core.artifact.ArtifactPath;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes the stored bytes through while hashing them, and at end of stream throws an
 * {@link IOException} if the size or SHA-256 differ from what was recorded when the artifact was
 * written. The failure is repeated on every later read, so a caller cannot miss it.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final ArtifactPath path;
    private final long expectedSize;
    private final String expectedSha256;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean checked;
    private IOException failure;

    VerifyingInputStream(InputStream in, ArtifactPath path, long expectedSize, String expectedSha256) {
        super(in);
        this.path = path;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
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
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        digest.update(buffer, offset, n);
        count += n;
        if (count > expectedSize) {
            fail("it is longer than the recorded " + expectedSize + " bytes");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed, so read them.
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset is not supported by a verifying stream");
    }

    private void verifyAtEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != expectedSize) {
            fail("it has " + count + " bytes instead of the recorded " + expectedSize);
        }
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            fail("its SHA-256 is " + actual + " instead of the recorded " + expectedSha256);
        }
    }

    private void fail(String what) throws IOException {
        failure = new IOException("Artifact '" + path + "' failed verification: " + what
                + "; the stored bytes were changed or corrupted, write the artifact again.");
        throw failure;
    }
}
