package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPage;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ArtifactStore} promises, run against each backend by a subclass.
 */
abstract class ArtifactStoreContractTest {

    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    protected ArtifactStore store;

    /** A fresh, empty store. */
    protected abstract ArtifactStore newStore() throws Exception;

    /** Changes the stored bytes behind the store's back, leaving its recorded metadata as it was. */
    protected abstract void tamperWithStoredBytes(ArtifactPath path, byte[] replacement) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ArtifactPath path(String value) {
        return ArtifactPath.of(value);
    }

    static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putThenGetRoundTripsTheBytesAndRecordsSha256() throws IOException {
        ArtifactInfo info = store.put(path("models/v1/greeting.txt"), bytes("hello"));

        assertThat(info.path()).isEqualTo(path("models/v1/greeting.txt"));
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.sha256()).isEqualTo(HELLO_SHA256);
        assertThat(read(store.get(path("models/v1/greeting.txt"), true))).isEqualTo("hello");
        assertThat(read(store.get(path("models/v1/greeting.txt"), false))).isEqualTo("hello");
    }

    @Test
    void emptyArtifactRoundTrips() throws IOException {
        ArtifactInfo info = store.put(path("empty.bin"), InputStream.nullInputStream());

        assertThat(info.size()).isZero();
        assertThat(info.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(read(store.get(path("empty.bin"), true))).isEmpty();
    }

    @Test
    void unicodeAndSpacesInPathsRoundTrip() throws IOException {
        store.put(path("donn\u00e9es/\u00e9t\u00e9 2024+v1.csv"), bytes("a,b"));

        assertThat(read(store.get(path("donne\u0301es/e\u0301te\u0301 2024+v1.csv"), true))).isEqualTo("a,b");
        assertThat(store.list("donn\u00e9es/", null, 10).items())
                .extracting(i -> i.path().value())
                .containsExactly("donn\u00e9es/\u00e9t\u00e9 2024+v1.csv");
    }

    @Test
    void putOverwritesPreviousContent() throws IOException {
        store.put(path("a.txt"), bytes("first version"));
        ArtifactInfo second = store.put(path("a.txt"), bytes("second"));

        assertThat(read(store.get(path("a.txt"), true))).isEqualTo("second");
        ArtifactInfo head = store.head(path("a.txt")).orElseThrow();
        assertThat(head.size()).isEqualTo(second.size()).isEqualTo(6);
        assertThat(head.sha256()).isEqualTo(second.sha256());
        assertThat(store.list(null, null, 10).items()).hasSize(1);
    }

    @Test
    void headReturnsSizeSha256AndModificationTime() throws IOException {
        Instant before = Instant.now().minus(1, ChronoUnit.DAYS);
        byte[] content = "0123456789".repeat(100).getBytes(StandardCharsets.UTF_8);
        ArtifactInfo put = store.put(path("data/2024-01-01.csv"), new ByteArrayInputStream(content));

        Optional<ArtifactInfo> head = store.head(path("data/2024-01-01.csv"));

        assertThat(head).isPresent();
        assertThat(head.get().size()).isEqualTo(1000);
        assertThat(head.get().sha256()).isEqualTo(put.sha256())
                .isEqualTo(TestStreams.sha256(new ByteArrayInputStream(content)));
        assertThat(head.get().lastModified()).isAfter(before);
    }

    @Test
    void headOfMissingArtifactIsEmpty() {
        store.put(path("present.txt"), bytes("x"));

        assertThat(store.head(path("absent.txt"))).isEmpty();
        assertThat(store.head(path("present"))).isEmpty();
    }

    @Test
    void getOfMissingArtifactThrowsNotFoundNamingThePath() {
        assertThatThrownBy(() -> store.get(path("nothing/here.bin"), true))
                .isInstanceOf(GyreException.NotFound.class)
                .hasMessageContaining("nothing/here.bin");
    }

    @Test
    void folderIsNotAnArtifact() {
        store.put(path("models/a.bin"), bytes("x"));

        assertThat(store.head(path("models"))).isEmpty();
        assertThatThrownBy(() -> store.get(path("models"), false)).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void listPagesInPathOrderWithOpaqueTokens() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            String name = String.format("items/%02d.txt", i);
            store.put(path(name), bytes("item " + i));
            expected.add(0, name);
        }

        ArtifactPage first = store.list(null, null, 10);
        ArtifactPage second = store.list(null, first.nextPageToken(), 10);
        ArtifactPage third = store.list(null, second.nextPageToken(), 10);

        assertThat(first.items()).hasSize(10);
        assertThat(second.items()).hasSize(10);
        assertThat(third.items()).hasSize(5);
        assertThat(first.nextPageToken()).isNotNull().doesNotContain("items/");
        assertThat(second.nextPageToken()).isNotNull().isNotEqualTo(first.nextPageToken());
        assertThat(third.nextPageToken()).isNull();
        List<String> all = new ArrayList<>();
        for (ArtifactPage page : List.of(first, second, third)) {
            page.items().forEach(i -> all.add(i.path().value()));
        }
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(third.items().get(4).sha256())
                .isEqualTo(TestStreams.sha256(new ByteArrayInputStream("item 24".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void listOrdersFullPathsLikeS3() {
        for (String name : List.of("a/b", "a-b", "a.txt", "a0", "b", "a/a/z", "\u00e9", "z")) {
            store.put(path(name), bytes(name));
        }

        List<String> listed = store.list(null, null, 100).items().stream().map(i -> i.path().value()).toList();

        assertThat(listed).containsExactly("a-b", "a.txt", "a/a/z", "a/b", "a0", "b", "z", "\u00e9");
    }

    @Test
    void listFiltersByPrefixAndPagesWithinIt() {
        store.put(path("models/v1/a.bin"), bytes("1"));
        store.put(path("models/v1/b.bin"), bytes("2"));
        store.put(path("models/v2/a.bin"), bytes("3"));
        store.put(path("models-old/a.bin"), bytes("4"));
        store.put(path("data/x.csv"), bytes("5"));

        assertThat(store.list("models/", null, 100).items()).extracting(i -> i.path().value())
                .containsExactly("models/v1/a.bin", "models/v1/b.bin", "models/v2/a.bin");
        assertThat(store.list("models", null, 100).items()).extracting(i -> i.path().value())
                .containsExactly("models-old/a.bin", "models/v1/a.bin", "models/v1/b.bin", "models/v2/a.bin");
        assertThat(store.list("models/v1/b", null, 100).items()).extracting(i -> i.path().value())
                .containsExactly("models/v1/b.bin");
        assertThat(store.list("nothing/", null, 100).items()).isEmpty();

        ArtifactPage first = store.list("models/", null, 2);
        ArtifactPage rest = store.list("models/", first.nextPageToken(), 2);
        assertThat(rest.items()).extracting(i -> i.path().value()).containsExactly("models/v2/a.bin");
        assertThat(rest.nextPageToken()).isNull();
    }

    @Test
    void listOfEmptyStoreIsEmptyLastPage() {
        ArtifactPage page = store.list(null, null, 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void listRejectsOutOfRangeMaxResults() {
        assertThatThrownBy(() -> store.list(null, null, 0))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> store.list(null, null, 10_001))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("10000");
    }

    @Test
    void listRejectsForgedPageTokens() {
        for (String token : List.of("not base64 !", "bm90LWEtdG9rZW4", "djE6Li4vLi4vZXRj")) {
            assertThatThrownBy(() -> store.list(null, token, 10))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("nextPageToken");
        }
    }

    @Test
    void listRejectsPrefixThatEscapesRoot() {
        assertThatThrownBy(() -> store.list("../", null, 10)).isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> store.list("/etc", null, 10)).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void deleteIsIdempotent() {
        store.put(path("runs/1/metrics.json"), bytes("{}"));

        assertThat(store.delete(path("runs/1/metrics.json"))).isTrue();
        assertThat(store.delete(path("runs/1/metrics.json"))).isFalse();
        assertThat(store.delete(path("never/existed"))).isFalse();
        assertThat(store.head(path("runs/1/metrics.json"))).isEmpty();
        assertThat(store.list(null, null, 10).items()).isEmpty();
        assertThatThrownBy(() -> store.get(path("runs/1/metrics.json"), false))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void deleteThenPutAgainWorks() throws IOException {
        store.put(path("x/y.txt"), bytes("one"));
        store.delete(path("x/y.txt"));
        store.put(path("x/y.txt"), bytes("two"));

        assertThat(read(store.get(path("x/y.txt"), true))).isEqualTo("two");
    }

    @Test
    void verifyOnReadDetectsTampering() throws Exception {
        store.put(path("model.bin"), bytes("original weights"));
        tamperWithStoredBytes(path("model.bin"), "tampered weights".getBytes(StandardCharsets.UTF_8));

        InputStream verified = store.get(path("model.bin"), true);
        assertThatThrownBy(verified::readAllBytes)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model.bin")
                .hasMessageContaining("SHA-256");
        verified.close();
        // Without verification, the bytes come through as they are.
        assertThat(read(store.get(path("model.bin"), false))).isEqualTo("tampered weights");
    }

    @Test
    void verifyOnReadDetectsTruncation() throws Exception {
        store.put(path("model.bin"), bytes("original weights"));
        tamperWithStoredBytes(path("model.bin"), "orig".getBytes(StandardCharsets.UTF_8));

        try (InputStream verified = store.get(path("model.bin"), true)) {
            assertThatThrownBy(verified::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("bytes");
        }
    }

    @Test
    void putOfFailingStreamLeavesNothingVisible() {
        assertThatThrownBy(() -> store.put(path("partial.bin"), TestStreams.failingAfter(100_000)))
                .isInstanceOf(GyreException.class)
                .hasMessageContaining("partial.bin");

        assertThat(store.head(path("partial.bin"))).isEmpty();
        assertThat(store.list(null, null, 10).items()).isEmpty();
    }

    @Test
    void putOfFailingStreamKeepsPreviousContentIntact() throws IOException {
        store.put(path("weights.bin"), bytes("good"));

        assertThatThrownBy(() -> store.put(path("weights.bin"), TestStreams.failingAfter(1_000_000)))
                .isInstanceOf(GyreException.class);

        assertThat(read(store.get(path("weights.bin"), true))).isEqualTo("good");
        assertThat(store.head(path("weights.bin")).orElseThrow().size()).isEqualTo(4);
    }

    @Test
    void concurrentPutsToOnePathLeaveOneCompleteVerifiedVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ArtifactInfo>> writes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                writes.add(pool.submit(() -> store.put(path("shared.bin"), TestStreams.seeded(seed, 200_000 + seed))));
            }
            List<String> written = new ArrayList<>();
            for (Future<ArtifactInfo> write : writes) {
                written.add(write.get().sha256());
            }
            ArtifactInfo head = store.head(path("shared.bin")).orElseThrow();
            assertThat(written).contains(head.sha256());
            assertThat(TestStreams.sha256(store.get(path("shared.bin"), true))).isEqualTo(head.sha256());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hundredMegabyteRoundTripKeepsSha256() throws IOException {
        long size = 100L * 1024 * 1024;
        String expected = TestStreams.sha256(TestStreams.seeded(42, size));

        ArtifactInfo info = store.put(path("big/model.bin"), TestStreams.seeded(42, size));

        assertThat(info.size()).isEqualTo(size);
        assertThat(info.sha256()).isEqualTo(expected);
        assertThat(store.head(path("big/model.bin")).orElseThrow().sha256()).isEqualTo(expected);
        assertThat(TestStreams.sha256(store.get(path("big/model.bin"), true))).isEqualTo(expected);
    }

    @Test
    void checkReadySucceedsOnAWorkingStore() {
        store.checkReady();
    }
}
