package dev.gyre.data.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

    private static final Instant HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

    @TempDir
    Path tempDir;

    @Test
    void unchangedFileIsNotReadAgainAndTheCacheSurvivesReopening() throws Exception {
        Path file = settled(Files.writeString(tempDir.resolve("data.csv"), "a,b\n1,2\n"));
        Path cacheDir = tempDir.resolve("cache");

        FileHash first;
        FileHash second;
        try (HashCache cache = HashCache.open(cacheDir)) {
            ContentHasher hasher = new ContentHasher(cache);
            first = hasher.hashFile(file);
            second = hasher.hashFile(file);
        }
        FileHash afterReopen;
        try (HashCache cache = HashCache.open(cacheDir)) {
            afterReopen = new ContentHasher(cache).hashFile(file);
            assertThat(cache.size()).isEqualTo(1);
        }

        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(afterReopen.fromCache()).isTrue();
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.md5()).isEqualTo(first.md5());
        assertThat(afterReopen).isEqualTo(second);
    }

    @Test
    void changingTheModificationTimeOrTheSizeHashesAgain() throws Exception {
        Path file = settled(Files.writeString(tempDir.resolve("data.csv"), "a,b\n1,2\n"));
        try (HashCache cache = HashCache.open(tempDir.resolve("cache"))) {
            ContentHasher hasher = new ContentHasher(cache);
            FileHash original = hasher.hashFile(file);

            Files.setLastModifiedTime(file, FileTime.from(HOUR_AGO.plusSeconds(1)));
            FileHash touched = hasher.hashFile(file);
            FileHash touchedAgain = hasher.hashFile(file);

            Files.writeString(file, "3,4\n", StandardOpenOption.APPEND);
            settled(file);
            FileHash grown = hasher.hashFile(file);

            assertThat(touched.fromCache()).isFalse();
            assertThat(touched.sha256()).isEqualTo(original.sha256());
            assertThat(touchedAgain.fromCache()).isTrue();
            assertThat(grown.fromCache()).isFalse();
            assertThat(grown.size()).isEqualTo(original.size() + 4);
            assertThat(grown.sha256()).isNotEqualTo(original.sha256());
        }
    }

    @Test
    void doesNotRememberFilesModifiedJustBeforeHashing() throws Exception {
        Path fresh = Files.writeString(tempDir.resolve("fresh.csv"), "x");
        try (HashCache cache = HashCache.open(tempDir.resolve("cache"))) {
            ContentHasher hasher = new ContentHasher(cache);

            hasher.hashFile(fresh);

            assertThat(hasher.hashFile(fresh).fromCache()).isFalse();
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void ignoresTornAndForeignLinesInTheLog() throws Exception {
        Path file = settled(Files.writeString(tempDir.resolve("data.csv"), "x"));
        Path cacheDir = tempDir.resolve("cache");
        try (HashCache cache = HashCache.open(cacheDir)) {
            new ContentHasher(cache).hashFile(file);
        }
        Path log = cacheDir.resolve(HashCache.FILE_NAME);
        String good = Files.readString(log);
        Files.writeString(log, "garbage line\n" + good + good.substring(0, good.length() / 2),
                StandardCharsets.UTF_8);

        try (HashCache cache = HashCache.open(cacheDir)) {
            assertThat(cache.size()).isEqualTo(1);
            assertThat(new ContentHasher(cache).hashFile(file).fromCache()).isTrue();
        }
    }

    @Test
    void concurrentWritersKeepEachOthersEntries() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(settled(Files.writeString(tempDir.resolve("f" + i + ".txt"), "content " + i)));
        }
        Path cacheDir = tempDir.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int offset = writer;
                done.add(pool.submit(() -> {
                    // one cache instance per writer, as separate processes would have
                    try (HashCache cache = HashCache.open(cacheDir)) {
                        ContentHasher hasher = new ContentHasher(cache);
                        for (int i = offset; i < files.size(); i += 4) {
                            hasher.hashFile(files.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        try (HashCache cache = HashCache.open(cacheDir)) {
            assertThat(cache.size()).isEqualTo(files.size());
        }
    }

    @Test
    void directoryHashingReportsHowManyFilesCameFromTheCache() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("data"));
        settled(Files.writeString(dir.resolve("a.csv"), "a"));
        settled(Files.writeString(dir.resolve("b.csv"), "b"));
        try (HashCache cache = HashCache.open(tempDir.resolve("cache"))) {
            ContentHasher hasher = new ContentHasher(cache);
            DirectoryHash first = hasher.hashDirectory(dir);
            settled(Files.writeString(dir.resolve("b.csv"), "bb"));

            DirectoryHash second = hasher.hashDirectory(dir);

            assertThat(first.filesFromCache()).isZero();
            assertThat(second.filesFromCache()).isEqualTo(1);
            assertThat(second.sha256()).isNotEqualTo(first.sha256());
        }
    }

    @Test
    void compactsALogOfMostlySupersededLinesWhenOpened() throws Exception {
        Path file = settled(Files.writeString(tempDir.resolve("data.csv"), "x"));
        Path cacheDir = tempDir.resolve("cache");
        HashCache.Hashes hashes = new HashCache.Hashes(ContentHasherTest.hex("SHA-256", new byte[0]),
                ContentHasherTest.hex("MD5", new byte[0]));
        try (HashCache cache = HashCache.open(cacheDir)) {
            HashCache.Stamp stamp = HashCache.Stamp.of(file);
            for (int size = 0; size < 10_050; size++) {
                cache.remember(new HashCache.Stamp(stamp.path(), size, stamp.modifiedNanos(), stamp.changedNanos(),
                        stamp.fileKey()), hashes, Instant.now());
            }
            cache.remember(new HashCache.Stamp(tempDir.resolve("deleted.csv").toString(), 1, 0, -1, ""), hashes,
                    Instant.now());
        }
        Path log = cacheDir.resolve(HashCache.FILE_NAME);
        assertThat(Files.readAllLines(log)).hasSize(10_051);

        try (HashCache cache = HashCache.open(cacheDir)) {
            assertThat(cache.size()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(log)).hasSize(1);
    }

    /** Sets the modification time well in the past, as for a file that has not changed for a while. */
    private static Path settled(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(HOUR_AGO));
        return file;
    }
}
