package dev.gyre.training.search;

import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic training sets generated from a seed. */
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

    /** Labels from a logistic rule with an interaction on five features; learnable to an AUC above 0.9. */
    static TrainingSet binary(int rows, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][5];
        String[] y = new String[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = r.nextGaussian();
            }
            double logit = 3 * x[i][0] - 2 * x[i][1] + 1.5 * x[i][2] * x[i][3];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no";
        }
        return TrainingSet.classification(x, names(5), y);
    }

    /** The label is the XOR of the signs of two features: a stump cannot learn it, a depth-4 tree can. */
    static TrainingSet xor(int rows, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][3];
        String[] y = new String[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = (x[i][0] > 0) ^ (x[i][1] > 0) ? "a" : "b";
        }
        return TrainingSet.classification(x, names(3), y);
    }

    /** Rows of two classes in the given counts. */
    static TrainingSet imbalanced(int as, int bs, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[as + bs][2];
        String[] y = new String[as + bs];
        for (int i = 0; i < as + bs; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            y[i] = i < as ? "a" : "b";
        }
        return TrainingSet.classification(x, names(2), y);
    }
}
