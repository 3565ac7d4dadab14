package dev.gyre.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

    @TempDir
    Path tempDir;

    @Test
    void embeddedIsAnH2FileInPostgresModeUnderTheHome() {
        DatabaseSettings settings = DatabaseSettings.embedded(tempDir);

        String file = tempDir.toAbsolutePath().resolve("db").resolve("gyre").toString().replace('\\', '/');
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        assertThat(settings.dialect()).isEqualTo(Dialect.H2);
        assertThat(settings.schema()).isNull();
        assertThat(settings.poolSize()).isEqualTo(DatabaseSettings.DEFAULT_POOL_SIZE);
    }

    @Test
    void recognisesPostgres() {
        assertThat(new DatabaseSettings("jdbc:postgresql://db:5432/gyre", "u", "p", 3, "gyre").dialect())
                .isEqualTo(Dialect.POSTGRES);
    }

    @Test
    void unsupportedSchemeIsInvalidArgumentListingTheSupportedOnes() {
        assertThatThrownBy(() -> new DatabaseSettings("jdbc:mysql://db/gyre?password=hunter2", "u", "p", 3, null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("jdbc:mysql://db/gyre")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void missingUrlIsInvalidArgument() {
        assertThatThrownBy(() -> new DatabaseSettings(null, "u", "p", 3, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void rejectsBadPoolSizeSchemaAndTimeout() {
        String url = "jdbc:postgresql://db/gyre";
        assertThatThrownBy(() -> new DatabaseSettings(url, "u", "p", 0, null))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> new DatabaseSettings(url, "u", "p", 2, "bad;drop"))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> new DatabaseSettings(url, "u", "p", 2, "Upper"))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> new DatabaseSettings(url, "u", "p", 2, null, Duration.ofMillis(10)))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void schemaIsOnlyForPostgres() {
        assertThatThrownBy(() -> DatabaseSettings.embedded(tempDir).withSchema("gyre"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("PostgreSQL");
    }

    @Test
    void passwordsNeverAppearInSafeUrlOrToString() {
        DatabaseSettings settings = new DatabaseSettings(
                "jdbc:postgresql://db:5432/gyre?user=gyre&password=hunter2&ssl=true", "gyre", "s3cret", 2, null);

        assertThat(settings.safeUrl()).isEqualTo("jdbc:postgresql://db:5432/gyre?user=gyre&password=****&ssl=true");
        assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
        assertThat(DatabaseSettings.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=****;MODE=PostgreSQL");
        assertThat(DatabaseSettings.redact("jdbc:postgresql://gyre:hunter2@db/gyre"))
                .isEqualTo("jdbc:postgresql://gyre:****@db/gyre");
    }
}
