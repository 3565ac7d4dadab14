package dev.gyre.data.dvc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The object layout of a DVC cache or local remote, and copying objects with their hashes computed on the way.
 * DVC 3 keeps an object with MD5 {@code abcd…} at {@code files/md5/ab/cd…}; DVC 2 kept it at {@code ab/cd…}.
 * Directory manifests are objects too, named with the {@code .dir} suffix.
 */
final class DvcObjects {

    static final int BUFFER_SIZE = 1 << 20;
    /** How much of a file DVC 2 looked at to decide whether it is text. */
    static final int TEXT_PROBE_BYTES = 512;

    private DvcObjects() {
    }

    /** The DVC 3 place of an object named {@code name} (an MD5, maybe with {@code .dir}). */
    static Path v3Path(Path root, String name) {
        return root.resolve("files").resolve("md5").resolve(name.substring(0, 2)).resolve(name.substring(2));
    }

    /** The DVC 2 place of an object. */
    static Path legacyPath(Path root, String name) {
        return root.resolve(name.substring(0, 2)).resolve(name.substring(2));
    }

    /** The object's file: at the place of its entry's layout first, else at the other; null if neither exists. */
    static Path find(Path root, String name, boolean legacy) {
        Path first = legacy ? legacyPath(root, name) : v3Path(root, name);
        Path second = legacy ? v3Path(root, name) : legacyPath(root, name);
        if (Files.isRegularFile(first)) {
            return first;
        }
        return Files.isRegularFile(second) ? second : null;
    }

    /**
     * The hashes of copied bytes.
     *
     * @param size        bytes
     * @param md5         MD5 of the bytes (DVC 3)
     * @param sha256      SHA-256 of the bytes (Gyre)
     * @param legacyMd5   the DVC 2 hash: MD5 with CRLF turned into LF if the file starts like text, else the MD5;
     *                    {@code null} unless asked for
     */
    record Copied(long size, String md5, String sha256, String legacyMd5) {
        /** Whether the bytes are those of an object or entry named by {@code expected}. */
        boolean matches(String expected, boolean legacy) {
            return md5.equals(expected) || (legacy && expected.equals(legacyMd5));
        }
    }

    /**
     * Copies {@code source} to {@code target} (created or replaced), hashing on the way.
     *
     * @param legacy also compute the DVC 2 hash
     */
    static Copied copy(Path source, Path target, boolean legacy) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        Dos2Unix dos2unix = legacy ? new Dos2Unix() : null;
        long size = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] array = new byte[(int) Math.max(8192, Math.min(BUFFER_SIZE, in.size() + 1))];
            ByteBuffer buffer = ByteBuffer.wrap(array);
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    md5.update(array, 0, n);
                    sha256.update(array, 0, n);
                    if (dos2unix != null) {
                        dos2unix.update(array, n);
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    size += n;
                }
                buffer.clear();
            }
            out.force(true);
        }
        String plain = hex(md5.digest());
        return new Copied(size, plain, hex(sha256.digest()), dos2unix == null ? null : dos2unix.result(plain));
    }

    /** The MD5 of some bytes. */
    static String md5(byte[] bytes) {
        return hex(digest("MD5").digest(bytes));
    }

    /** DVC 2's text test of a file's first bytes: no NUL, and at most 30% of bytes outside printable text. */
    static boolean looksLikeText(byte[] head, int length) {
        if (length == 0) {
            return true;
        }
        int nonText = 0;
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xff;
            if (b == 0) {
                return false;
            }
            boolean text = (b >= 32 && b < 127) || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == '\b';
            if (!text) {
                nonText++;
            }
        }
        return nonText <= 0.30 * length;
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }

    /** The MD5 of a stream with every CRLF turned into LF, and the stream's first bytes for the text test. */
    private static final class Dos2Unix {
        private final MessageDigest md5 = digest("MD5");
        private final byte[] head = new byte[TEXT_PROBE_BYTES];
        private int headLength;
        private boolean pendingCr;
        private byte[] scratch = new byte[0];

        void update(byte[] bytes, int length) {
            int copy = Math.min(length, head.length - headLength);
            System.arraycopy(bytes, 0, head, headLength, copy);
            headLength += copy;
            if (scratch.length < length + 1) {
                scratch = new byte[length + 1];
            }
            int out = 0;
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (pendingCr) {
                    pendingCr = false;
                    if (b != '\n') {
                        scratch[out++] = '\r';
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                } else {
                    scratch[out++] = b;
                }
            }
            md5.update(scratch, 0, out);
        }

        String result(String plainMd5) {
            if (pendingCr) {
                md5.update((byte) '\r');
                pendingCr = false;
            }
            String converted = hex(md5.digest());
            return looksLikeText(head, headLength) ? converted : plainMd5;
        }
    }
}
