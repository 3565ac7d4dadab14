package dev.gyre.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Streams for tests: seeded pseudo-random content of any length, and uploads that fail midway. */
final class TestStreams {

    private TestStreams() {
    }

    /** {@code size} pseudo-random bytes determined by {@code seed}, generated on the fly. */
    static InputStream seeded(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long position;
            private long word;

            @Override
            public int read() {
                if (position >= size) {
                    return -1;
                }
                return next() & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) next();
                }
                return n;
            }

            private int next() {
                int shift = (int) (position % 8);
                if (shift == 0) {
                    word = random.nextLong();
                }
                position++;
                return (int) (word >>> (8 * shift));
            }
        };
    }

    /** Delivers {@code goodBytes} bytes, then fails as a dropped connection would. */
    static InputStream failingAfter(long goodBytes) {
        InputStream good = seeded(7, goodBytes);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = good.read();
                if (b < 0) {
                    throw new IOException("connection reset by peer");
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = good.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("connection reset by peer");
                }
                return n;
            }
        };
    }

    /** SHA-256 (hex) of everything the stream delivers; closes it. */
    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Number of bytes the stream delivers; closes it. */
    static long count(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            return total;
        }
    }
}
