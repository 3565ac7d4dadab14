package dev.gyre.client;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data client against a real platform; a misbehaving server only for what a platform never sends. */
class DataClientTest {

    /** The bytes of a small CSV file no other test uploads (blobs are shared by the whole platform). */
    private static byte[] csv() {
        return ("id,city\n1,Oslo\n2,Lima\n3," + unique("city") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @TempDir
    static Path home;

    static RunningPlatform platform;
    static DataClient data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = RunningPlatform.start(home);
        data = platform.admin().data();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String newProject() {
        String project = unique("data");
        platform.admin().createProject(project, null);
        return project;
    }

    @Test
    void blobsAreUploadedOnceAndAVersionIsCreatedOnce() throws Exception {
        String project = newProject();
        byte[] bytes = csv();
        Path file = Files.write(tmp.resolve("cities.csv"), bytes);
        String sha = sha256(bytes);
        List<long[]> progress = new ArrayList<>();

        assertThat(data.missingBlobs(project, List.of(sha, sha))).containsExactly(sha);
        BlobUpload upload = data.uploadBlob(project, sha, file, (done, total) -> progress.add(new long[] {done, total}));
        CreatedDataVersion first = data.createVersion(project, "cities", NewDataVersion.file(sha, bytes.length, "file:cities.csv"));
        CreatedDataVersion second = data.createVersion(project, "cities", NewDataVersion.file(sha, bytes.length, "file:cities.csv"));

        assertThat(upload).isEqualTo(new BlobUpload(sha, bytes.length, true));
        assertThat(progress.get(progress.size() - 1)).containsExactly(bytes.length, bytes.length);
        assertThat(data.missingBlobs(project, List.of(sha))).isEmpty();
        assertThat(first.created()).isTrue();
        assertThat(first.version().ref()).isEqualTo("cities@1");
        assertThat(first.version().rowCount()).isEqualTo(3);
        assertThat(first.version().schema()).extracting(DataColumn::name).containsExactly("id", "city");
        assertThat(second.created()).isFalse();
        assertThat(second.version().id()).isEqualTo(first.version().id());
        assertThat(data.listDataSets(project)).singleElement()
                .satisfies(s -> assertThat(s.latest().ref()).isEqualTo("cities@1"));
        assertThat(data.getVersion(project, "cities@latest").profile().path("rowCount").asInt()).isEqualTo(3);
    }

    @Test
    void aBlobWhoseBytesAreNotItsNameIsRefused() throws Exception {
        String project = newProject();
        Path file = Files.write(tmp.resolve("cities.csv"), csv());
        String other = sha256("something else".getBytes(StandardCharsets.UTF_8));

        GyreClientException e = catchThrowableOfType(() -> data.uploadBlob(project, other, file, null),
                GyreClientException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("changed since it was hashed");
        assertThat(data.missingBlobs(project, List.of(other))).containsExactly(other);
    }

    @Test
    void downloadsAreCheckedAndACorruptedOneLeavesNoFile() throws Exception {
        String project = newProject();
        byte[] bytes = csv();
        String sha = sha256(bytes);
        data.uploadBlob(project, sha, bytes);
        data.createVersion(project, "cities", NewDataVersion.file(sha, bytes.length, "file:cities.csv"));

        Path target = tmp.resolve("out/cities.csv");
        DataDownload download = data.download(project, "cities@1", "training", null, target, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.download(project, "cities@1", null, null, out, null);

        assertThat(download).isEqualTo(new DataDownload(target.toAbsolutePath(), bytes.length, sha));
        assertThat(target).hasBinaryContent(bytes);
        assertThat(out.toByteArray()).isEqualTo(bytes);

        try (MisbehavingServer liar = MisbehavingServer.downloadAnnouncing(sha, "tampered".getBytes(StandardCharsets.UTF_8))) {
            DataClient lied = GyreClient.builder().url(liar.url()).token("gyr_x").build().data();
            Path corrupted = tmp.resolve("corrupted/cities.csv");
            GyreClientException e = catchThrowableOfType(
                    () -> lied.download(project, "cities@1", null, null, corrupted, null), GyreClientException.class);
            assertThat(e.getMessage()).contains("is corrupted", "Download it again");
            try (var left = Files.list(corrupted.getParent())) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void unknownVersionsAreNotFoundWithThePlatformsMessage() {
        String project = newProject();

        GyreClientException e = catchThrowableOfType(() -> data.getVersion(project, "nothing@1"), GyreClientException.class);

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isNotBlank();
    }
}
