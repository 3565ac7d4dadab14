package dev.gyre.serving.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.table.Table;
import dev.gyre.core.testing.TitanicCsv;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.LearningTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The stored ONNX fixtures and what their exporters predicted. */
final class OnnxFixtures {
    static final String DIR = "/fixtures/onnx/";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The numeric Titanic features the Tribuo model is trained on. */
    static final String TITANIC_SPEC = """
            target: Survived
            columns:
              Age: [{impute: median}]
              Fare: [{impute: median}]
              Parch: [{impute: median}]
              Pclass: [{impute: median}]
              SibSp: [{impute: median}]
            drop: [PassengerId, Name, Sex, Ticket, Cabin, Embarked]
            """;

    private OnnxFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static double[][] matrix(JsonNode array) {
        double[][] out = new double[array.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = array.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).doubleValue();
            }
        }
        return out;
    }

    static Table titanic() {
        return TitanicCsv.resource(OnnxFixtures.class, "/titanic.csv");
    }

    static FittedFeatures titanicFeatures() {
        return FeaturePipeline.fit(TrainingData.train(titanic()), new FeatureSpecParser().parse(TITANIC_SPEC));
    }

    /** The PyTorch classifier, mapped as its exporter describes it. */
    static OnnxModel torchModel() {
        JsonNode expected = json("torch-mlp-expected.json");
        return OnnxModel.of(bytes("torch-mlp.onnx"), OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT,
                        "probabilities", "label"), LearningTask.CLASSIFICATION, strings(expected.get("feature_names")),
                strings(expected.get("classes")));
    }

    /** The Tribuo logistic regression, mapped as its fixture file describes it. */
    static OnnxModel tribuoModel() {
        JsonNode expected = json("tribuo-logistic-expected.json");
        return OnnxModel.of(bytes("tribuo-logistic.onnx"), OnnxMapping.classifier(expected.get("input").asText(),
                        OnnxMapping.ElementType.FLOAT, expected.get("probabilities_output").asText(), null),
                LearningTask.CLASSIFICATION, strings(expected.get("feature_names")), strings(expected.get("classes")));
    }
}
