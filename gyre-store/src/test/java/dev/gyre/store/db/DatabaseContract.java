package dev.gyre.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every supported database must do; run once per database by the subclasses. */
abstract class DatabaseContract {

    @TempDir
    Path tempDir;

    private Database database;

    /** A database on a fresh, empty schema. */
    protected abstract Database openUnmigrated(Path tempDir);

    protected abstract Dialect expectedDialect();

    @BeforeEach
    void open() {
        database = openUnmigrated(tempDir);
    }

    private Database database() {
        return database;
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void reportsItsDialect() {
        assertThat(database().dialect()).isEqualTo(expectedDialect());
    }

    @Test
    void migrateAppliesTheMigrationsOnceAndIsIdempotent() {
        MigrationResult first = database().migrate();
        assertThat(first.applied()).isGreaterThanOrEqualTo(1);
        assertThat(first.currentVersion()).isNotNull();

        MigrationResult second = database().migrate();
        assertThat(second.applied()).isZero();
        assertThat(second.currentVersion()).isEqualTo(first.currentVersion());
    }

    @Test
    void migrationCreatesTheTablesInLowerCase() {
        database().migrate();
        List<String> tables = database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_name IN ('users', 'api_tokens')"
                                + " AND table_schema = CURRENT_SCHEMA ORDER BY table_name")
                .mapTo(String.class)
                .list());
        assertThat(tables).containsExactly("api_tokens", "users");
    }

    @Test
    void checkReadySucceedsOnAReachableDatabase() {
        assertThatCode(() -> database().checkReady()).doesNotThrowAnyException();
    }

    @Test
    void instantsRoundTripAtMicrosecondPrecision() {
        database().migrate();
        Instant written = Instant.parse("2031-03-30T01:30:00.123456789Z");
        Instant read = database().jdbi().withHandle(handle -> handle
                .createQuery("SELECT CAST(:t AS TIMESTAMP WITH TIME ZONE)")
                .bind("t", written)
                .mapTo(Instant.class)
                .one());
        assertThat(read).isEqualTo(Instant.parse("2031-03-30T01:30:00.123456Z"));
    }

    @Test
    void nullInstantsRoundTrip() {
        Instant read = database().jdbi().withHandle(handle -> handle
                .createQuery("SELECT CAST(:t AS TIMESTAMP WITH TIME ZONE)")
                .bind("t", (Instant) null)
                .mapTo(Instant.class)
                .list()
                .get(0));
        assertThat(read).isNull();
    }
}
