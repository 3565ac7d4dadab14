package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStore} contract; run once per artifact store backend by the subclasses. */
abstract class BlobStoreContract {

    @TempDir
    Path tempDir;

    CountingArtifactStore store;
    BlobStore blobs;

    /** A fresh, empty artifact store. */
    protected abstract ArtifactStore newStore() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = new CountingArtifactStore(newStore());
        blobs = new BlobStore(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void storesBlobUnderItsShaAndReadsItBack() throws IOException {
        byte[] content = "id,survived\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8);
        String sha = Digests.sha256Hex(content);

        BlobStore.PutResult result = blobs.put(sha, new ByteArrayInputStream(content), content.length);

        assertThat(result).isEqualTo(new BlobStore.PutResult(sha, content.length, true));
        assertThat(blobs.has(sha)).isTrue();
        assertThat(blobs.size(sha)).contains((long) content.length);
        assertThat(store.head(ArtifactPath.of("datasets/blobs/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2))))
                .get().extracting(info -> info.sha256()).isEqualTo(sha);
        try (InputStream in = blobs.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(blobs.readAll(sha, 1000)).isEqualTo(content);
    }

    @Test
    void addingIdenticalContentAgainUploadsNothing() throws IOException {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17);
        Path file = Files.write(tempDir.resolve("big.bin"), content);
        String sha = Digests.sha256Hex(content);
        assertThat(blobs.put(sha, file).uploaded()).isTrue();
        assertThat(store.puts()).isEqualTo(1);
        assertThat(store.bytesUploaded()).isEqualTo(content.length);
        store.reset();

        BlobStore.PutResult again = blobs.put(sha, file);
        BlobStore.PutResult againFromStream = blobs.put(sha, new ByteArrayInputStream(content), content.length);

        assertThat(again.uploaded()).isFalse();
        assertThat(againFromStream.uploaded()).isFalse();
        assertThat(store.puts()).isZero();
        assertThat(store.bytesUploaded()).isZero();
        assertThat(blobs.missing(List.of(sha))).isEmpty();
    }

    @Test
    void refusesContentThatDoesNotHashToItsNameAndKeepsNothing() {
        byte[] content = "real bytes".getBytes(StandardCharsets.UTF_8);
        String claimed = Digests.sha256Hex("other bytes".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> blobs.put(claimed, new ByteArrayInputStream(content), content.length))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("hashes to " + Digests.sha256Hex(content))
                .hasMessageContaining("Nothing was stored");

        assertThat(blobs.has(claimed)).isFalse();
        assertThat(store.list("datasets/", null, 10).items()).isEmpty();
    }

    @Test
    void refusesContentOfAnotherSizeThanDeclared() {
        byte[] content = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        String sha = Digests.sha256Hex(content);

        assertThatThrownBy(() -> blobs.put(sha, new ByteArrayInputStream(content), 5))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("more than the declared 5 bytes");
        assertThatThrownBy(() -> blobs.put(sha, new ByteArrayInputStream(content), 20))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("has 12 bytes, but blob " + sha + " was declared with 20");
        assertThat(blobs.has(sha)).isFalse();
    }

    @Test
    void listsTheBlobsItLacksInTheOrderAsked() {
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        String shaA = Digests.sha256Hex(a);
        String shaB = Digests.sha256Hex("b".getBytes(StandardCharsets.UTF_8));
        String shaC = Digests.sha256Hex("c".getBytes(StandardCharsets.UTF_8));
        blobs.put(shaA, new ByteArrayInputStream(a), 1);

        assertThat(blobs.missing(List.of(shaC, shaA, shaB, shaC.toUpperCase()))).containsExactly(shaC, shaB);
    }

    @Test
    void readsThatDoNotMatchTheNameFailAtTheEnd() {
        byte[] content = "some content".getBytes(StandardCharsets.UTF_8);
        String sha = Digests.sha256Hex(content);
        blobs.put(sha, new ByteArrayInputStream(content), content.length);
        store.corruptReads(true);

        assertThatThrownBy(() -> {
            try (InputStream in = blobs.open(sha)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("Stored blob " + sha + " hashes to");
    }

    @Test
    void missingBlobsAndMalformedNamesAreClearErrors() {
        String sha = "ab".repeat(32);

        assertThat(blobs.has(sha)).isFalse();
        assertThatThrownBy(() -> blobs.open(sha)).isInstanceOf(GyreException.NotFound.class)
                .hasMessageContaining("upload it first");
        assertThatThrownBy(() -> blobs.has("not-a-hash")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("64 hexadecimal digits");
        assertThatThrownBy(() -> blobs.has("../" + sha.substring(3))).isInstanceOf(GyreException.InvalidArgument.class);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
