import dev.gyre.data.version.ContentHasher;
import dev.gyre.data.version.FileHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Hashes one file with Gyre's ContentHasher (SHA-256 and MD5 from one read, no cache), as `gyre data add`
 * does on a cache miss, and prints the time the hashing took inside the JVM (start-up excluded):
 *
 *   java -cp "gyre-cli/target/gyre-cli-*.jar:gyre-cli/target/lib/*" bench/DataHash.java FILE
 *   → HASH seconds=1.234 mib_per_s=829.8 sha256=…
 */
public final class DataHash {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ContentHasher hasher = new ContentHasher();
        Path empty = Files.createTempFile("gyre-hash-", ".bin");
        try {
            hasher.hashFile(empty); // loads the classes, so that only hashing is timed
        } finally {
            Files.delete(empty);
        }
        long started = System.nanoTime();
        FileHash hash = hasher.hashFile(file);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(String.format(Locale.ROOT, "HASH seconds=%.3f mib_per_s=%.1f sha256=%s", seconds,
                hash.size() / 1048576.0 / seconds, hash.sha256()));
    }
}
