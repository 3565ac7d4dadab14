package dev.gyre.validation.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutlierDetectorTest {
    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    static double[][] blob(int rows, long seed) {
        Random random = new Random(seed);
        double[][] out = new double[rows][4];
        for (double[] row : out) {
            row[0] = random.nextGaussian();
            row[1] = 3 + 2 * random.nextGaussian();
            row[2] = 0.8 * row[0] + 0.6 * random.nextGaussian();
            row[3] = -1 + 0.5 * random.nextGaussian();
        }
        return out;
    }

    private static OutlierOptions options(OutlierMethod method) {
        return OutlierOptions.defaults().withMethod(method).withSeed(7);
    }

    @ParameterizedTest
    @EnumSource(OutlierMethod.class)
    void farPointsAreFlaggedAndTheReferenceRateIsTheChosenOne(OutlierMethod method) {
        double[][] reference = blob(5_000, 1);
        OutlierDetector detector = OutlierDetector.fit(reference, NAMES, options(method));

        assertThat(detector.method()).isEqualTo(method);
        assertThat(detector.falsePositiveRate()).isEqualTo(0.01);
        assertThat(detector.referenceFlaggedRate()).isCloseTo(0.01, within(0.005));
        long flagged = java.util.Arrays.stream(reference).filter(detector::isOutlier).count();
        assertThat(flagged / 5_000.0).isEqualTo(detector.referenceFlaggedRate());
        for (double[] far : new double[][] {{8, 3, 6, -1}, {6, 12, 5, 2}, {-6, -9, -5, 3}}) {
            assertThat(detector.isOutlier(far)).as("%s", java.util.Arrays.toString(far)).isTrue();
            assertThat(detector.score(far)).isGreaterThan(detector.threshold());
        }
        if (method == OutlierMethod.MAHALANOBIS) {
            // far in one feature only, or against the correlation of a and c: only the distance sees these
            assertThat(detector.isOutlier(new double[] {0, 15, 0, -1})).isTrue();
            assertThat(detector.isOutlier(new double[] {2, 3, -2, -1})).isTrue();
        }
        assertThat(detector.isOutlier(new double[] {0, 3, 0, -1})).isFalse();
        // fresh rows of the same distribution are flagged at about the chosen rate
        double[][] fresh = blob(20_000, 2);
        double rate = java.util.Arrays.stream(fresh).filter(detector::isOutlier).count() / 20_000.0;
        assertThat(rate).isBetween(0.004, 0.025);
    }

    @ParameterizedTest
    @EnumSource(OutlierMethod.class)
    void oneHotAndConstantFeaturesDoNotBreakTheDetector(OutlierMethod method) {
        Table table = Passengers.table(900, 3);
        FittedFeatures features = Passengers.features(table);
        double[][] matrix = features.toMatrix(table);
        assertThat(features.featureNames()).contains("Sex=female", "Sex=male", "Crew");

        OutlierDetector detector = OutlierDetector.fit(matrix, features.featureNames(), options(method));

        assertThat(detector.referenceFlaggedRate()).isBetween(0.0, 0.01);
        for (double[] row : matrix) {
            assertThat(detector.score(row)).isFinite();
        }
        double[] odd = matrix[0].clone();
        int fare = features.featureNames().indexOf("Fare");
        odd[fare] = 25;
        odd[features.featureNames().indexOf("Age")] = -12;
        assertThat(detector.isOutlier(odd)).isTrue();
        if (detector instanceof MahalanobisDetector mahalanobis) {
            assertThat(mahalanobis.shrinkage()).isBetween(0.0, 1.0);
            double[] sexes = matrix[0].clone();
            sexes[features.featureNames().indexOf("Sex=female")] = 1;
            sexes[features.featureNames().indexOf("Sex=male")] = 1;
            assertThat(detector.isOutlier(sexes)).isTrue();
        }
    }

    @Test
    void theSameSeedGrowsTheSameForestAndAnotherSeedAnother() {
        double[][] reference = blob(2_000, 4);
        OutlierOptions options = options(OutlierMethod.ISOLATION_FOREST);
        OutlierDetector first = OutlierDetector.fit(reference, NAMES, options);
        OutlierDetector again = OutlierDetector.fit(reference, NAMES, options);
        OutlierDetector other = OutlierDetector.fit(reference, NAMES, options.withSeed(8));

        assertThat(again.toJson()).isEqualTo(first.toJson());
        assertThat(again.threshold()).isEqualTo(first.threshold());
        assertThat(other.toJson()).isNotEqualTo(first.toJson());
        IsolationForest forest = (IsolationForest) first;
        assertThat(forest.treeCount()).isEqualTo(100);
        assertThat(forest.sampleSize()).isEqualTo(256);
        assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.2448, within(1e-3));
    }

    @ParameterizedTest
    @EnumSource(OutlierMethod.class)
    void aDetectorReadBackScoresIdentically(OutlierMethod method) {
        double[][] reference = blob(3_000, 5);
        OutlierDetector detector = OutlierDetector.fit(reference, NAMES, options(method).withFalsePositiveRate(0.05));
        String json = detector.toJson();
        OutlierDetector read = OutlierDetector.fromJson(json);

        assertThat(read.getClass()).isEqualTo(detector.getClass());
        assertThat(read.toJson()).isEqualTo(json);
        assertThat(read.threshold()).isEqualTo(detector.threshold());
        assertThat(read.falsePositiveRate()).isEqualTo(0.05);
        assertThat(read.featureNames()).isEqualTo(NAMES);
        for (double[] row : blob(500, 6)) {
            assertThat(read.score(row)).isEqualTo(detector.score(row));
        }
    }

    @Test
    void malformedJsonIsRefusedClearly() {
        OutlierDetector forest = OutlierDetector.fit(blob(300, 7), NAMES, options(OutlierMethod.ISOLATION_FOREST));
        OutlierDetector mahalanobis = OutlierDetector.fit(blob(300, 7), NAMES, options(OutlierMethod.MAHALANOBIS));
        String f = forest.toJson();
        String m = mahalanobis.toJson();

        assertRefused("{", "not valid JSON");
        assertRefused("{\"format\":\"gyre.profile\"}", "not a Gyre outlier detector");
        assertRefused(f.replace("\"version\":1", "\"version\":2"), "version 2 is not supported");
        assertRefused(f.replace("\"method\":\"isolation_forest\"", "\"method\":\"lof\""), "outliers.method");
        assertRefused(f.replaceFirst("\"left\":\\[1,", "\"left\":[0,"), "outliers.trees[0].node[0]");
        assertRefused(f.replaceFirst("\"feature\":\\[\\d+,", "\"feature\":[9,"), "outliers.trees[0].node[0]");
        assertRefused(f.replace("\"falsePositiveRate\":0.01", "\"falsePositiveRate\":2"), "falsePositiveRate");
        assertRefused(m.replaceFirst("\"mean\":\\[[^,]+,", "\"mean\":["), "outliers.mean");
        assertRefused(m.replaceFirst("\"cholesky\":\\[\\[[^]]+]", "\"cholesky\":[[-1.0]"), "outliers.cholesky[0][0]");
        assertRefused(m.replace("\"threshold\":", "\"threshold\":\"x\",\"was\":"), "outliers.threshold");
        assertThatThrownBy(() -> forest.score(new double[] {1, 2, 3}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("3 values");
        assertThatThrownBy(() -> forest.score(new double[] {1, 2, Double.NaN, 4}))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("non-finite");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> OutlierDetector.fromJson(json))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining(message);
    }
}
