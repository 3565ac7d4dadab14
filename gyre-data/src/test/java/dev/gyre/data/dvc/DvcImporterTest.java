package dev.gyre.data.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.data.version.BlobStore;
import dev.gyre.store.artifact.FileArtifactStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports from DVC caches built by hand, as DVC lays them out. */
class DvcImporterTest {

    @TempDir
    Path tempDir;

    Path project;
    Path cache;
    Path target;
    final DvcImporter importer = new DvcImporter();

    @BeforeEach
    void setUp() throws Exception {
        project = Files.createDirectories(tempDir.resolve("project"));
        cache = Files.createDirectories(project.resolve(".dvc/cache"));
        target = tempDir.resolve("target");
    }

    @Test
    void importsADvc3DirectoryVerifyingEveryMd5() throws Exception {
        writeTrackedDirectory();

        DvcImport result = importer.importFrom(project.resolve("data.dvc"), target);

        DvcImport.Output out = result.outs().get(0);
        assertThat(out.location()).isEqualTo(target.resolve("data"));
        assertThat(out.out().md5()).isEqualTo("82d31bfd2ee46156276aa4e46d53765f.dir");
        assertThat(out.files()).extracting(DvcImport.File::relpath)
                .containsExactly("a-b/y.csv", "a/x.txt", "caf\u00e9/men\u00fc.txt", "emoji-\uD83D\uDE00.bin", "q\"uote.txt");
        for (String[] entry : DvcManifestTest.ENTRIES) {
            byte[] content = entry[1].getBytes(StandardCharsets.UTF_8);
            Path written = target.resolve("data").resolve(entry[0]);
            assertThat(written).hasBinaryContent(content);
            DvcImport.File file = out.files().stream().filter(f -> f.relpath().equals(entry[0])).findFirst().orElseThrow();
            assertThat(file.md5()).isEqualTo(DvcManifestTest.md5(content));
            assertThat(file.size()).isEqualTo(content.length);
            assertThat(file.file()).isEqualTo(written);
        }
        assertThat(out.size()).isEqualTo(18);
        assertThat(Files.list(target).map(p -> p.getFileName().toString()).toList()).containsExactly("data");
    }

    @Test
    void importedFilesGoIntoTheBlobStoreUnderTheirSha256AndGyreManifest() throws Exception {
        writeTrackedDirectory();
        DvcImport.Output out = importer.importFrom(project.resolve("data.dvc"), cache, target).outs().get(0);
        BlobStore blobs = new BlobStore(new FileArtifactStore(tempDir.resolve("artifacts")));

        for (DvcImport.File file : out.files()) {
            blobs.put(file.sha256(), file.file());
        }
        byte[] manifest = out.manifest().toBytes();
        blobs.put(out.sha256(), new ByteArrayInputStream(manifest), manifest.length);

        assertThat(blobs.missing(out.files().stream().map(DvcImport.File::sha256).toList())).isEmpty();
        assertThat(blobs.has(out.sha256())).isTrue();
    }

    @Test
    void importsALegacyFileWhoseHashTurnedCrlfIntoLf() throws Exception {
        byte[] content = "id,name\r\n1,Ann\r\n".getBytes(StandardCharsets.UTF_8);
        String legacyMd5 = DvcManifestTest.md5("id,name\n1,Ann\n".getBytes(StandardCharsets.UTF_8));
        Path object = cache.resolve(legacyMd5.substring(0, 2)).resolve(legacyMd5.substring(2));
        Files.createDirectories(object.getParent());
        Files.write(object, content);
        Files.writeString(project.resolve("people.csv.dvc"), "outs:\n- md5: " + legacyMd5 + "\n  size: 16\n"
                + "  path: people.csv\n");

        DvcImport.Output out = importer.importFrom(project.resolve("people.csv.dvc"), target).outs().get(0);

        assertThat(out.out().isLegacy()).isTrue();
        assertThat(target.resolve("people.csv")).hasBinaryContent(content);
        assertThat(out.files().get(0).md5()).isEqualTo(DvcManifestTest.md5(content));
    }

    @Test
    void refusesACorruptedCacheObjectAndWritesNothingOfThatOutput() throws Exception {
        writeTrackedDirectory();
        String md5 = DvcManifestTest.md5("hello\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(object(md5), "hellO\n");

        assertThatThrownBy(() -> importer.importFrom(project.resolve("data.dvc"), target))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("The DVC cache object for 'data/a/x.txt' (md5 " + md5 + ") is corrupted")
                .hasMessageContaining("dvc fetch");
        assertThat(target.resolve("data")).doesNotExist();
        try (var left = Files.list(target)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesACorruptedManifestAndReportsMissingObjects() throws Exception {
        writeTrackedDirectory();
        Path manifest = object("82d31bfd2ee46156276aa4e46d53765f.dir");
        Files.writeString(manifest, Files.readString(manifest).replace("y.csv", "z.csv"));

        assertThatThrownBy(() -> importer.importFrom(project.resolve("data.dvc"), target))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("(its manifest)");

        Files.delete(manifest);
        assertThatThrownBy(() -> importer.importFrom(project.resolve("data.dvc"), target))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("'dvc fetch' or 'dvc pull'");
        assertThatThrownBy(() -> importer.importFrom(tempDir.resolve("elsewhere/x.dvc"), target))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("No DVC cache");
    }

    /** A DVC 3 tracked directory "data" of the files of {@link DvcManifestTest#ENTRIES}, in the cache only. */
    private void writeTrackedDirectory() throws Exception {
        List<String> md5s = new ArrayList<>();
        for (String[] entry : DvcManifestTest.ENTRIES) {
            byte[] content = entry[1].getBytes(StandardCharsets.UTF_8);
            String md5 = DvcManifestTest.md5(content);
            md5s.add(md5);
            Files.write(object(md5), content);
        }
        byte[] manifest = DvcManifestTest.EXPECTED_JSON.getBytes(StandardCharsets.US_ASCII);
        String manifestMd5 = DvcManifestTest.md5(manifest);
        Files.write(object(manifestMd5 + ".dir"), manifest);
        Files.writeString(project.resolve("data.dvc"), "outs:\n- md5: " + manifestMd5 + ".dir\n  size: 18\n"
                + "  nfiles: 5\n  hash: md5\n  path: data\n");
        assertThat(md5s).hasSize(5);
    }

    private Path object(String name) throws Exception {
        Path path = cache.resolve("files/md5").resolve(name.substring(0, 2)).resolve(name.substring(2));
        Files.createDirectories(path.getParent());
        return path;
    }
}
