package dev.gyre.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed right after its writes were acknowledged keeps them: another JVM migrates the
 * embedded database, commits rows one by one and halts at once (no shutdown hooks, no close); the
 * database reopened here has the complete schema history and every row.
 */
class EmbeddedDurabilityTest {

    static final int ROWS = 200;

    @TempDir
    Path home;

    @Test
    void acknowledgedWritesSurviveAKilledProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = home.resolveSibling(home.getFileName() + "-writer.log");
        Process writer = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), home.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
        assertThat(writer.exitValue()).as("writer halted after its last commit: " + Files.readString(log)).isEqualTo(Writer.HALTED);

        try (Database database = new Database(DatabaseSettings.embedded(home))) {
            MigrationResult again = database.migrate();
            assertThat(again.applied()).as("migrations already recorded").isZero();
            int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM durability_probe").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(ROWS);
        }
    }

    /** Runs in the child JVM: migrate, commit {@link #ROWS} rows, halt without closing anything. */
    public static final class Writer {
        static final int HALTED = 42;

        public static void main(String[] args) {
            Database database = new Database(DatabaseSettings.embedded(Path.of(args[0])));
            database.migrate();
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE durability_probe (id INT PRIMARY KEY)"));
            for (int i = 0; i < ROWS; i++) {
                int id = i;
                database.jdbi().useHandle(h -> h.execute("INSERT INTO durability_probe VALUES (?)", id));
            }
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
