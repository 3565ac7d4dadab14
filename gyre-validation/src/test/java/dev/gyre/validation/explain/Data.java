package dev.gyre.validation.explain;

import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic sets for the explanation tests. */
final class Data {

    private Data() {
    }

    static List<String> names(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (j + 1) * r.nextGaussian() + j;
            }
        }
        return x;
    }

    /** {@code y = 3 x0 + 0.5 x1 + 0·x2 + noise}: x0 matters a lot, x1 a little, x2 not at all. */
    static double[] graded(double[][] x, long seed) {
        Random r = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3 * x[i][0] + 0.5 * x[i][1] + 0.3 * r.nextGaussian();
        }
        return y;
    }

    /** Three classes along x0 − x1 with noise. */
    static TrainingSet threeClasses(int n, long seed) {
        double[][] x = gaussian(n, 4, seed);
        Random r = new Random(seed + 1);
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            double s = x[i][0] - 0.5 * x[i][1] + r.nextGaussian();
            y[i] = s < -1 ? "low" : s < 1 ? "mid" : "high";
        }
        return TrainingSet.classification(x, names(4), y);
    }
}
