package dev.gyre.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {

    @Test
    void findsThreeWellSeparatedBlobsAndReportsDistancesToEachCentre() {
        Problems.Split s = Problems.blobs(3, 600, 1);
        TrainingSet unlabelled = TrainingSet.unlabelled(s.train().x(), s.train().featureNames());

        TrainedModel model = Algorithms.fit("kmeans", unlabelled, Map.of("n_clusters", 3), 11);

        assertThat(model.task()).isEqualTo(LearningTask.CLUSTERING);
        assertThat(model.classes()).containsExactly("0", "1", "2");
        // Every true blob maps to one cluster, and different blobs to different clusters.
        Map<String, Set<String>> clustersOfBlob = new HashMap<>();
        for (int i = 0; i < s.testX().length; i++) {
            clustersOfBlob.computeIfAbsent(s.testLabels()[i], k -> new HashSet<>()).add(model.predictClass(s.testX()[i]));
        }
        assertThat(clustersOfBlob.values()).allSatisfy(c -> assertThat(c).hasSize(1));
        assertThat(clustersOfBlob.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
        double[] distances = model.predict(s.testX()[0]);
        assertThat(distances).hasSize(3);
        int nearest = Integer.parseInt(model.predictClass(s.testX()[0]));
        for (double d : distances) {
            assertThat(distances[nearest]).isLessThanOrEqualTo(d);
        }
    }

    @Test
    void acceptsALabelledSetAndIgnoresItsTarget() {
        Problems.Split s = Problems.blobs(2, 200, 2);

        TrainedModel model = Algorithms.fit("kmeans", s.train(), Map.of("n_clusters", 2), 1);

        assertThat(model.classes()).containsExactly("0", "1");
    }

    @Test
    void sameSeedGivesIdenticalClustersAndRoundTripsExactly() {
        Problems.Split s = Problems.blobs(3, 600, 3);
        Map<String, Object> params = Map.of("n_clusters", 4, "standardize", true);

        TrainedModel first = Algorithms.fit("kmeans", s.train(), params, 8);
        TrainedModel second = Algorithms.fit("kmeans", s.train(), params, 8);

        assertThat(second.predictBatch(s.testX())).isDeepEqualTo(first.predictBatch(s.testX()));
        assertThat(ModelReaders.read(first.serialize()).predictBatch(s.testX()))
                .isDeepEqualTo(first.predictBatch(s.testX()));
    }
}
