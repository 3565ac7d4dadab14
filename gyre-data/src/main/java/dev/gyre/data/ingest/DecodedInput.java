package dev.gyre.data.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream into one reusable character buffer, a buffer-full at a time, through a byte buffer
 * of the same size. Bytes that are invalid in the encoding are reported (never replaced) with their offset
 * from the start of the stream, after every character before them has been handed out. A UTF-8 byte order
 * mark at the start is skipped when the encoding is UTF-8. Not thread-safe.
 */
final class DecodedInput {

    /** Bytes that are not valid in the encoding; the message says which and where. */
    static final class InvalidBytes extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidBytes(String message) {
            super(message, null, false, false);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final boolean utf8;
    private final ByteBuffer bytes;
    private final CharBuffer chars;
    private long byteBase;
    private long bytesRead;
    private boolean started;
    private boolean inputEnded;
    private boolean flushed;
    private String invalid;

    DecodedInput(InputStream in, Charset encoding, int bufferSize) {
        this.in = in;
        this.decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.utf8 = encoding.equals(StandardCharsets.UTF_8);
        this.bytes = ByteBuffer.allocate(bufferSize);
        this.chars = CharBuffer.allocate(bufferSize);
        bytes.limit(0);
        chars.limit(0);
    }

    /** The buffer {@link #fill()} decodes into; always the same array. */
    char[] buffer() {
        return chars.array();
    }

    /** Bytes read from the stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    /**
     * Replaces the buffer's content with the next characters.
     *
     * @return how many characters the buffer now holds from index 0; 0 at the end of the input
     * @throws InvalidBytes when the next bytes are invalid in the encoding
     */
    int fill() throws IOException, InvalidBytes {
        if (!started) {
            start();
        }
        if (invalid != null) {
            throw new InvalidBytes(invalid);
        }
        if (flushed) {
            return 0;
        }
        chars.clear();
        while (chars.position() == 0) {
            CoderResult result = utf8 && !inputEnded ? decodeUtf8() : decoder.decode(bytes, chars, inputEnded);
            if (result.isError()) {
                StringBuilder shown = new StringBuilder(result.length() > 1 ? "the bytes" : "the byte");
                for (int i = 0; i < result.length(); i++) {
                    shown.append(String.format(" 0x%02X", bytes.get(bytes.position() + i) & 0xFF));
                }
                invalid = shown + " at byte offset " + (byteBase + bytes.position())
                        + (result.length() > 1 ? " are" : " is") + " not valid " + decoder.charset().name();
                if (chars.position() == 0) {
                    throw new InvalidBytes(invalid);
                }
                break;
            }
            if (result.isOverflow()) {
                break;
            }
            if (inputEnded) {
                decoder.flush(chars);
                flushed = true;
                break;
            }
            readBytes();
        }
        chars.flip();
        return chars.limit();
    }

    void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing an input loses nothing
        }
    }

    /**
     * Decodes UTF-8 with a fast path for ASCII, which is most of most files: ASCII bytes are widened directly
     * and only the bytes around other characters go through the decoder (which reports invalid ones). Used
     * while more input may follow; the plain decoder finishes the input.
     */
    private CoderResult decodeUtf8() {
        final byte[] source = bytes.array();
        final char[] target = chars.array();
        final int sourceLimit = bytes.limit();
        final int targetLimit = chars.limit();
        int sp = bytes.position();
        int dp = chars.position();
        while (true) {
            int end = sp + Math.min(sourceLimit - sp, targetLimit - dp);
            while (sp < end && source[sp] >= 0) {
                target[dp++] = (char) source[sp++];
            }
            bytes.position(sp);
            chars.position(dp);
            if (sp == sourceLimit) {
                return CoderResult.UNDERFLOW;
            }
            if (dp == targetLimit) {
                return CoderResult.OVERFLOW;
            }
            int window = Math.min(sourceLimit, sp + 64);
            bytes.limit(window);
            CoderResult result = decoder.decode(bytes, chars, false);
            bytes.limit(sourceLimit);
            if (result.isError() || result.isOverflow() || bytes.position() == sp) {
                // an error, a full buffer, or a character cut off at the end of the bytes read so far
                return result;
            }
            sp = bytes.position();
            dp = chars.position();
        }
    }

    private void start() throws IOException {
        started = true;
        while (!inputEnded && bytes.remaining() < 3) {
            readBytes();
        }
        if (utf8 && bytes.remaining() >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                && (bytes.get(2) & 0xFF) == 0xBF) {
            bytes.position(3);
        }
    }

    private void readBytes() throws IOException {
        byteBase += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            inputEnded = true;
        } else {
            bytes.position(bytes.position() + n);
            bytesRead += n;
        }
        bytes.flip();
    }
}
