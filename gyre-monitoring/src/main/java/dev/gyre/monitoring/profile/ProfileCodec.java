package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Big-endian primitives, length-prefixed strings and blobs, every length checked against limits when read. */
final class ProfileCodec {

    /** Longest column name or label, in UTF-8 bytes. */
    static final int MAX_STRING_BYTES = 64 * 1024;
    /** Largest single sketch image. */
    static final int MAX_BLOB_BYTES = 16 * 1024 * 1024;

    private ProfileCodec() {
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8);

        void putByte(int b) {
            out.write(b);
        }

        void putInt(int v) {
            scratch.clear();
            out.write(scratch.putInt(v).array(), 0, 4);
        }

        void putLong(long v) {
            scratch.clear();
            out.write(scratch.putLong(v).array(), 0, 8);
        }

        void putDouble(double v) {
            putLong(Double.doubleToRawLongBits(v));
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING_BYTES) {
                throw new GyreException.InvalidArgument("a name or label of " + b.length + " bytes is longer than the "
                        + MAX_STRING_BYTES + " bytes a profile stores; shorten it before profiling");
            }
            putInt(b.length);
            out.write(b, 0, b.length);
        }

        void putBlob(byte[] b) {
            putInt(b.length);
            out.write(b, 0, b.length);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] bytes, int from, int to) {
            in = ByteBuffer.wrap(bytes, from, to - from);
        }

        GyreException.InvalidArgument invalid(String what) {
            return new GyreException.InvalidArgument("profile bytes are invalid: " + what
                    + "; pass bytes written by DatasetProfile.toBytes, unchanged");
        }

        private void need(long n) {
            if (n > in.remaining()) {
                throw invalid("truncated (" + n + " bytes needed, " + in.remaining() + " left)");
            }
        }

        int getByte() {
            need(1);
            return in.get() & 0xff;
        }

        int getInt() {
            need(4);
            return in.getInt();
        }

        long getLong() {
            need(8);
            return in.getLong();
        }

        double getDouble() {
            return Double.longBitsToDouble(getLong());
        }

        long getCount(String what) {
            long v = getLong();
            if (v < 0) {
                throw invalid("negative " + what + " " + v);
            }
            return v;
        }

        /** A number of entries from −1 (none kept) to {@code max}. */
        int getEntries(int max) {
            int n = getInt();
            if (n < -1 || n > max) {
                throw invalid("entry count " + n + " outside −1.." + max);
            }
            return n;
        }

        String getString() {
            int len = getInt();
            if (len < 0 || len > MAX_STRING_BYTES) {
                throw invalid("string length " + len);
            }
            need(len);
            byte[] b = new byte[len];
            in.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw invalid("a string is not UTF-8");
            }
        }

        byte[] getBlob(String what) {
            int len = getInt();
            if (len < 0 || len > MAX_BLOB_BYTES) {
                throw invalid(what + " length " + len);
            }
            need(len);
            byte[] b = new byte[len];
            in.get(b);
            return b;
        }

        /** Reads a blob and hands it to the sketch library's own checked reader. */
        <T> T sketch(String what, Function<byte[], T> parse) {
            byte[] b = getBlob(what);
            try {
                return parse.apply(b);
            } catch (RuntimeException e) {
                // the library signals bad images with its own exceptions (and index errors on some truncations)
                throw new GyreException.InvalidArgument("profile bytes are invalid: the " + what
                        + " does not parse (" + e.getClass().getSimpleName() + ")"
                        + "; pass bytes written by DatasetProfile.toBytes, unchanged", e);
            }
        }

        int remaining() {
            return in.remaining();
        }

        static void check(boolean ok, Reader r, String what) {
            if (!ok) {
                throw r.invalid(what);
            }
        }
    }

}
