package dev.gyre.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Tribuo ONNX fixture: a Tribuo 4.3 logistic regression (linear SGD) trained on numeric Titanic features,
 * exported with Tribuo's own ONNX export, and Tribuo's predictions for the first passengers. Gyre's ONNX runtime
 * must reproduce them. {@link #main} writes the fixture again (run it from the module directory with the test class
 * path).
 */
class TribuoOnnxFixtureTest {
    static final int ROWS = 60;

    @Test
    void gyreReproducesTribuosOwnPredictions() {
        JsonNode expected = OnnxFixtures.json("tribuo-logistic-expected.json");
        double[][] rows = OnnxFixtures.matrix(expected.get("rows"));
        double[][] probabilities = OnnxFixtures.matrix(expected.get("probabilities"));
        assertThat(rows.length).isEqualTo(ROWS);
        OnnxModel model = OnnxFixtures.tribuoModel();
        double[][] batch = model.predictBatch(rows);
        for (int i = 0; i < rows.length; i++) {
            double[] single = model.predict(rows[i]);
            for (int k = 0; k < probabilities[i].length; k++) {
                assertThat(batch[i][k]).isCloseTo(probabilities[i][k], within(1e-5));
                assertThat(single[k]).isCloseTo(probabilities[i][k], within(1e-5));
            }
            assertThat(model.predictClass(rows[i])).isEqualTo(expected.get("labels").get(i).asText());
        }
    }

    @Test
    void theFixtureRowsAreGyresFeaturesOfThePassengers() {
        JsonNode expected = OnnxFixtures.json("tribuo-logistic-expected.json");
        FittedFeatures features = OnnxFixtures.titanicFeatures();
        assertThat(features.featureNames()).isEqualTo(OnnxFixtures.strings(expected.get("feature_names")));
        double[][] matrix = features.toMatrix(OnnxFixtures.titanic());
        double[][] rows = OnnxFixtures.matrix(expected.get("rows"));
        for (int i = 0; i < ROWS; i++) {
            assertThat(rows[i]).containsExactly(matrix[i]);
        }
    }

    @Test
    void survivesTheModelEnvelope() {
        OnnxModel model = OnnxFixtures.tribuoModel();
        TrainedModel back = ModelReaders.read(model.serialize());
        assertThat(back).isInstanceOf(OnnxModel.class);
        assertThat(back.serialize()).isEqualTo(model.serialize());
        double[][] rows = OnnxFixtures.matrix(OnnxFixtures.json("tribuo-logistic-expected.json").get("rows"));
        assertThat(back.predictBatch(rows)).isDeepEqualTo(model.predictBatch(rows));
    }

    /** Writes the fixture to {@code src/test/resources/fixtures/onnx} of the module directory (or the argument). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/onnx");
        Files.createDirectories(dir);
        FittedFeatures features = OnnxFixtures.titanicFeatures();
        Table table = OnnxFixtures.titanic();
        double[][] matrix = features.toMatrix(table);
        // Tribuo numbers features by sorted name and lays out the ONNX input columns in that order: prefixed names
        // keep Gyre's column order.
        String[] names = new String[features.featureNames().size()];
        for (int j = 0; j < names.length; j++) {
            names[j] = String.format("f%03d_%s", j, features.featureNames().get(j));
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("titanic numeric features",
                factory), factory);
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < matrix.length; i++) {
            String label = Long.toString(((Number) table.column("Survived").get(i)).longValue());
            ArrayExample<Label> example = new ArrayExample<>(new Label(label), names, matrix[i]);
            data.add(example);
            examples.add(example);
        }
        LinearSGDModel model = (LinearSGDModel) new LogisticRegressionTrainer().train(data);
        Path onnx = dir.resolve("tribuo-logistic.onnx");
        model.saveONNXModel("dev.gyre.test", 1, onnx);

        // Tribuo orders the ONNX input columns by its feature ids and the output columns by its label ids.
        List<String> featureOrder = new ArrayList<>();
        for (int j = 0; j < model.getFeatureIDMap().size(); j++) {
            featureOrder.add(model.getFeatureIDMap().get(j).getName());
        }
        if (!featureOrder.equals(List.of(names))) {
            throw new IllegalStateException("Tribuo orders the features " + featureOrder + ", not as " + List.of(names));
        }
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < model.getOutputIDInfo().size(); k++) {
            classes.add(model.getOutputIDInfo().getOutput(k).getLabel());
        }
        String input;
        String output;
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(Files.readAllBytes(onnx))) {
            input = session.getInputNames().iterator().next();
            output = session.getOutputNames().iterator().next();
        }

        ObjectNode root = OnnxFixtures.JSON.createObjectNode();
        root.put("generator", "dev.gyre.serving.onnx.TribuoOnnxFixtureTest#main");
        root.put("tribuo_version", org.tribuo.Tribuo.VERSION);
        root.put("trainer", "LogisticRegressionTrainer with its defaults");
        root.set("feature_names", OnnxFixtures.JSON.valueToTree(features.featureNames()));
        root.set("tribuo_feature_names", OnnxFixtures.JSON.valueToTree(featureOrder));
        root.set("classes", OnnxFixtures.JSON.valueToTree(classes));
        root.put("input", input);
        root.put("probabilities_output", output);
        ArrayNode rows = root.putArray("rows");
        ArrayNode probabilities = root.putArray("probabilities");
        ArrayNode labels = root.putArray("labels");
        for (int i = 0; i < ROWS; i++) {
            ArrayNode row = rows.addArray();
            for (double v : matrix[i]) {
                row.add(v);
            }
            Prediction<Label> p = model.predict(examples.get(i));
            Map<String, Label> scores = p.getOutputScores();
            ArrayNode ps = probabilities.addArray();
            for (String c : classes) {
                ps.add(scores.get(c).getScore());
            }
            labels.add(p.getOutput().getLabel());
        }
        Files.write(dir.resolve("tribuo-logistic-expected.json"),
                OnnxFixtures.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
