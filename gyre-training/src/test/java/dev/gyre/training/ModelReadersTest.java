package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelReadersTest {

    private final TrainedModel model = Algorithms.fit("decision_tree", Problems.blobs(2, 100, 1).train(), Map.of(), 1);

    @Test
    void bytesThatAreNotAModelAreRejected() {
        assertThatThrownBy(() -> ModelReaders.read("hello, world, not a model".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("these bytes are not a Gyre model");
    }

    @Test
    void aFlippedByteIsCaughtByTheChecksum() {
        byte[] bytes = model.serialize();
        bytes[bytes.length / 2] ^= 0x10;

        assertThatThrownBy(() -> ModelReaders.read(bytes))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void aTruncatedModelIsRejected() {
        byte[] bytes = model.serialize();

        assertThatThrownBy(() -> ModelReaders.read(java.util.Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void everyBuiltInFormatHasAReader() {
        assertThat(ModelReaders.formats()).containsExactly("gyre-gaussian-nb/1", "gyre-linear/1",
                "gyre-tree-ensemble/1", "gyre-tree-ensemble/2", "tribuo-protobuf/1", "xgboost-ubj/1");
    }

    @Test
    void predictionRejectsRowsOfTheWrongShapeOrWithMissingValues() {
        assertThatThrownBy(() -> model.predict(new double[] {1, 2}))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("a row for this decision_tree model needs 3 values (x0, x1, x2), not 2");
        assertThatThrownBy(() -> model.predict(new double[] {1, Double.NaN, 2}))
                .hasMessageContaining("feature 'x1' is NaN");
    }
}
