package dev.gyre.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unreachable databases: nothing listens on port 1, and H2 cannot create a database below a file. */
class DatabaseFailureTest {

    private static final String PASSWORD = "Sup3r-s3cret-pw";

    @TempDir
    Path tempDir;

    private static DatabaseSettings unreachablePostgres(String url) {
        return new DatabaseSettings(url, "gyre", PASSWORD, 2, null, Duration.ofMillis(500));
    }

    @Test
    void openingDoesNotConnect() {
        try (Database database = new Database(unreachablePostgres("jdbc:postgresql://127.0.0.1:1/gyre"))) {
            assertThat(database.dialect()).isEqualTo(Dialect.POSTGRES);
        }
    }

    @Test
    void checkReadyOnUnreachablePostgresIsNotReadyWithoutThePassword() {
        try (Database database = new Database(unreachablePostgres("jdbc:postgresql://127.0.0.1:1/gyre"))) {
            assertThatThrownBy(database::checkReady)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageStartingWith("Unable to connect to the metadata database at jdbc:postgresql://127.0.0.1:1/gyre: ")
                    .hasMessageContaining("--db")
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void migrateOnUnreachablePostgresIsNotReadyWithoutThePasswordInTheUrl() {
        String url = "jdbc:postgresql://127.0.0.1:1/gyre?password=" + PASSWORD;
        try (Database database = new Database(unreachablePostgres(url))) {
            assertThatThrownBy(database::migrate)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("password=****")
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void storeOperationOnUnreachableDatabaseIsNotReady() {
        try (Database database = new Database(unreachablePostgres("jdbc:postgresql://127.0.0.1:1/gyre"))) {
            JdbcUserStore users = new JdbcUserStore(database);
            assertThatThrownBy(users::count)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void touchOnUnreachableDatabaseDoesNotThrow() {
        try (Database database = new Database(unreachablePostgres("jdbc:postgresql://127.0.0.1:1/gyre"))) {
            new JdbcTokenStore(database).touch(1L, Instant.parse("2030-01-01T00:00:00Z"));
        }
    }

    @Test
    void h2BelowARegularFileIsNotReady() throws IOException {
        Path file = Files.writeString(tempDir.resolve("not-a-directory"), "x");
        try (Database database = new Database(DatabaseSettings.embedded(file)
                .withConnectTimeout(Duration.ofMillis(500)))) {
            assertThatThrownBy(database::migrate)
                    .isInstanceOf(GyreException.NotReady.class)
                    .hasMessageStartingWith("Unable to connect to the metadata database at jdbc:h2:file:");
        }
    }

    @Test
    void unsupportedSchemeIsRejectedBeforeAnyConnection() {
        assertThatThrownBy(() -> new Database(new DatabaseSettings("jdbc:sqlite:/tmp/x.db", null, null, 1, null)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:");
    }
}
