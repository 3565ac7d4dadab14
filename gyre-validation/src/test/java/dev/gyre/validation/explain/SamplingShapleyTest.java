package dev.gyre.validation.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.training.Algorithms;
import dev.gyre.training.Contributions;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingShapleyTest {

    private final double[][] train = Data.gaussian(300, 4, 1);
    private final TrainedModel ridge = Algorithms.fit("ridge",
            TrainingSet.regression(train, Data.names(4), Data.graded(train, 2)), Map.of("alpha", 0.1), 1);
    private final double[][] rows = Data.gaussian(10, 4, 99);

    @Test
    void onALinearModelItMatchesTheExactContributions() {
        // Background = the training rows, so its mean is the means the exact method uses.
        SamplingShapley everyRowOnce = new SamplingShapley(train, train.length, 5);
        SamplingShapley fewer = new SamplingShapley(train, 64, 5);
        for (double[] x : rows) {
            Contributions exact = ridge.contributions(x).get(0);
            Contributions sampled = everyRowOnce.explain(ridge, x).get(0);
            Contributions rough = fewer.explain(ridge, x).get(0);
            assertThat(sampled.method()).isEqualTo(Contributions.SAMPLING_SHAPLEY);
            assertThat(sampled.baseValue()).isCloseTo(exact.baseValue(), within(1e-9));
            double[] e = exact.values();
            double[] s = sampled.values();
            double[] q = rough.values();
            double[] se = rough.standardErrors();
            for (int j = 0; j < 4; j++) {
                // Additive model: every walk credits w_j (x_j - z_j); over every background row once, exact.
                assertThat(s[j]).isCloseTo(e[j], within(1e-9));
                // With 64 draws the error is the background mean's, within a few standard errors.
                assertThat(Math.abs(q[j] - e[j])).isLessThanOrEqualTo(4 * se[j] + 1e-9);
                assertThat(Math.abs(q[j] - e[j])).isLessThan(0.25 + 0.1 * Math.abs(e[j]));
            }
        }
    }

    @Test
    void sumsToTheOutputMinusTheBaseForEveryClass() {
        TrainingSet data = Data.threeClasses(300, 3);
        TrainedModel nb = Algorithms.fit("naive_bayes", data, Map.of(), 3);
        double[][] background = Arrays.copyOf(Data.gaussian(300, 4, 3), 25);
        SamplingShapley exactSums = new SamplingShapley(background, 50, 7);
        SamplingShapley approximate = new SamplingShapley(background, 40, 7);
        for (double[] x : rows) {
            double[] p = nb.predict(x);
            List<Contributions> c = exactSums.explain(nb, x);
            List<Contributions> a = approximate.explain(nb, x);
            assertThat(c).extracting(Contributions::output).containsExactlyElementsOf(nb.classes());
            for (int k = 0; k < 3; k++) {
                assertThat(c.get(k).scale()).isEqualTo(Contributions.Scale.PROBABILITY);
                assertThat(c.get(k).total()).isCloseTo(p[k], within(1e-9));
                assertThat(a.get(k).total()).isCloseTo(p[k], within(0.15));
            }
        }
    }

    @Test
    void aSeededEstimateIsRepeatable() {
        TrainedModel nb = Algorithms.fit("naive_bayes", Data.threeClasses(200, 4), Map.of(), 4);
        double[][] background = Arrays.copyOf(train, 30);
        List<Contributions> a = new SamplingShapley(background, 20, 11).explain(nb, rows[0]);
        List<Contributions> b = new SamplingShapley(background, 20, 11).explain(nb, rows[0]);
        List<Contributions> c = new SamplingShapley(background, 20, 12).explain(nb, rows[0]);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void refusesWhatItCannotExplain() {
        assertThatThrownBy(() -> new SamplingShapley(new double[0][], 10, 1))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("background");
        assertThatThrownBy(() -> new SamplingShapley(new double[][] {{1, 2}}, 10, 1).explain(ridge, rows[0]))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("4 features");
        TrainedModel kmeans = Algorithms.fit("kmeans", TrainingSet.unlabelled(train, Data.names(4)),
                Map.of("n_clusters", 2), 1);
        assertThatThrownBy(() -> new SamplingShapley(train, 10, 1).explain(kmeans, rows[0]))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("clustering");
    }
}
