package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the training library recorded about a model: Tribuo's provenance, kept through serialisation. */
class ProvenanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        "knn, org.tribuo.common.nearest.KNNTrainer",
        "linear_svm, org.tribuo.classification.sgd.linear.LinearSGDTrainer",
        "kmeans, org.tribuo.clustering.kmeans.KMeansTrainer"})
    void tribuoModelsReportTheirTrainerAndDatasetAndKeepItThroughSerialisation(String algorithm, String trainer)
            throws Exception {
        Problems.Split s = Problems.blobs(3, 300, 4);
        TrainingSet data = algorithm.equals("kmeans")
                ? TrainingSet.unlabelled(s.train().x(), s.train().featureNames()) : s.train();
        TrainedModel model = Algorithms.fit(algorithm, data, Map.of(), 8);

        String json = model.provenance().orElseThrow();
        JsonNode objects = JSON.readTree(json);
        assertThat(objects.isArray()).isTrue();
        List<String> classes = new ArrayList<>();
        objects.forEach(o -> classes.add(o.path("object_class").asText()));
        assertThat(classes).contains(trainer, "org.tribuo.MutableDataset", "org.tribuo.DataSource");
        assertThat(json).contains("gyre training set");
        JsonNode modelObject = objects.get(0);
        assertThat(modelObject.path("provenance_class").asText()).isEqualTo("org.tribuo.provenance.ModelProvenance");
        assertThat(modelObject.path("map").path("trainer").path("is_reference").asBoolean()).isTrue();
        assertThat(modelObject.path("map").path("dataset").path("is_reference").asBoolean()).isTrue();

        TrainedModel again = ModelReaders.read(model.serialize());
        assertThat(again.provenance()).contains(json);
        assertThat(ModelReaders.read(again.serialize()).provenance()).contains(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic_regression", "decision_tree", "random_forest", "gradient_boosting", "naive_bayes"})
    void gyresOwnLearnersAndXgboostRecordNone(String algorithm) {
        Problems.Split s = Problems.blobs(2, 200, 5);
        TrainedModel model = Algorithms.fit(algorithm, s.train(), Map.of(), 8);
        assertThat(model.provenance()).isEmpty();
        assertThat(ModelReaders.read(model.serialize()).provenance()).isEmpty();
    }
}
