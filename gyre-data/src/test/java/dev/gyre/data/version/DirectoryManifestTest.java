package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryManifestTest {

    private static final String SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void sortsByCodePointAndWritesNonAsciiAsUtf8() {
        DirectoryManifest manifest = new DirectoryManifest(List.of(
                new DirectoryManifest.Entry("z.csv", 1, SHA),
                new DirectoryManifest.Entry("\u00e9t\u00e9/x.csv", 2, SHA),
                new DirectoryManifest.Entry("a/b.csv", 3, SHA)));

        String expected = "{\"version\":1,\"files\":[{\"path\":\"a/b.csv\",\"size\":3,\"sha256\":\"" + SHA + "\"},"
                + "{\"path\":\"z.csv\",\"size\":1,\"sha256\":\"" + SHA + "\"},"
                + "{\"path\":\"\u00e9t\u00e9/x.csv\",\"size\":2,\"sha256\":\"" + SHA + "\"}]}";
        assertThat(manifest.toBytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.totalSize()).isEqualTo(6);
        assertThat(DirectoryManifest.parse(manifest.toBytes())).isEqualTo(manifest);
    }

    @Test
    void parsesOnlyTheCanonicalForm() {
        String canonical = "{\"version\":1,\"files\":[{\"path\":\"a\",\"size\":1,\"sha256\":\"" + SHA + "\"}]}";
        String spaced = "{\"version\": 1, \"files\": [{\"path\": \"a\", \"size\": 1, \"sha256\": \"" + SHA + "\"}]}";

        assertThat(DirectoryManifest.parse(canonical.getBytes(StandardCharsets.UTF_8)).files()).hasSize(1);
        assertThatThrownBy(() -> DirectoryManifest.parse(spaced.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("canonical form");
        assertThatThrownBy(() -> DirectoryManifest.parse("[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void refusesPathsThatWouldEscapeOrCollide() {
        for (String bad : new String[] {"../x", "/abs", "a//b", "a/./b", "a\\b", "line\nbreak", ""}) {
            assertThatThrownBy(() -> new DirectoryManifest.Entry(bad, 1, SHA))
                    .as(bad).isInstanceOf(GyreException.InvalidArgument.class);
        }
        assertThatThrownBy(() -> new DirectoryManifest(List.of(new DirectoryManifest.Entry("a", 1, SHA),
                new DirectoryManifest.Entry("a", 1, SHA)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new DirectoryManifest(List.of(new DirectoryManifest.Entry("a", 1, SHA),
                new DirectoryManifest.Entry("a/b", 1, SHA)))).hasMessageContaining("both as a file and as the folder");
    }
}
