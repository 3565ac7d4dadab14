package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactInfo;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest extends ArtifactStoreContractTest {

    @TempDir
    Path temp;

    Path root;

    @Override
    protected ArtifactStore newStore() {
        root = temp.resolve("artifacts");
        return new FileArtifactStore(root);
    }

    @Override
    protected void tamperWithStoredBytes(ArtifactPath path, byte[] replacement) throws Exception {
        Files.write(root.resolve(path.value()), replacement);
    }

    @Test
    void artifactIsAPlainFileUnderTheRoot() throws Exception {
        store.put(path("models/v1/model.bin"), bytes("weights"));

        assertThat(Files.readString(root.resolve("models/v1/model.bin"))).isEqualTo("weights");
        assertThat(store.uri()).startsWith("file:/").endsWith("/artifacts");
    }

    @Test
    void rejectsArtifactPathThatEscapesRootThroughSymlinkedFolder() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);

        assertThatThrownBy(() -> store.get(path("link/secret.txt"), false))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("outside the artifact store")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(temp.toString()));
        assertThatThrownBy(() -> store.head(path("link/secret.txt")))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> store.put(path("link/planted.txt"), bytes("x")))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> store.put(path("link/deeper/planted.txt"), bytes("x")))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> store.delete(path("link/secret.txt")))
                .isInstanceOf(GyreException.InvalidArgument.class);

        assertThat(outside.resolve("planted.txt")).doesNotExist();
        assertThat(outside.resolve("deeper")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).exists();
        assertThat(store.list(null, null, 100).items()).isEmpty();
    }

    @Test
    void rejectsSymlinkedFileThatPointsOutsideRoot() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("innocent.txt"), secret);

        assertThatThrownBy(() -> store.get(path("innocent.txt"), false))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThat(store.list(null, null, 100).items()).isEmpty();
    }

    @Test
    void listNeverShowsTheStoresInternals() throws Exception {
        store.put(path("a.txt"), bytes("a"));
        Files.writeString(root.resolve(FileArtifactStore.TEMP_FOLDER).resolve("upload-123.tmp"), "half");

        assertThat(root.resolve(FileArtifactStore.META_FOLDER)).isDirectory();
        assertThat(store.list(null, null, 100).items()).extracting(i -> i.path().value()).containsExactly("a.txt");
        assertThat(store.list(".g", null, 100).items()).isEmpty();
    }

    @Test
    void leftoverTemporaryFilesAreInvisibleAndRemovedAtStartup() throws Exception {
        Path tempFolder = root.resolve(FileArtifactStore.TEMP_FOLDER);
        Path stale = Files.writeString(tempFolder.resolve("upload-killed.tmp"), "partial upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path inFlight = Files.writeString(tempFolder.resolve("upload-running.tmp"), "still writing");

        assertThat(store.list(null, null, 100).items()).isEmpty();
        new FileArtifactStore(root).close();

        assertThat(stale).doesNotExist();
        assertThat(inFlight).exists();
    }

    @Test
    void checkReadyRemovesLeftoverTemporaryFiles() throws Exception {
        Path stale = Files.writeString(root.resolve(FileArtifactStore.TEMP_FOLDER).resolve("meta-x.tmp"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(3, ChronoUnit.HOURS)));

        store.checkReady();

        assertThat(stale).doesNotExist();
    }

    @Test
    void crashBetweenMetadataAndDataRenameKeepsPreviousContentVerifiable() throws Exception {
        ArtifactInfo old = store.put(path("model.bin"), bytes("old weights"));
        // Keep the old data file itself (same inode and time stamp) aside.
        Path kept = temp.resolve("kept");
        Files.createLink(kept, root.resolve("model.bin"));
        store.put(path("model.bin"), bytes("new weights, longer"));
        // Undo the data rename: this is the state a crash between the two renames leaves.
        Files.move(kept, root.resolve("model.bin"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        ArtifactStore reopened = new FileArtifactStore(root);

        assertThat(reopened.head(path("model.bin")).orElseThrow().sha256()).isEqualTo(old.sha256());
        assertThat(read(reopened.get(path("model.bin"), true))).isEqualTo("old weights");
        ArtifactInfo next = reopened.put(path("model.bin"), bytes("next"));
        assertThat(reopened.head(path("model.bin"))).contains(next);
        assertThat(read(reopened.get(path("model.bin"), true))).isEqualTo("next");
    }

    @Test
    void fileCopiedIntoTheFolderByHandIsAdoptedWithItsHash() throws Exception {
        Files.createDirectories(root.resolve("imported"));
        Files.writeString(root.resolve("imported/data.csv"), "a,b\n1,2\n");
        String expected = TestStreams.sha256(new ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(store.head(path("imported/data.csv")).orElseThrow().sha256()).isEqualTo(expected);
        assertThat(read(store.get(path("imported/data.csv"), true))).isEqualTo("a,b\n1,2\n");
        assertThat(store.list(null, null, 10).items()).extracting(ArtifactInfo::sha256).containsExactly(expected);
    }

    @Test
    void headBelowAFileIsEmpty() {
        store.put(path("present.txt"), bytes("x"));

        assertThat(store.head(path("present.txt/child"))).isEmpty();
        assertThatThrownBy(() -> store.get(path("present.txt/child"), true))
                .isInstanceOf(GyreException.NotFound.class);
        assertThat(store.delete(path("present.txt/child"))).isFalse();
    }

    @Test
    void artifactCannotAlsoBeAFolder() {
        store.put(path("a"), bytes("file"));
        store.put(path("b/c"), bytes("nested"));

        assertThatThrownBy(() -> store.put(path("a/b"), bytes("x")))
                .isInstanceOf(GyreException.Conflict.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> store.put(path("b"), bytes("x")))
                .isInstanceOf(GyreException.Conflict.class)
                .hasMessageContaining("below");
        assertThat(store.list(null, null, 10).items()).extracting(i -> i.path().value()).containsExactly("a", "b/c");
    }

    @Test
    void deleteRemovesEmptyFoldersButKeepsSiblings() throws Exception {
        store.put(path("runs/1/a.txt"), bytes("a"));
        store.put(path("runs/2/b.txt"), bytes("b"));

        store.delete(path("runs/1/a.txt"));

        assertThat(root.resolve("runs/1")).doesNotExist();
        assertThat(root.resolve("runs/2/b.txt")).exists();
        try (Stream<Path> files = Files.walk(root.resolve(FileArtifactStore.META_FOLDER))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void failedUploadLeavesNoTemporaryFiles() throws Exception {
        assertThatThrownBy(() -> store.put(path("x.bin"), TestStreams.failingAfter(10_000)))
                .isInstanceOf(GyreException.Internal.class)
                .hasMessageContaining("connection reset");

        try (Stream<Path> files = Files.list(root.resolve(FileArtifactStore.TEMP_FOLDER))) {
            assertThat(files).isEmpty();
        }
    }
}
