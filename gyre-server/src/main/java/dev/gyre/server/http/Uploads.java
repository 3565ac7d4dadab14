package dev.gyre.server.http;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a request body into the artifact store under the upload limit: a declared length over
 * the limit is refused before reading, and a chunked body is cut off as soon as it passes the limit,
 * so the store discards the partial upload (its writes are atomic).
 */
public final class Uploads {

    private final long maxUploadBytes;

    public Uploads(long maxUploadBytes) {
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * Writes the request body to {@code path}.
     *
     * @throws GyreException.TooLarge above the limit; nothing is stored then
     */
    public ArtifactInfo put(ArtifactStore store, ArtifactPath path, Context ctx) {
        if (ctx.req().getContentLengthLong() > maxUploadBytes) {
            throw tooLarge();
        }
        LimitedStream body;
        try {
            body = new LimitedStream(ctx.req().getInputStream(), maxUploadBytes);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the upload: " + e.getMessage());
        }
        try {
            return store.put(path, body);
        } catch (GyreException e) {
            if (body.exceeded) {
                throw tooLarge();
            }
            throw e;
        }
    }

    /**
     * Hands the request body, cut off at the upload limit, to {@code consumer} (which must store it
     * atomically, so a cut-off body leaves nothing behind).
     *
     * @throws GyreException.TooLarge above the limit
     */
    public <T> T stream(Context ctx, java.util.function.Function<InputStream, T> consumer) {
        if (ctx.req().getContentLengthLong() > maxUploadBytes) {
            throw tooLarge();
        }
        LimitedStream body;
        try {
            body = new LimitedStream(ctx.req().getInputStream(), maxUploadBytes);
        } catch (IOException e) {
            throw new GyreException.InvalidArgument("Could not read the upload: " + e.getMessage());
        }
        try {
            return consumer.apply(body);
        } catch (GyreException e) {
            if (body.exceeded) {
                throw tooLarge();
            }
            throw e;
        }
    }

    private GyreException tooLarge() {
        return new GyreException.TooLarge("The upload is larger than " + maxUploadBytes + " bytes; "
                + "raise max_upload_bytes in the server configuration to accept it.");
    }

    /** Counts bytes and fails the read once the limit is passed. */
    private static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private long count;
        private boolean exceeded;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public void close() {
            // the servlet container owns the request stream
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("upload exceeds " + limit + " bytes");
            }
        }
    }
}
