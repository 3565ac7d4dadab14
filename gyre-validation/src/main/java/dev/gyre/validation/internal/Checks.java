package dev.gyre.validation.internal;

import dev.gyre.core.GyreException;

/**
 * Argument checks for metric inputs. Every failure is a {@link GyreException.InvalidArgument} whose message
 * says what was wrong and how to fix it.
 */
public final class Checks {

    /** How far a row of class probabilities may sum away from 1. */
    public static final double PROBABILITY_SUM_TOLERANCE = 1e-6;

    private Checks() {
    }

    public static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }

    /** Refuses null arrays; returns the length. */
    public static int length(Object array, String name) {
        if (array == null) {
            throw invalid(name + " is missing; pass an array with one value per row");
        }
        return java.lang.reflect.Array.getLength(array);
    }

    /** Both arrays are present, equally long and not empty; returns the common length. */
    public static int sameLength(Object a, String nameA, Object b, String nameB) {
        int n = length(a, nameA);
        int m = length(b, nameB);
        if (n != m) {
            throw invalid(nameA + " has " + n + " rows but " + nameB + " has " + m
                    + "; pass one value per row in both, in the same row order");
        }
        nonEmpty(n, nameA);
        return n;
    }

    public static void nonEmpty(int n, String name) {
        if (n == 0) {
            throw invalid(name + " is empty; a metric needs at least one row");
        }
    }

    /** Class labels are indices {@code >= 0}, below {@code classes} when that is positive. */
    public static void labels(int[] y, String name, int classes) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || (classes > 0 && y[i] >= classes)) {
                throw invalid(name + "[" + i + "] is " + y[i] + "; class labels must be indices "
                        + (classes > 0 ? "0.." + (classes - 1) : ">= 0")
                        + " (map class names to indices first)");
            }
        }
    }

    /** Binary labels are 0 (negative) or 1 (positive). */
    public static void binaryLabels(int[] y, String name) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw invalid(name + "[" + i + "] is " + y[i]
                        + "; binary labels must be 0 (negative) or 1 (positive)");
            }
        }
    }

    public static void finite(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw invalid(name + "[" + i + "] is " + v[i] + "; every value must be a finite number");
            }
        }
    }

    /** Each value is a probability in [0, 1]. */
    public static void probabilities(double[] p, String name) {
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw invalid(name + "[" + i + "] is " + p[i]
                        + "; probabilities must lie in [0, 1] (apply a sigmoid or softmax to raw scores first)");
            }
        }
    }

    /** An n x k matrix of class probabilities, each in [0, 1] and each row summing to 1. */
    public static int probabilityRows(double[][] p, String name, int minClasses) {
        length(p, name);
        nonEmpty(p.length, name);
        int k = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                throw invalid(name + "[" + i + "] is missing; pass one probability per class in every row");
            }
            if (k < 0) {
                k = p[i].length;
            } else if (p[i].length != k) {
                throw invalid(name + "[" + i + "] has " + p[i].length + " columns but row 0 has " + k
                        + "; every row needs one probability per class");
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double v = p[i][j];
                if (!(v >= 0 && v <= 1)) {
                    throw invalid(name + "[" + i + "][" + j + "] is " + v
                            + "; probabilities must lie in [0, 1] (apply a softmax to raw scores first)");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
                throw invalid(name + "[" + i + "] sums to " + sum + "; each row of class probabilities must sum"
                        + " to 1 (within " + PROBABILITY_SUM_TOLERANCE + "), normalise the rows first");
            }
        }
        if (k < minClasses) {
            throw invalid(name + " has " + k + " columns; pass at least " + minClasses + " class probabilities");
        }
        return k;
    }

    public static void level(double level) {
        if (!(level > 0 && level < 1)) {
            throw invalid("confidence level is " + level + "; use a value strictly between 0 and 1, e.g. 0.95");
        }
    }
}
