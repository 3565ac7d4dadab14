package dev.gyre.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch fixture (written by {@code src/test/fixtures/make_onnx_fixture.py}): ONNX Runtime through Gyre must
 * give PyTorch's own outputs; and the checks of a graph against its mapping.
 */
class TorchOnnxFixtureTest {
    private static final JsonNode EXPECTED = OnnxFixtures.json("torch-mlp-expected.json");
    private static final List<String> FEATURES = OnnxFixtures.strings(EXPECTED.get("feature_names"));
    private static final List<String> CLASSES = OnnxFixtures.strings(EXPECTED.get("classes"));

    @Test
    void gyreReproducesPyTorchsOutputs() {
        double[][] inputs = OnnxFixtures.matrix(EXPECTED.get("inputs"));
        double[][] probabilities = OnnxFixtures.matrix(EXPECTED.get("probabilities"));
        OnnxModel model = OnnxFixtures.torchModel();
        assertThat(model.batches()).isTrue();
        double[][] batch = model.predictBatch(inputs);
        for (int i = 0; i < inputs.length; i++) {
            double[] single = model.predict(inputs[i]);
            for (int k = 0; k < CLASSES.size(); k++) {
                assertThat(batch[i][k]).isCloseTo(probabilities[i][k], within(1e-5));
                assertThat(single[k]).isCloseTo(probabilities[i][k], within(1e-5));
            }
            assertThat(model.predictClass(inputs[i])).isEqualTo(EXPECTED.get("labels").get(i).asText());
        }
    }

    @Test
    void aLabelOutputAloneGivesTheLabelCertainty() {
        OnnxModel model = OnnxModel.of(OnnxFixtures.bytes("torch-mlp.onnx"),
                OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT, null, "label"),
                LearningTask.CLASSIFICATION, FEATURES, CLASSES);
        double[][] inputs = OnnxFixtures.matrix(EXPECTED.get("inputs"));
        double[][] out = model.predictBatch(inputs);
        for (int i = 0; i < inputs.length; i++) {
            int k = CLASSES.indexOf(EXPECTED.get("labels").get(i).asText());
            double[] oneHot = new double[CLASSES.size()];
            oneHot[k] = 1;
            assertThat(out[i]).containsExactly(oneHot);
        }
    }

    @Test
    void readsBackFromItsEnvelope() {
        OnnxModel model = OnnxFixtures.torchModel();
        byte[] bytes = model.serialize();
        TrainedModel back = ModelReaders.read(bytes);
        assertThat(back.algorithm()).isEqualTo("onnx");
        assertThat(back.featureNames()).isEqualTo(FEATURES);
        assertThat(back.classes()).isEqualTo(CLASSES);
        assertThat(((OnnxModel) back).mapping()).isEqualTo(model.mapping());
        double[][] inputs = OnnxFixtures.matrix(EXPECTED.get("inputs"));
        assertThat(back.predictBatch(inputs)).isDeepEqualTo(model.predictBatch(inputs));
        assertThat(ModelReaders.formats()).contains(OnnxModel.FORMAT);
    }

    @Test
    void refusesGraphsThatDoNotFitTheMapping() {
        byte[] onnx = OnnxFixtures.bytes("torch-mlp.onnx");
        OnnxMapping mapping = OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT, "probabilities", null);
        assertRefused(() -> OnnxModel.of(onnx, OnnxMapping.classifier("x", OnnxMapping.ElementType.FLOAT,
                        "probabilities", null), LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "it has no input named 'x'; its inputs are [features]: name one of them");
        assertRefused(() -> OnnxModel.of(onnx, OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT,
                        "scores", null), LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "it has no output named 'scores'");
        assertRefused(() -> OnnxModel.of(onnx, mapping, LearningTask.CLASSIFICATION, FEATURES, List.of("a", "b")),
                "its probability output 'probabilities' has 3 columns but 2 classes were given [a, b]");
        assertRefused(() -> OnnxModel.of(onnx, mapping, LearningTask.CLASSIFICATION, List.of("x0", "x1", "x2"),
                CLASSES), "its input 'features' has 4 columns but 3 feature names were given");
        assertRefused(() -> OnnxModel.of(onnx, OnnxMapping.classifier("features", OnnxMapping.ElementType.DOUBLE,
                        "probabilities", null), LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "holds FLOAT values, not DOUBLE");
        assertRefused(() -> OnnxModel.of(onnx, OnnxMapping.regressor("features", OnnxMapping.ElementType.FLOAT,
                        "probabilities"), LearningTask.REGRESSION, FEATURES, List.of()),
                "its value output 'probabilities' has shape [-1, 3]; it must be [n] or [n, 1]");
        assertRefused(() -> OnnxModel.of(onnx, OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT,
                        "label", null), LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "its probability output 'label' has rank 1; it must be [n, classes]");
        assertRefused(() -> OnnxModel.of(onnx, mapping, LearningTask.CLASSIFICATION, FEATURES,
                List.of("low", "low", "high")), "repeat a class");
        assertRefused(() -> OnnxModel.of(onnx, new OnnxMapping("features", OnnxMapping.ElementType.FLOAT, null, null,
                null, null), LearningTask.CLASSIFICATION, FEATURES, CLASSES), "a classifier needs the name of");
    }

    @Test
    void refusesBytesThatAreNotAnOnnxModel() {
        OnnxMapping mapping = OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT, "probabilities", null);
        assertRefused(() -> OnnxModel.of("not a model".getBytes(), mapping, LearningTask.CLASSIFICATION, FEATURES,
                CLASSES), "these bytes are not an ONNX model");
        byte[] onnx = OnnxFixtures.bytes("torch-mlp.onnx");
        byte[] cut = Arrays.copyOf(onnx, onnx.length / 2);
        assertRefused(() -> OnnxModel.of(cut, mapping, LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "these bytes are not a well-formed ONNX model (truncated)");
        assertRefused(() -> OnnxModel.of(new byte[0], mapping, LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "no model bytes were given");
    }

    @Test
    void refusesAModelWithExternalTensorData() {
        // A second graph field merges into the first: it adds an initializer "w" whose data_location is EXTERNAL.
        byte[] tensor = {0x42, 1, 'w', 0x70, 1};
        byte[] graph = new byte[2 + tensor.length];
        graph[0] = 0x2A;
        graph[1] = (byte) tensor.length;
        System.arraycopy(tensor, 0, graph, 2, tensor.length);
        byte[] onnx = OnnxFixtures.bytes("torch-mlp.onnx");
        byte[] external = Arrays.copyOf(onnx, onnx.length + 2 + graph.length);
        external[onnx.length] = 0x3A;
        external[onnx.length + 1] = (byte) graph.length;
        System.arraycopy(graph, 0, external, onnx.length + 2, graph.length);
        OnnxMapping mapping = OnnxMapping.classifier("features", OnnxMapping.ElementType.FLOAT, "probabilities", null);
        assertRefused(() -> OnnxModel.of(external, mapping, LearningTask.CLASSIFICATION, FEATURES, CLASSES),
                "it keeps tensor data in external files");
        assertThat(ExternalData.uses(onnx)).isFalse();
        assertThat(ExternalData.uses(OnnxFixtures.bytes("tribuo-logistic.onnx"))).isFalse();
    }

    @Test
    void refusesBadRowsAsInvalidArguments() {
        OnnxModel model = OnnxFixtures.torchModel();
        assertThatThrownBy(() -> model.predict(new double[3])).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("needs 4 values (x0, x1, x2, x3), not 3");
        assertThatThrownBy(() -> model.predict(new double[] {0, Double.NaN, 0, 0}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("feature 'x1' is NaN");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("The ONNX model cannot be served: ").hasMessageContaining(message);
    }
}
