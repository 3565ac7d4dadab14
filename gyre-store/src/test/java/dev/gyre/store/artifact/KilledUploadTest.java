package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A file-store upload in another JVM is killed with SIGKILL halfway: readers must not notice. */
class KilledUploadTest {

    private static final ArtifactPath PATH = ArtifactPath.of("models/model.bin");

    @TempDir
    Path root;

    /** The child process: starts a put that delivers 4 MiB, reports, and then stalls forever. */
    public static void main(String[] args) throws Exception {
        ArtifactStore store = new FileArtifactStore(Path.of(args[0]));
        InputStream first = TestStreams.seeded(9, 4L * 1024 * 1024);
        InputStream stalling = new InputStream() {
            private boolean reported;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                int n = first.read(buffer, offset, length);
                if (n >= 0) {
                    return n;
                }
                if (!reported) {
                    reported = true;
                    System.out.println("HALFWAY");
                    System.out.flush();
                }
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.io.IOException("interrupted");
            }
        };
        store.put(PATH, stalling);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void uploadKilledMidwayLeavesPreviousContentAndOnlyInvisibleLeftovers() throws Exception {
        new FileArtifactStore(root).put(PATH, new ByteArrayInputStream("previous".getBytes(StandardCharsets.UTF_8)));

        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                KilledUploadTest.class.getName(), root.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("HALFWAY"));
            assertThat(line).as("child reached the middle of its upload").isEqualTo("HALFWAY");
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }

        Path temp = root.resolve(FileArtifactStore.TEMP_FOLDER);
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(temp)) {
            leftovers = files.toList();
        }
        assertThat(leftovers).as("the killed upload's temporary file").isNotEmpty();

        ArtifactStore store = new FileArtifactStore(root);
        assertThat(new String(store.get(PATH, true).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("previous");
        assertThat(store.list(null, null, 10).items()).extracting(i -> i.path().value())
                .containsExactly("models/model.bin");

        // Once old enough to be certainly abandoned, the leftovers are cleaned at start-up.
        for (Path leftover : leftovers) {
            Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        }
        new FileArtifactStore(root).close();
        for (Path leftover : leftovers) {
            assertThat(leftover).doesNotExist();
        }
    }
}
