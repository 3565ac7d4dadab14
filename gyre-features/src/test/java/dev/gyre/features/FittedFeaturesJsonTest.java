package dev.gyre.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

class FittedFeaturesJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Table passengers = CsvTables.titanic();
    private final FittedFeatures fitted = FeaturePipeline.fit(TrainingData.train(passengers), Specs.titanic());

    @Test
    void aRoundTripTransformsIdentically() {
        FittedFeatures read = FittedFeatures.fromJson(fitted.toJson());

        assertThat(read.featureNames()).isEqualTo(fitted.featureNames());
        assertThat(read.specHash()).isEqualTo(fitted.specHash()).isEqualTo(Specs.titanic().sha256());
        assertThat(read.spec()).isEqualTo(fitted.spec());
        assertThat(read.inputs()).isEqualTo(fitted.inputs());
        assertThat(read.toJson()).isEqualTo(fitted.toJson());
        Table before = fitted.transform(passengers);
        Table after = read.transform(passengers);
        for (int j = 0; j < before.columnCount(); j++) {
            NumericColumn a = (NumericColumn) before.column(j);
            NumericColumn b = (NumericColumn) after.column(j);
            for (int i = 0; i < passengers.rowCount(); i++) {
                assertThat(Double.doubleToLongBits(b.getDouble(i))).isEqualTo(Double.doubleToLongBits(a.getDouble(i)));
            }
        }
        assertThat(read.transformRow(passengers.row(5))).isEqualTo(fitted.transformRow(passengers.row(5)));
    }

    @Test
    void theJsonNamesItsFormatAndVersion() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(fitted.toJson());
        assertThat(root.get("format").asText()).isEqualTo("gyre.fitted-features").isEqualTo(FittedFeatures.FORMAT);
        assertThat(root.get("version").asInt()).isEqualTo(1).isEqualTo(FittedFeatures.FORMAT_VERSION);
        assertThat(root.get("spec_sha256").asText()).isEqualTo(fitted.specHash());
        assertThat(root.get("features").size()).isEqualTo(fitted.featureCount());
    }

    @Test
    void anUnknownVersionIsRefusedClearly() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(fitted.toJson());
        root.put("version", 2);
        assertThatThrownBy(() -> FittedFeatures.fromJson(root.toString()))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Fitted features of format version 2 cannot be read: this Gyre reads version 1. Refit the"
                        + " features with this Gyre, or read them with the Gyre that wrote them.");
    }

    @Test
    void anotherDocumentIsRefused() {
        assertThatThrownBy(() -> FittedFeatures.fromJson("{\"format\": \"something else\", \"version\": 1}"))
                .hasMessage("The fitted features cannot be read: it is not fitted features: the field format must be"
                        + " 'gyre.fitted-features'.");
        assertThatThrownBy(() -> FittedFeatures.fromJson("not json"))
                .hasMessageStartingWith("The fitted features cannot be read: the text is not JSON");
    }

    @Test
    void anEditedSpecIsDetected() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(fitted.toJson());
        ((ObjectNode) root.get("spec")).put("target", "PassengerId");
        assertThatThrownBy(() -> FittedFeatures.fromJson(root.toString()))
                .hasMessage("The fitted features cannot be read: the spec does not match its spec_sha256; the document"
                        + " was edited or damaged.");
        ((ObjectNode) root.get("spec")).put("target", "Fare");
        assertThatThrownBy(() -> FittedFeatures.fromJson(root.toString()))
                .hasMessageStartingWith("The fitted features cannot be read: its spec is not valid (");
    }

    @Test
    void nothingIsJavaSerializable() {
        assertThat(Serializable.class.isAssignableFrom(FittedFeatures.class)).isFalse();
        assertThat(Serializable.class.isAssignableFrom(FeatureSpec.class)).isFalse();
    }
}
