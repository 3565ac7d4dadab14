package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackagesTest {
    private static ModelPackage pkg;
    private static byte[] bytes;

    @BeforeAll
    static void write() {
        pkg = Titanic.logisticPackage();
        bytes = toBytes(pkg);
    }

    @Test
    void roundTripPredictsEveryRowIdentically(@TempDir Path dir) {
        Path file = dir.resolve("titanic-1.zip");
        ModelPackages.write(pkg, file);
        ModelPackage read = ModelPackages.read(file);
        Table table = Titanic.passengers();
        GyreModel before = GyreModel.of(pkg);
        GyreModel after = GyreModel.of(read);
        for (int i = 0; i < table.rowCount(); i++) {
            Map<String, Object> row = table.row(i);
            assertThat(after.predict(row)).as("row %d", i).isEqualTo(before.predict(row));
        }
        assertThat(read.signature()).isEqualTo(pkg.signature());
        assertThat(read.metadata()).isEqualTo(pkg.metadata());
        assertThat(read.reference()).isPresent();
        assertThat(read.reference().get().detector().toJson()).isEqualTo(pkg.reference().get().detector().toJson());
    }

    @Test
    void writingIsDeterministicAndListsEveryFileWithItsHash() throws IOException {
        assertThat(toBytes(pkg)).isEqualTo(bytes);
        Map<String, byte[]> files = entries(bytes);
        assertThat(files.keySet()).containsExactly("MANIFEST.json", "model.gyrm", "features.json", "signature.json",
                "metadata.json", "reference/profile.bin", "reference/outliers.json");
        String manifest = new String(files.get("MANIFEST.json"), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"format\" : \"gyre.model-package\"", "\"format_version\" : 1",
                ModelPackages.sha256(files.get("model.gyrm")));
    }

    @Test
    void aChangedByteInTheModelIsRefusedByItsChecksum() throws IOException {
        Map<String, byte[]> files = entries(bytes);
        byte[] model = files.get("model.gyrm");
        model[model.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(files))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'model.gyrm' does not match its SHA-256");
    }

    @Test
    void pathTraversalAndAbsoluteEntriesAreRefused() throws IOException {
        for (String name : new String[] {"../evil.json", "reference/../../evil", "/etc/evil", "C:\\evil", "a//b"}) {
            Map<String, byte[]> files = entries(bytes);
            files.put(name, new byte[] {1});
            assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(files))))
                    .as(name)
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("unsafe path");
        }
    }

    @Test
    void aRepeatedEntryIsRefused() throws IOException {
        Map<String, byte[]> files = entries(bytes);
        files.put("model.gyrX", files.get("model.gyrm"));
        byte[] patched = replace(zip(files), "model.gyrX", "model.gyrm");
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(patched)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'model.gyrm' appears twice");
    }

    @Test
    void anEntryUnpackingBeyondTheLimitStopsTheRead() throws IOException {
        Map<String, byte[]> files = entries(bytes);
        files.put("features.json", new byte[4 << 20]); // 4 MiB of zeros compresses to a few KiB
        byte[] bomb = zip(files);
        assertThat(bomb.length).isLessThan(1 << 20);
        PackageLimits limits = new PackageLimits(1 << 20, 8 << 20, 32);
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(bomb), limits))
                .isInstanceOf(GyreException.TooLarge.class)
                .hasMessageContaining("'features.json' unpacks to more than 1048576 bytes");
        PackageLimits total = new PackageLimits(8 << 20, 2 << 20, 32);
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(bomb), total))
                .isInstanceOf(GyreException.TooLarge.class);
    }

    @Test
    void anUnknownFormatVersionIsRefusedClearly() throws IOException {
        Map<String, byte[]> files = entries(bytes);
        String manifest = new String(files.get("MANIFEST.json"), StandardCharsets.UTF_8)
                .replace("\"format_version\" : 1", "\"format_version\" : 2");
        files.put("MANIFEST.json", manifest.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(files))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("format version 2")
                .hasMessageContaining("reads version 1 only");
    }

    @Test
    void missingUnlistedAndForeignFilesAreRefused() throws IOException {
        Map<String, byte[]> noSignature = entries(bytes);
        noSignature.remove("signature.json");
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(noSignature))))
                .hasMessageContaining("'signature.json' listed in the manifest is missing");
        Map<String, byte[]> extra = entries(bytes);
        extra.put("notes.txt", new byte[] {1});
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(extra))))
                .hasMessageContaining("'notes.txt' is not listed in the manifest");
        Map<String, byte[]> noManifest = entries(bytes);
        noManifest.remove("MANIFEST.json");
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream(zip(noManifest))))
                .hasMessageContaining("no MANIFEST.json");
        assertThatThrownBy(() -> ModelPackages.read(new ByteArrayInputStream("not a zip".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void aMissingFileIsNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelPackages.read(dir.resolve("absent.zip")))
                .isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void aPackageWithoutReferenceRoundTrips() {
        ModelPackage bare = ModelPackage.of(pkg.features(), pkg.model(), pkg.metadata(), null);
        ModelPackage read = ModelPackages.read(new ByteArrayInputStream(toBytes(bare)));
        assertThat(read.reference()).isEmpty();
        assertThat(read.signature()).isEqualTo(pkg.signature());
    }

    static byte[] toBytes(ModelPackage p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelPackages.write(p, out);
        return out.toByteArray();
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Replaces every occurrence of an ASCII name of the same length, headers included. */
    private static byte[] replace(byte[] zip, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = zip.clone();
        for (int i = 0; i + a.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
            }
        }
        return out;
    }
}
