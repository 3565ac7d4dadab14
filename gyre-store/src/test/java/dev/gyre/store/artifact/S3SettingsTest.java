package dev.gyre.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void fromEnvironmentReadsTheGyreVariables() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of(
                "GYRE_S3_ENDPOINT", "http://minio:9000",
                "GYRE_S3_REGION", "eu-central-1",
                "GYRE_S3_PATH_STYLE", "false",
                "GYRE_S3_ACCESS_KEY", "gyre-key",
                "GYRE_S3_SECRET_KEY", "gyre-secret",
                "AWS_ACCESS_KEY_ID", "aws-key",
                "AWS_SECRET_ACCESS_KEY", "aws-secret",
                "AWS_REGION", "us-west-2"));

        assertThat(settings.endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(settings.region()).isEqualTo("eu-central-1");
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.accessKey()).isEqualTo("gyre-key");
        assertThat(settings.secretKey()).isEqualTo("gyre-secret");
        assertThat(settings.multipartThreshold()).isEqualTo(16 * S3Settings.MIB);
        assertThat(settings.partSize()).isEqualTo(8 * S3Settings.MIB);
    }

    @Test
    void fromEnvironmentFallsBackToTheAwsVariables() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of(
                "AWS_ACCESS_KEY_ID", "aws-key",
                "AWS_SECRET_ACCESS_KEY", "aws-secret",
                "AWS_REGION", "us-west-2"));

        assertThat(settings.endpoint()).isNull();
        assertThat(settings.region()).isEqualTo("us-west-2");
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.accessKey()).isEqualTo("aws-key");
        assertThat(settings.secretKey()).isEqualTo("aws-secret");
    }

    @Test
    void emptyEnvironmentMeansDefaultCredentialsChainAndDefaultRegion() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of());

        assertThat(settings.hasStaticCredentials()).isFalse();
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings).isEqualTo(S3Settings.defaults());
    }

    @Test
    void pathStyleDefaultsToOnWithAnEndpoint() {
        assertThat(S3Settings.fromEnvironment(Map.of("GYRE_S3_ENDPOINT", "http://localhost:9000")).pathStyle())
                .isTrue();
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("GYRE_S3_PATH_STYLE", "maybe")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("GYRE_S3_PATH_STYLE");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("GYRE_S3_ENDPOINT", "localhost:9000")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("http://localhost:9000");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("GYRE_S3_ACCESS_KEY", "only-key")))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("secret key");
    }

    @Test
    void partSizeBelowS3MinimumIsRefused() {
        assertThatThrownBy(() -> S3Settings.defaults().withMultipart(1024, 1024))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("5 MiB");
    }

    @Test
    void toStringDoesNotRevealTheSecretKey() {
        S3Settings settings = new S3Settings(null, null, false, "visible-key", "hidden-secret", 1, 5 * S3Settings.MIB);

        assertThat(settings.toString()).contains("visible-key").doesNotContain("hidden-secret");
    }
}
