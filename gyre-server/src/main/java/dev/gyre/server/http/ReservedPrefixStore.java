package dev.gyre.server.http;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The artifact store as the general artifact routes see it: one folder is reserved for a stage that guards
 * it with its own rules — {@code datasets/}, where versioned data lives, sealed test splits included — so
 * reading, writing or deleting there is refused and listings leave it out. The stage itself uses the store
 * underneath.
 */
public final class ReservedPrefixStore implements ArtifactStore {

    private final ArtifactStore store;
    private final String reserved;
    private final String useInstead;

    /**
     * @param reserved   the folder, with a trailing slash, e.g. {@code datasets/}
     * @param useInstead what the refusal tells the caller to use
     */
    public ReservedPrefixStore(ArtifactStore store, String reserved, String useInstead) {
        this.store = Objects.requireNonNull(store, "store");
        this.reserved = Objects.requireNonNull(reserved, "reserved");
        this.useInstead = useInstead;
    }

    private void check(ArtifactPath path) {
        String value = path.value();
        if (value.startsWith(reserved) || (value + "/").equals(reserved)) {
            throw new GyreException.PermissionDenied("'" + reserved + "' is reserved: " + useInstead);
        }
    }

    @Override
    public String uri() {
        return store.uri();
    }

    @Override
    public ArtifactInfo put(ArtifactPath path, InputStream content) {
        check(path);
        return store.put(path, content);
    }

    @Override
    public InputStream get(ArtifactPath path, boolean verify) {
        check(path);
        return store.get(path, verify);
    }

    @Override
    public Optional<ArtifactInfo> head(ArtifactPath path) {
        check(path);
        return store.head(path);
    }

    @Override
    public ArtifactPage list(String prefix, String pageToken, int maxResults) {
        String p = prefix == null ? "" : prefix;
        if (p.startsWith(reserved)) {
            return new ArtifactPage(List.of(), null);
        }
        ArtifactPage page = store.list(prefix, pageToken, maxResults);
        if (!reserved.startsWith(p)) {
            return page;
        }
        List<ArtifactInfo> visible = page.items().stream().filter(i -> !i.path().value().startsWith(reserved)).toList();
        return new ArtifactPage(visible, page.nextPageToken());
    }

    @Override
    public boolean delete(ArtifactPath path) {
        check(path);
        return store.delete(path);
    }

    @Override
    public void checkReady() {
        store.checkReady();
    }
}
