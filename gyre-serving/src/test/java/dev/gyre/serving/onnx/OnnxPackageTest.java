package dev.gyre.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.serving.deploy.AdaptiveBatcher;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.pkg.Signature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full model package holding Tribuo's ONNX export, served through GyreModel from raw passenger records. */
class OnnxPackageTest {

    static ModelPackage titanicPackage() {
        FittedFeatures features = OnnxFixtures.titanicFeatures();
        OnnxModel model = OnnxFixtures.tribuoModel();
        PackageMetadata metadata = PackageMetadata.builder("titanic-onnx", "1")
                .createdAt(Instant.parse("2024-01-02T03:04:05Z"))
                .lineage("run-onnx", List.of("titanic@1"), "0123abcd")
                .build(model, features);
        return ModelPackage.of(features, model, metadata, null);
    }

    static List<Map<String, Object>> passengers(int n) {
        Table table = OnnxFixtures.titanic();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> record = new HashMap<>();
            for (String column : List.of("PassengerId", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket",
                    "Fare", "Cabin", "Embarked")) {
                record.put(column, table.column(column).get(i));
            }
            out.add(record);
        }
        return out;
    }

    @Test
    void aPackageWithAnOnnxModelPredictsTribuosAnswersFromRawRecords(@TempDir Path dir) {
        Path file = dir.resolve("titanic-onnx.zip");
        ModelPackages.write(titanicPackage(), file);
        GyreModel model = GyreModel.load(file);
        assertThat(model.modelPackage().model()).isInstanceOf(OnnxModel.class);
        assertThat(model.signature().inputs()).extracting(Signature.Input::name)
                .containsExactly("Pclass", "Age", "SibSp", "Parch", "Fare");

        JsonNode expected = OnnxFixtures.json("tribuo-logistic-expected.json");
        List<String> classes = OnnxFixtures.strings(expected.get("classes"));
        double[][] probabilities = OnnxFixtures.matrix(expected.get("probabilities"));
        List<Map<String, Object>> records = passengers(TribuoOnnxFixtureTest.ROWS);
        List<Prediction> all = model.predictAll(records);
        for (int i = 0; i < records.size(); i++) {
            Prediction p = model.predict(records.get(i));
            assertThat(all.get(i)).isEqualTo(p);
            assertThat(p.predictedClass()).isEqualTo(expected.get("labels").get(i).asText());
            assertThat(p.modelName()).isEqualTo("titanic-onnx");
            for (int k = 0; k < classes.size(); k++) {
                assertThat(p.probabilities().get(classes.get(k))).isCloseTo(probabilities[i][k], within(1e-5));
            }
        }
    }

    @Test
    void aBadRecordIsAnInvalidArgumentNamingTheField() {
        GyreModel model = GyreModel.of(titanicPackage());
        Map<String, Object> record = new HashMap<>(passengers(1).get(0));
        record.put("Fare", "cheap");
        assertThatThrownBy(() -> model.predict(record)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("field 'Fare': expected a number");
    }

    @Test
    void theBatcherGivesTheSameAnswers() {
        GyreModel model = GyreModel.of(titanicPackage());
        List<Map<String, Object>> records = passengers(20);
        try (AdaptiveBatcher batcher = new AdaptiveBatcher(model, AdaptiveBatcher.Settings.defaults())) {
            assertThat(batcher.enabled()).isTrue();
            for (Map<String, Object> record : records) {
                Prediction batched = batcher.predict(record);
                Prediction direct = model.predict(record);
                assertThat(batched.predictedClass()).isEqualTo(direct.predictedClass());
                direct.probabilities().forEach((c, p) ->
                        assertThat(batched.probabilities().get(c)).isCloseTo(p, within(1e-6)));
            }
            assertThat(batcher.stats().batchedRecords()).isEqualTo(20);
        }
    }
}
