package dev.gyre.data.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.data.version.ContentHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvcExporterTest {

    @TempDir
    Path tempDir;

    final DvcExporter exporter = new DvcExporter();

    @Test
    void exportsAFileAsADvc3FileAndObject() throws Exception {
        Path workspace = Files.createDirectories(tempDir.resolve("ws"));
        Path file = Files.writeString(workspace.resolve("hello.txt"), "hello\n");
        Path remote = tempDir.resolve("remote");

        DvcExporter.Export export = exporter.export(file, workspace.resolve("hello.txt.dvc"), remote);

        assertThat(workspace.resolve("hello.txt.dvc")).hasContent("""
                outs:
                - md5: b1946ac92492d2347c6235b4d2611184
                  size: 6
                  hash: md5
                  path: hello.txt
                """);
        assertThat(remote.resolve("files/md5/b1/946ac92492d2347c6235b4d2611184")).hasContent("hello\n");
        assertThat(export.sha256()).isEqualTo(new ContentHasher().hashFile(file).sha256());
        assertThat(export.objectsWritten()).isEqualTo(1);
    }

    @Test
    void exportedDirectoryReimportsIdentically() throws Exception {
        Path workspace = Files.createDirectories(tempDir.resolve("ws"));
        Path data = workspace.resolve("data");
        for (String[] entry : DvcManifestTest.ENTRIES) {
            Path path = data.resolve(entry[0]);
            Files.createDirectories(path.getParent());
            Files.write(path, entry[1].getBytes(StandardCharsets.UTF_8));
        }
        Path remote = tempDir.resolve("remote");

        DvcExporter.Export export = exporter.export(data, workspace.resolve("data.dvc"), remote);
        DvcImport reimported = new DvcImporter().importFrom(workspace.resolve("data.dvc"), remote,
                tempDir.resolve("copy"));

        assertThat(workspace.resolve("data.dvc")).hasContent("""
                outs:
                - md5: 82d31bfd2ee46156276aa4e46d53765f.dir
                  size: 18
                  nfiles: 5
                  hash: md5
                  path: data
                """);
        assertThat(remote.resolve("files/md5/82/d31bfd2ee46156276aa4e46d53765f.dir"))
                .hasContent(DvcManifestTest.EXPECTED_JSON);
        assertThat(export.objectsWritten()).isEqualTo(6);
        for (String[] entry : DvcManifestTest.ENTRIES) {
            assertThat(tempDir.resolve("copy/data").resolve(entry[0]))
                    .hasSameBinaryContentAs(data.resolve(entry[0]));
        }
        assertThat(reimported.outs().get(0).sha256()).isEqualTo(export.sha256());
        assertThat(reimported.outs().get(0).out()).isEqualTo(export.out());

        DvcExporter.Export again = exporter.export(data, workspace.resolve("data.dvc"), remote);
        assertThat(again.objectsWritten()).isZero();
        assertThat(again.objectsPresent()).isEqualTo(6);
    }

    @Test
    void refusesDataOutsideTheDvcFilesFolder() throws Exception {
        Path file = Files.writeString(tempDir.resolve("x.csv"), "x");

        assertThatThrownBy(() -> exporter.export(file, tempDir.resolve("sub/x.csv.dvc"), tempDir.resolve("r")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("is not below the folder");
    }
}
