package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoresTest {

    private static final S3Settings S3 = new S3Settings(URI.create("http://127.0.0.1:9"), "eu-west-1", true,
            "key", "secret", S3Settings.DEFAULT_MULTIPART_THRESHOLD, S3Settings.DEFAULT_PART_SIZE);

    @TempDir
    Path temp;

    @Test
    void unknownSchemeMessageListsTheKnownSchemes() {
        assertThatThrownBy(() -> ArtifactStores.forUri("ftp://host/artifacts", S3))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'ftp'")
                .hasMessageContaining("known schemes: file, s3");
    }

    @Test
    void uriWithoutSchemeIsRefusedWithTheKnownSchemes() {
        for (String uri : new String[] {"/var/artifacts", "relative/folder", "", "   "}) {
            assertThatThrownBy(() -> ArtifactStores.forUri(uri, S3))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("file, s3");
        }
        assertThatThrownBy(() -> ArtifactStores.forUri(null, S3)).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void fileUrisInBothSpellingsOpenAFileStoreInThatFolder() throws Exception {
        Path folder = temp.resolve("with space");
        for (String uri : new String[] {"file:" + folder.toUri().getRawPath(), folder.toUri().toString()}) {
            try (ArtifactStore store = ArtifactStores.forUri(uri, null)) {
                assertThat(store).isInstanceOf(FileArtifactStore.class);
                store.put(ArtifactPath.of("a.txt"), new ByteArrayInputStream(new byte[] {1, 2}));
                assertThat(Files.size(folder.resolve("a.txt"))).isEqualTo(2);
                assertThat(ArtifactStores.forUri(store.uri(), null).head(ArtifactPath.of("a.txt"))).isPresent();
            }
        }
    }

    @Test
    void relativeOrRemoteFileUrisAreRefused() {
        assertThatThrownBy(() -> ArtifactStores.forUri("file:relative/folder", null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> ArtifactStores.forUri("file://fileserver/share", null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> ArtifactStores.forUri("file:/tmp/x?mode=rw", null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void s3UriNamesBucketAndPrefix() {
        try (ArtifactStore store = ArtifactStores.forUri("s3://my-bucket/team/runs/", S3)) {
            assertThat(store).isInstanceOf(S3ArtifactStore.class);
            assertThat(store.uri()).isEqualTo("s3://my-bucket/team/runs");
        }
        try (ArtifactStore store = ArtifactStores.forUri("S3://my-bucket", S3)) {
            assertThat(store.uri()).isEqualTo("s3://my-bucket");
        }
    }

    @Test
    void s3UriWithoutBucketOrWithUnsafePrefixIsRefused() {
        assertThatThrownBy(() -> ArtifactStores.forUri("s3:///prefix", S3))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> ArtifactStores.forUri("s3://bucket/a/../../b", S3))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> ArtifactStores.forUri("s3://key:secret@bucket/p", S3))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("credentials");
    }
}
