package dev.gyre.server;

import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/** Times every artifact store operation as {@code gyre.store.artifact{operation=…,outcome=…}}. */
final class TimedArtifactStore implements ArtifactStore {

    private final ArtifactStore delegate;
    private final MeterRegistry meters;

    TimedArtifactStore(ArtifactStore delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    private <T> T timed(String operation, Supplier<T> work) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } finally {
            sample.stop(Timer.builder("gyre.store.artifact").description("Artifact store operations")
                    .tag("operation", operation).tag("outcome", outcome).register(meters));
        }
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public ArtifactInfo put(ArtifactPath path, InputStream content) {
        return timed("put", () -> delegate.put(path, content));
    }

    @Override
    public InputStream get(ArtifactPath path, boolean verify) {
        return timed("get", () -> delegate.get(path, verify));
    }

    @Override
    public Optional<ArtifactInfo> head(ArtifactPath path) {
        return timed("head", () -> delegate.head(path));
    }

    @Override
    public ArtifactPage list(String prefix, String pageToken, int maxResults) {
        return timed("list", () -> delegate.list(prefix, pageToken, maxResults));
    }

    @Override
    public boolean delete(ArtifactPath path) {
        return timed("delete", () -> delegate.delete(path));
    }

    @Override
    public void checkReady() {
        timed("check", () -> {
            delegate.checkReady();
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }
}
