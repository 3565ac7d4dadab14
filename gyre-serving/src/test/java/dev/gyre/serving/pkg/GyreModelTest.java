package dev.gyre.serving.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GyreModelTest {
    private static ModelPackage pkg;

    @BeforeAll
    static void build() {
        pkg = Titanic.logisticPackage();
    }

    @Test
    void loadsAFileAndPredictsAsTheModelDoes(@TempDir Path dir) {
        Path file = dir.resolve("titanic.zip");
        ModelPackages.write(pkg, file);
        GyreModel model = GyreModel.load(file);
        Map<String, Object> record = new HashMap<>(Map.of("Pclass", 1, "Sex", "female", "SibSp", 0, "Parch", 0,
                "Fare", 80.0, "Embarked", "C", "Name", "Doe, Mrs. Jane"));
        record.put("Age", null);
        Prediction p = model.predict(record);
        double[] row = pkg.features().transformRow(new HashMap<>(Map.of("Pclass", 1.0, "Sex", "female", "SibSp", 0.0,
                "Parch", 0.0, "Fare", 80.0, "Embarked", "C", "Name", "Doe, Mrs. Jane")));
        double[] expected = pkg.model().predict(row);
        assertThat(p.probabilities()).containsExactly(Map.entry("0", expected[0]), Map.entry("1", expected[1]));
        assertThat(p.predictedClass()).isEqualTo(expected[1] > expected[0] ? "1" : "0");
        assertThat(p.modelName()).isEqualTo("titanic");
        assertThat(p.modelVersion()).isEqualTo("1");
        assertThat(p.value()).isNull();
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void badInputIsAnInvalidArgumentNamingTheField() {
        GyreModel model = GyreModel.of(pkg);
        assertThatThrownBy(() -> model.predict(Map.of("Pclass", 1, "Sex", "female", "SibSp", 0, "Parch", 0)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("field 'Fare' is required but missing; send a number (Fare is required).");
    }

    @Test
    void aValueItsStepsCannotTakeIsRefusedNotPredicted() {
        GyreModel model = GyreModel.of(pkg);
        assertThatThrownBy(() -> model.predict(Map.of("Pclass", 1, "SibSp", 0, "Parch", 0, "Fare", -5)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("feature 'Fare' without a value");
    }

    @Test
    void predictAllKeepsOrderAndNamesTheBadRecord() {
        GyreModel model = GyreModel.of(pkg);
        Table table = Titanic.passengers();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(table.row(i));
        }
        List<Prediction> all = model.predictAll(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(all.get(i)).isEqualTo(model.predict(rows.get(i)));
        }
        rows.set(7, Map.of("Fare", "cheap"));
        assertThatThrownBy(() -> model.predictAll(rows)).hasMessageStartingWith("record 7: field");
    }

    @Test
    void aRegressionPackagePredictsAValue() {
        String spec = Titanic.SPEC.replace("target: Survived", "target: Fare").replace("  Fare: [log1p]\n", "")
                .replace("drop: [PassengerId, Name, Ticket, Cabin]", "drop: [PassengerId, Name, Ticket, Cabin, Survived]");
        FittedFeatures features = Titanic.features(spec);
        Table table = Titanic.passengers();
        double[] fares = new double[table.rowCount()];
        for (int i = 0; i < fares.length; i++) {
            fares[i] = ((Number) table.column("Fare").get(i)).doubleValue();
        }
        TrainedModel ridge = Algorithms.fit("ridge",
                TrainingSet.regression(features.toMatrix(table), features.featureNames(), fares), Map.of(), 1);
        ModelPackage regression = ModelPackage.of(features, ridge,
                PackageMetadata.builder("fares", "2").build(ridge, features), null);
        GyreModel model = GyreModel.of(ModelPackages.read(new ByteArrayInputStream(ModelPackagesTest.toBytes(regression))));
        assertThat(model.signature().outputs()).extracting(Signature.Output::name).containsExactly("prediction");
        Prediction p = model.predict(table.row(0));
        assertThat(p.value()).isEqualTo(ridge.predictValue(features.transformRow(table.row(0))));
        assertThat(p.predictedClass()).isNull();
        assertThat(p.probabilities()).isEmpty();
        assertThat(p.modelVersion()).isEqualTo("2");
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        GyreModel model = GyreModel.of(pkg);
        Table table = Titanic.passengers();
        List<Prediction> expected = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            expected.add(model.predict(table.row(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < table.rowCount(); i++) {
                        if (!model.predict(table.row(i)).equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
