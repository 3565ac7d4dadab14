package dev.gyre.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path home;

    @Test
    void defaultsListenOnLoopbackWithEmbeddedStoresUnderHome() {
        ServerConfig config = ConfigLoader.load(Map.of("home", home.toString()), Map.of());
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.database().url()).isNull();
        assertThat(config.artifactsUri()).startsWith("file:").contains(home.getFileName().toString());
        assertThat(config.home()).isEqualTo(home.toAbsolutePath().normalize());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
        Files.writeString(home.resolve("gyre.yaml"), "port: 9000\nhost: 0.0.0.0\nmax-upload-bytes: 123\n");
        ServerConfig fileOnly = ConfigLoader.load(Map.of("home", home.toString()), Map.of());
        assertThat(fileOnly.http().port()).isEqualTo(9000);
        assertThat(fileOnly.http().maxUploadBytes()).isEqualTo(123);

        ServerConfig withEnv = ConfigLoader.load(Map.of("home", home.toString()), Map.of("GYRE_PORT", "9100"));
        assertThat(withEnv.http().port()).isEqualTo(9100);
        assertThat(withEnv.http().host()).isEqualTo("0.0.0.0");

        ServerConfig withFlag = ConfigLoader.load(Map.of("home", home.toString(), "port", "9200"), Map.of("GYRE_PORT", "9100"));
        assertThat(withFlag.http().port()).isEqualTo(9200);
    }

    @Test
    void homeComesFromFlagThenEnvironment() {
        Path other = home.resolve("other");
        assertThat(ConfigLoader.homeFolder(Map.of(), Map.of("GYRE_HOME", other.toString()))).isEqualTo(other);
        assertThat(ConfigLoader.homeFolder(Map.of("home", home.toString()), Map.of("GYRE_HOME", other.toString()))).isEqualTo(home);
    }

    @Test
    void typoInTheFileIsAnErrorThatListsTheKnownKeys() throws Exception {
        Files.writeString(home.resolve("gyre.yaml"), "prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString()), Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("prot").hasMessageContaining("port");
    }

    @Test
    void badValuesSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "port", "eighty"), Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "port", "70000"), Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("out of range");
        Files.writeString(home.resolve("gyre.yaml"), "port: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString()), Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("gyre.yaml");
    }

    @Test
    void predictionLogSettingsHaveDefaultsAndAreChecked() throws Exception {
        ServerConfig defaults = ConfigLoader.load(Map.of("home", home.toString()), Map.of());
        assertThat(defaults.serving()).isEqualTo(new ServerConfig.ServingConfig(1.0, 10_000));
        Files.writeString(home.resolve("gyre.yaml"), "prediction-log-sample-rate: 0.25\n");
        ServerConfig set = ConfigLoader.load(Map.of("home", home.toString()),
                Map.of("GYRE_PREDICTION_LOG_QUEUE", "500"));
        assertThat(set.serving()).isEqualTo(new ServerConfig.ServingConfig(0.25, 500));
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "prediction_log_sample_rate", "2"),
                Map.of())).isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "prediction_log_sample_rate",
                "most"), Map.of())).isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("number");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "prediction_log_queue", "0"),
                Map.of())).isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("at least 1");
    }

    @Test
    void batchingSettingsHaveDefaultsAndAreChecked() throws Exception {
        ServerConfig.ServingConfig defaults = ConfigLoader.load(Map.of("home", home.toString()), Map.of()).serving();
        assertThat(defaults.batching()).isEqualTo(AdaptiveBatcher.Mode.AUTO);
        assertThat(defaults.batchingSettings().maxBatchSize()).isEqualTo(32);
        assertThat(defaults.batchingSettings().maxWait()).isEqualTo(Duration.ofMillis(2));
        // a bare off in YAML is read as a boolean: it means off all the same
        Files.writeString(home.resolve("gyre.yaml"), "serving-batching: off\nserving_batch_max_size: 128\n");
        ServerConfig.ServingConfig set = ConfigLoader.load(Map.of("home", home.toString()),
                Map.of("GYRE_SERVING_BATCH_MAX_WAIT_MS", "5")).serving();
        assertThat(set.batching()).isEqualTo(AdaptiveBatcher.Mode.OFF);
        assertThat(set.batchingSettings().maxBatchSize()).isEqualTo(128);
        assertThat(set.batchingSettings().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(ConfigLoader.load(Map.of("home", home.toString(), "serving_batching", "on"), Map.of()).serving()
                .batching()).isEqualTo(AdaptiveBatcher.Mode.ON);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "serving_batching", "always"),
                Map.of())).isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "serving_batch_max_size", "0"),
                Map.of())).isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "serving_batch_max_wait_ms",
                "5000"), Map.of())).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("between 0 and 1000");
    }

    @Test
    void searchIndexIsOnUnlessTurnedOff() throws Exception {
        assertThat(ConfigLoader.load(Map.of("home", home.toString()), Map.of()).tracking().searchIndex()).isTrue();
        assertThat(ConfigLoader.load(Map.of("home", home.toString()), Map.of("GYRE_SEARCH_INDEX", "false"))
                .tracking().searchIndex()).isFalse();
        Files.writeString(home.resolve("gyre.yaml"), "search-index: false\n");
        assertThat(ConfigLoader.load(Map.of("home", home.toString()), Map.of()).tracking().searchIndex()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("home", home.toString(), "search_index", "maybe"), Map.of()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("true or false");
        assertThat(ConfigLoader.load(Map.of("home", home.toString(), "search_index_max_runs", "1000"), Map.of())
                .tracking().searchIndexSettings().maxRunsPerExperiment()).isEqualTo(1000);
    }

    @Test
    void secretsAreNotPrintedByToString() {
        ServerConfig config = ConfigLoader.load(Map.of("home", home.toString(), "db_password", "hunter22",
                "s3_secret_key", "very-secret"), Map.of());
        assertThat(config.toString()).doesNotContain("hunter22").doesNotContain("very-secret");
    }
}
