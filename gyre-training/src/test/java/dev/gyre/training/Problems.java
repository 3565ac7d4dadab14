package dev.gyre.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic problems with known answers, generated from a seed. */
final class Problems {

    /** A training set and held-out rows with their labels or targets. */
    record Split(TrainingSet train, double[][] testX, String[] testLabels, double[] testTargets) {
    }

    private Problems() {
    }

    static List<String> names(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Gaussian blobs (sd 1) centred 5 apart along their own axis: separable in practice. */
    static Split blobs(int classes, int rows, long seed) {
        Random r = new Random(seed);
        int d = Math.max(classes, 3);
        double[][] x = new double[rows][d];
        String[] y = new String[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % classes;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian() + (j == c ? 5 : 0);
            }
            y[i] = "class" + c;
        }
        return classification(x, y, d);
    }

    /** Labels drawn from a logistic rule on three of five features: the Bayes accuracy is about 80%. */
    static Split noisy(int rows, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][5];
        String[] y = new String[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = r.nextGaussian();
            }
            double logit = 2 * x[i][0] - 1.5 * x[i][1] + (x[i][2] > 0 ? 1 : -1);
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no";
        }
        return classification(x, y, 5);
    }

    /** {@code y = 3 x0 - 2 x1 + 0.5 + noise(sd)} over four features. */
    static Split linear(int rows, double noise, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][4];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = 3 * x[i][0] - 2 * x[i][1] + 0.5 + noise * r.nextGaussian();
        }
        return regression(x, y, 4);
    }

    /** {@code y = 2 sin(2 x0) + x1 + noise(1)}: a non-linear signal under heavy noise. */
    static Split wiggly(int rows, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][3];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = 2 * Math.sin(2 * x[i][0]) + x[i][1] + r.nextGaussian();
        }
        return regression(x, y, 3);
    }

    private static Split classification(double[][] x, String[] y, int d) {
        int test = x.length / 4;
        double[][] trainX = new double[x.length - test][];
        String[] trainY = new String[x.length - test];
        double[][] testX = new double[test][];
        String[] testY = new String[test];
        for (int i = 0; i < x.length; i++) {
            if (i < test) {
                testX[i] = x[i];
                testY[i] = y[i];
            } else {
                trainX[i - test] = x[i];
                trainY[i - test] = y[i];
            }
        }
        return new Split(TrainingSet.classification(trainX, names(d), trainY), testX, testY, null);
    }

    private static Split regression(double[][] x, double[] y, int d) {
        int test = x.length / 4;
        double[][] trainX = new double[x.length - test][];
        double[] trainY = new double[x.length - test];
        double[][] testX = new double[test][];
        double[] testY = new double[test];
        for (int i = 0; i < x.length; i++) {
            if (i < test) {
                testX[i] = x[i];
                testY[i] = y[i];
            } else {
                trainX[i - test] = x[i];
                trainY[i - test] = y[i];
            }
        }
        return new Split(TrainingSet.regression(trainX, names(d), trainY), testX, null, testY);
    }

    /** The predicted class of each row. */
    static String[] classes(TrainedModel model, double[][] x) {
        String[] out = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = model.predictClass(x[i]);
        }
        return out;
    }

    /** The predicted value of each row. */
    static double[] values(TrainedModel model, double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = model.predictValue(x[i]);
        }
        return out;
    }
}
