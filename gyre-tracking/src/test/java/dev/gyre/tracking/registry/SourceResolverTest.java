package dev.gyre.tracking.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceResolverTest {

    private final InMemoryRunLineage runs = new InMemoryRunLineage()
            .add(new RunFacts("abc123", "1", null, "alice", null, List.of(), null, "mlflow-artifacts:/1/abc123/artifacts"))
            .add(new RunFacts("foreign", "1", null, "alice", null, List.of(), null, "file:///etc"));
    private final SourceResolver files = new SourceResolver("file:/home/u/.gyre/artifacts", runs);
    private final SourceResolver s3 = new SourceResolver("s3://bucket/prefix/", runs);

    @Test
    void resolvesRunSourceThroughTheRunsArtifactLocation() {
        assertThat(files.resolve("runs:/abc123/model").value()).isEqualTo("1/abc123/artifacts/model");
        assertThat(files.resolve("runs:/abc123").value()).isEqualTo("1/abc123/artifacts");
        assertThat(SourceResolver.runIdOf("runs:/abc123/model")).contains("abc123");
    }

    @Test
    void resolvesProxyAndStoreRootSources() {
        assertThat(files.resolve("mlflow-artifacts:/1/r/artifacts/model").value()).isEqualTo("1/r/artifacts/model");
        assertThat(files.resolve("file:/home/u/.gyre/artifacts/models/m1").value()).isEqualTo("models/m1");
        assertThat(files.resolve("file:///home/u/.gyre/artifacts/models/m1/").value()).isEqualTo("models/m1");
        assertThat(s3.resolve("s3://bucket/prefix/models/m1").value()).isEqualTo("models/m1");
        assertThat(s3.resolve("S3://bucket/prefix/models/m1").value()).isEqualTo("models/m1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file:///etc/passwd",
        "/etc/passwd",
        "file:/home/u/.gyre/other/model",
        "file:/home/u/.gyre/artifactsX/model",
        "file:/home/u/.gyre/artifacts/../../../etc/passwd",
        "file:/home/u/.gyre/artifacts/models/%2e%2e/%2e%2e/etc",
        "file:/home/u/.gyre/artifacts/models/..%2fsecret",
        "file:/home/u/.gyre/artifacts",
        "mlflow-artifacts:/../etc/passwd",
        "mlflow-artifacts:/models\\..\\..\\etc",
        "mlflow-artifacts://evil.example.com/models/m",
        "mlflow-artifacts:/models/m#/../../etc",
        "mlflow-artifacts:/models/m;/../etc",
        "runs:/abc123/../../other-run",
        "runs:/abc123/%252e%252e/x",
        "runs:/foreign/passwd",
        "runs:/missing/model",
        "runs:/../etc/model",
        "s3://other-bucket/x",
        "s3://other-bucket/prefix/x",
        "http://example.com/model.pkl",
        "https://bucket.s3.amazonaws.com/prefix/model",
        "C:\\Users\\u\\model",
        "hdfs://namenode/models/m",
        "",
        "model"
    })
    void refusesSourcesOutsideTheStore(String source) {
        assertThatThrownBy(() -> files.resolve(source))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Accepted sources are 'runs:/<run_id>/<path>'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://other-bucket/x",
        "s3://bucket/other-prefix/x",
        "s3://bucket/prefixevil/x",
        "s3://bucket/x",
        "s3://bucket/prefix/../x",
        "file:///etc/passwd"
    })
    void refusesS3SourcesWhoseBucketOrPrefixDiffer(String source) {
        assertThatThrownBy(() -> s3.resolve(source)).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void refusalSaysWhyForWebAndLocalSources() {
        assertThatThrownBy(() -> files.resolve("https://example.com/m"))
                .hasMessageContaining("does not fetch models from web servers");
        assertThatThrownBy(() -> files.resolve("/etc/passwd"))
                .hasMessageContaining("local file path outside Gyre's artifact store");
    }
}
