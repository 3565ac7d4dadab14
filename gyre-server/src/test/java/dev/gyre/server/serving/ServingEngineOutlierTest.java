package dev.gyre.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.serving.log.PredictionLog;
import dev.gyre.serving.log.PredictionLogReader;
import dev.gyre.serving.log.PredictionRecord;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.protocol.InferenceRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction log records the reference outlier detector's check of each record, for the answering version and
 * for the shadow, and the check the native API returns is the one logged.
 */
class ServingEngineOutlierTest {

    @TempDir
    Path dir;

    @Test
    void loggedRecordsCarryTheOutlierCheckIncludingShadowRecords() throws Exception {
        ModelPackage v1 = GyreModel.load(ServingHttp.titanicPackage(dir.resolve("pkg"))).modelPackage();
        assertThat(v1.reference()).as("the stored package holds a monitoring reference").isPresent();
        PackageMetadata m = v1.metadata();
        ModelPackage v2 = ModelPackage.of(v1.features(), v1.model(), v1.signature(), new PackageMetadata(
                m.modelName(), "2", m.algorithm(), m.task(), m.classes(), m.createdAt(), m.lineage(),
                m.charterMetric(), m.validation()), v1.reference().orElseThrow());
        ModelLoader loader = (model, version) -> GyreModel.of(version == 1 ? v1 : v2);
        Path logDir = dir.resolve("log");
        Map<String, Object> usual = new java.util.HashMap<>(StandaloneServerTest.row());
        Map<String, Object> odd = Map.of("Pclass", 1, "Sex", "female", "Age", 4, "SibSp", 40, "Parch", 30,
                "Fare", 90000, "Embarked", "C");
        try (ServingEngine engine = new ServingEngine(new PredictionLog(PredictionLog.Options.defaults(logDir)),
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            engine.deployments().deploy("titanic", DeploymentTarget.version("titanic", 1), loader);
            engine.deployments().setShadow("titanic", 2);

            engine.predict("titanic", new InferenceRequest(List.of(usual, odd), Optional.of("plain"), Map.of()),
                    null);
            ServingEngine.Checked checked = engine.predictChecked("titanic",
                    new InferenceRequest(List.of(odd), Optional.of("checked"), Map.of()), null);
            ServingEngine.OutlierScore returned = checked.outliers().get(0).orElseThrow();
            assertThat(returned.outlier()).isTrue();

            List<PredictionRecord> records = List.of();
            // the shadow answers on its own thread: wait until its records are written too
            for (int attempt = 0; attempt < 200; attempt++) {
                assertThat(engine.log().flush(Duration.ofSeconds(10))).isTrue();
                records = read(logDir);
                if (records.stream().filter(PredictionRecord::shadow).count() == 3) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(records).hasSize(6);
            for (PredictionRecord r : records) {
                assertThat(r.outlier()).as(r.requestId() + (r.shadow() ? " (shadow)" : "")).isNotNull();
                assertThat(r.outlierScore()).as(r.requestId()).isNotNull();
            }
            PredictionRecord loggedChecked = records.stream()
                    .filter(r -> r.requestId().equals("checked") && !r.shadow()).findFirst().orElseThrow();
            assertThat(loggedChecked.outlier()).isTrue();
            assertThat(loggedChecked.outlierScore()).isEqualTo(returned.score());
            PredictionRecord shadowOdd = records.stream()
                    .filter(r -> r.requestId().equals("plain#1") && r.shadow()).findFirst().orElseThrow();
            assertThat(shadowOdd.modelVersion()).isEqualTo("2");
            assertThat(shadowOdd.outlier()).isTrue();
            PredictionRecord usualRecord = records.stream()
                    .filter(r -> r.requestId().equals("plain#0") && !r.shadow()).findFirst().orElseThrow();
            assertThat(usualRecord.outlier()).isFalse();
            assertThat(engine.outlierErrors()).isZero();

            // a check that fails is counted and gives no fields; it never throws (here: a record missing a
            // required field, which the request path would have refused before)
            GyreModel served = engine.model("titanic", 1);
            assertThat(engine.outlier(served, Map.of("Sex", "male"))).isEmpty();
            assertThat(engine.outlierErrors()).isEqualTo(1);
        }
    }

    private static List<PredictionRecord> read(Path logDir) {
        Instant now = Instant.now();
        try (Stream<PredictionRecord> stream = new PredictionLogReader(logDir).read("titanic",
                now.minusSeconds(3_600), now.plusSeconds(3_600))) {
            return stream.toList();
        }
    }
}
