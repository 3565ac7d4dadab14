package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a binary form whose every length is checked against the bytes that remain, turning any damage into a
 * {@link GyreException.InvalidArgument} that names the field.
 */
final class CheckedReader {
    private final ByteBuffer in;
    private final String what;

    CheckedReader(byte[] bytes, String what, byte[] magic, int version) {
        this.what = what;
        if (bytes == null || bytes.length < magic.length + 2 || !Arrays.equals(bytes, 0, magic.length, magic, 0,
                magic.length)) {
            throw new GyreException.InvalidArgument(what + ": the bytes do not start with \""
                    + new String(magic, java.nio.charset.StandardCharsets.US_ASCII) + "\"; give a " + what
                    + " written by Gyre.");
        }
        in = ByteBuffer.wrap(bytes);
        in.position(magic.length);
        int found = Short.toUnsignedInt(in.getShort());
        if (found != version) {
            throw new GyreException.InvalidArgument(what + ": version " + found
                    + " is not supported; this version of Gyre reads version " + version + ".");
        }
    }

    int integer(String field) {
        try {
            return in.getInt();
        } catch (BufferUnderflowException e) {
            throw bad(field, "the bytes end early (truncated)");
        }
    }

    /** A string as {@code DataOutputStream.writeUTF} writes it. */
    String string(String field) {
        try {
            int length = Short.toUnsignedInt(in.getShort());
            if (length > in.remaining()) {
                throw bad(field, "the bytes end early (truncated)");
            }
            byte[] encoded = new byte[length + 2];
            encoded[0] = (byte) (length >>> 8);
            encoded[1] = (byte) length;
            in.get(encoded, 2, length);
            return new DataInputStream(new ByteArrayInputStream(encoded)).readUTF();
        } catch (BufferUnderflowException e) {
            throw bad(field, "the bytes end early (truncated)");
        } catch (IOException e) {
            throw bad(field, "is not a valid string");
        }
    }

    List<String> strings(String field) {
        int count = integer(field);
        // every string takes at least 2 bytes
        if (count < 0 || count > in.remaining() / 2) {
            throw bad(field, "has an impossible count " + count);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(string(field + "[" + i + "]"));
        }
        return out;
    }

    byte[] blob(String field) {
        int length = integer(field);
        if (length < 0 || length > in.remaining()) {
            throw bad(field, "has a length of " + length + " bytes but only " + in.remaining() + " remain");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    void end() {
        if (in.hasRemaining()) {
            throw bad("end", in.remaining() + " bytes follow the last field");
        }
    }

    GyreException.InvalidArgument bad(String field, String problem) {
        return new GyreException.InvalidArgument(what + "." + field + ": " + problem + "; give a " + what
                + " written by Gyre.");
    }
}
