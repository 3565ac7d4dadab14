package dev.gyre.validation.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.Table;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.NumericSummary;
import dev.gyre.data.profile.Profiler;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceBuilderTest {
    private final Table table = Passengers.table(1_200, 11);
    private final FittedFeatures features = Passengers.features(table);
    private final TrainedModel model = Passengers.model(features);

    @Test
    void theReferenceProfilesTheInputsAndTheModelOutputs() {
        Reference reference = ReferenceBuilder.build(table, features, model);
        ReferenceProfile profile = reference.profile();

        assertThat(profile.inputColumns()).containsExactly("Age", "Fare", "Pclass", "Sex", "Embarked", "Crew");
        assertThat(profile.outputColumns())
                .containsExactly("prediction", "prediction_proba_0", "prediction_proba_1");
        DatasetProfile p = profile.profile();
        assertThat(p.rowCount()).isEqualTo(1_200);
        assertThat(p.column("Survived")).isEmpty();
        assertThat(p.column("Age").orElseThrow().missing()).isEqualTo(table.column("Age").missingCount());
        NumericSummary proba = p.column("prediction_proba_1").orElseThrow().numeric().orElseThrow();
        double mean = Arrays.stream(model.predictBatch(features.toMatrix(table))).mapToDouble(r -> r[1])
                .average().orElseThrow();
        assertThat(proba.mean()).isCloseTo(mean, within(1e-12));
        assertThat(proba.quantileK()).isEqualTo(ReferenceOptions.DEFAULT_QUANTILE_K);
        long predictedSurvivors = p.column("prediction").orElseThrow().topValues().orElseThrow().count("1");
        assertThat(predictedSurvivors).isEqualTo(Arrays.stream(features.toMatrix(table))
                .filter(r -> model.predictClass(r).equals("1")).count());
        assertThat(reference.detector()).isInstanceOf(IsolationForest.class);
        assertThat(reference.detector().featureNames()).isEqualTo(features.featureNames());
    }

    @Test
    void aStoredReferenceReadsBackAndMergesWithWindows(@TempDir Path root) {
        Reference reference = ReferenceBuilder.build(table, features, model);
        reference.write(root);
        assertThat(root.resolve(Reference.PROFILE_FILE)).exists();
        assertThat(root.resolve(Reference.OUTLIERS_FILE)).exists();
        Reference read = Reference.read(root);

        assertThat(read.profile().toBytes()).isEqualTo(reference.profile().toBytes());
        assertThat(read.profile().options()).isEqualTo(reference.profile().options());
        assertThat(read.profile().classes()).containsExactly("0", "1");
        assertThat(read.detector().toJson()).isEqualTo(reference.detector().toJson());
        double[][] matrix = features.toMatrix(table);
        for (int i = 0; i < 50; i++) {
            assertThat(read.detector().score(matrix[i])).isEqualTo(reference.detector().score(matrix[i]));
        }
        assertThat(Reference.fromArtifacts(reference.artifacts()).profile().toBytes())
                .isEqualTo(reference.profile().toBytes());

        // a monitoring window: inputs then outputs, profiled with the reference's profiler
        Table window = Passengers.table(300, 12);
        List<Column> columns = new ArrayList<>(window.select(read.profile().inputColumns()).columns());
        columns.addAll(PredictionColumns.of(model.task(), model.classes(),
                model.predictBatch(features.toMatrix(window))));
        DatasetProfile windowProfile = read.profile().newProfiler().add(new Table(columns)).profile();
        DatasetProfile merged = read.profile().profile().merge(windowProfile);
        assertThat(merged.rowCount()).isEqualTo(1_500);
        assertThat(merged.column("prediction_proba_1").orElseThrow().numeric().orElseThrow().quantileK())
                .isEqualTo(ReferenceOptions.DEFAULT_QUANTILE_K);
    }

    @Test
    void mahalanobisCanBeChosenAndRegressionOutputsAreOneColumn() {
        ReferenceOptions options = ReferenceOptions.defaults()
                .withOutliers(OutlierOptions.defaults().withMethod(OutlierMethod.MAHALANOBIS));
        assertThat(ReferenceBuilder.build(table, features, model, options).detector())
                .isInstanceOf(MahalanobisDetector.class);

        double[][] values = {{1.5}, {2.5}, {Double.NaN}};
        List<Column> outputs = PredictionColumns.of(dev.gyre.training.LearningTask.REGRESSION, List.of(), values);
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).name()).isEqualTo(PredictionColumns.PREDICTION);
        assertThat(outputs.get(0).missingCount()).isEqualTo(1);
    }

    @Test
    void mismatchedModelsAndDamagedBytesAreRefused() {
        TrainedModel other = Passengers.model(List.of("Age", "Fare"));
        assertThatThrownBy(() -> ReferenceBuilder.build(table, features, other))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("the fitted features give");

        byte[] bytes = ReferenceBuilder.build(table, features, model).profile().toBytes();
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(new byte[] {1, 2}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("GYRF");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(Profiler.of(table).toBytes()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("GYRF");
        byte[] future = bytes.clone();
        future[5] = 2;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(future))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(GyreException.InvalidArgument.class);
        byte[] huge = bytes.clone();
        // magic 4 + version 2 + task "classification" (2 + 14) = offset of the class count
        ByteBuffer.wrap(huge).putInt(22, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(huge))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("reference profile.classes");
        assertThatThrownBy(() -> Reference.fromArtifacts(Map.of(Reference.PROFILE_FILE, bytes)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining(Reference.OUTLIERS_FILE);
    }
}
