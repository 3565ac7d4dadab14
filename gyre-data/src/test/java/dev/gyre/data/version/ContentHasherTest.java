package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHasherTest {

    @TempDir
    Path tempDir;

    private final ContentHasher hasher = new ContentHasher();

    @Test
    void hashesAFileWithSha256AndMd5InOnePass() throws Exception {
        Path file = Files.writeString(tempDir.resolve("abc.txt"), "abc");

        FileHash hash = hasher.hashFile(file);

        assertThat(hash.size()).isEqualTo(3);
        assertThat(hash.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hash.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(hash.fromCache()).isFalse();
    }

    @Test
    void hashesFilesLargerThanTheBufferAndEmptyFiles() throws Exception {
        byte[] content = BlobStoreContract.randomBytes(ContentHasher.BUFFER_SIZE * 2 + 12345);
        Path big = Files.write(tempDir.resolve("big.bin"), content);
        Path empty = Files.write(tempDir.resolve("empty.bin"), new byte[0]);

        assertThat(hasher.hashFile(big).sha256()).isEqualTo(hex("SHA-256", content));
        assertThat(hasher.hashFile(big).md5()).isEqualTo(hex("MD5", content));
        assertThat(hasher.hashFile(empty).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hashesADirectoryAsTheSha256OfItsCanonicalManifest() throws Exception {
        Path dir = tempDir.resolve("data");
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("b/train.csv"), "abc");
        Files.writeString(dir.resolve("a.csv"), "");
        Files.writeString(dir.resolve("say \"hi\".txt"), "abc");

        DirectoryHash hash = hasher.hashDirectory(dir);

        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String expected = "{\"version\":1,\"files\":["
                + "{\"path\":\"a.csv\",\"size\":0,\"sha256\":\"" + empty + "\"},"
                + "{\"path\":\"b/train.csv\",\"size\":3,\"sha256\":\"" + abc + "\"},"
                + "{\"path\":\"say \\\"hi\\\".txt\",\"size\":3,\"sha256\":\"" + abc + "\"}]}";
        assertThat(new String(hash.manifest().toBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(hash.sha256()).isEqualTo(hex("SHA-256", expected.getBytes(StandardCharsets.UTF_8)));
        assertThat(hash.fileCount()).isEqualTo(3);
        assertThat(hash.totalSize()).isEqualTo(6);
        assertThat(hash.files()).extracting(DirectoryHash.HashedFile::path)
                .containsExactly("a.csv", "b/train.csv", "say \"hi\".txt");
        assertThat(hash.files().get(1).hash().md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void sameContentGivesTheSameDirectoryHashWhereverItLives() throws Exception {
        for (String name : new String[] {"one", "two"}) {
            Path dir = Files.createDirectories(tempDir.resolve(name).resolve("x"));
            Files.writeString(dir.resolve("f.txt"), "same");
        }

        assertThat(hasher.hashDirectory(tempDir.resolve("one")).sha256())
                .isEqualTo(hasher.hashDirectory(tempDir.resolve("two")).sha256());
    }

    @Test
    void refusesSymbolicLinksInsideADirectory() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("data"));
        Path outside = Files.writeString(tempDir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(dir.resolve("link.txt"), outside);

        assertThatThrownBy(() -> hasher.hashDirectory(dir))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void missingPathsAndWrongKindsAreClearErrors() throws Exception {
        Path file = Files.writeString(tempDir.resolve("f.txt"), "x");

        assertThatThrownBy(() -> hasher.hashFile(tempDir.resolve("nope.csv")))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> hasher.hashFile(tempDir)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> hasher.hashDirectory(file)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("not a directory");
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
