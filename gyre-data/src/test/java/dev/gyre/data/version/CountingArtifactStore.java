package dev.gyre.data.version;

import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An artifact store that passes everything to another one and counts the puts and the bytes they read;
 * it can also hand out corrupted bytes on reads, to test verification.
 */
final class CountingArtifactStore implements ArtifactStore {

    private final ArtifactStore delegate;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean corruptReads;

    CountingArtifactStore(ArtifactStore delegate) {
        this.delegate = delegate;
    }

    long puts() {
        return puts.get();
    }

    long bytesUploaded() {
        return bytes.get();
    }

    void reset() {
        puts.set(0);
        bytes.set(0);
    }

    void corruptReads(boolean corrupt) {
        corruptReads = corrupt;
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public ArtifactInfo put(ArtifactPath path, InputStream content) {
        puts.incrementAndGet();
        return delegate.put(path, new InputStream() {
            @Override
            public int read() throws IOException {
                int b = content.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = content.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        });
    }

    @Override
    public InputStream get(ArtifactPath path, boolean verify) {
        InputStream in = delegate.get(path, verify);
        if (!corruptReads) {
            return in;
        }
        try (in) {
            byte[] content = in.readAllBytes();
            if (content.length > 0) {
                content[0] ^= 1;
            }
            return new ByteArrayInputStream(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<ArtifactInfo> head(ArtifactPath path) {
        return delegate.head(path);
    }

    @Override
    public ArtifactPage list(String prefix, String pageToken, int maxResults) {
        return delegate.list(prefix, pageToken, maxResults);
    }

    @Override
    public boolean delete(ArtifactPath path) {
        return delegate.delete(path);
    }

    @Override
    public void checkReady() {
        delegate.checkReady();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
