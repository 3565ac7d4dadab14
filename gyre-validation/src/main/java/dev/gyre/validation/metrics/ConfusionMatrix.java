package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.Checks;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Counts of (true class, predicted class) pairs over the classes that appear in either array, sorted ascending
 * as scikit-learn's {@code confusion_matrix} does. Row {@code i} is the true class {@code labels()[i]}, column
 * {@code j} the predicted class {@code labels()[j]}. Instances are immutable: accessors return copies.
 */
public final class ConfusionMatrix {

    private final int[] labels;
    private final long[][] counts;

    private ConfusionMatrix(int[] labels, long[][] counts) {
        this.labels = labels;
        this.counts = counts;
    }

    /**
     * Counts the pairs.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument if an array is null or empty, the lengths differ or a
     *                                                     label is negative
     */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        int n = Checks.sameLength(yTrue, "y_true", yPred, "y_pred");
        Checks.labels(yTrue, "y_true", 0);
        Checks.labels(yPred, "y_pred", 0);
        TreeSet<Integer> present = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            present.add(yTrue[i]);
            present.add(yPred[i]);
        }
        int[] labels = present.stream().mapToInt(Integer::intValue).toArray();
        long[][] counts = new long[labels.length][labels.length];
        for (int i = 0; i < n; i++) {
            counts[Arrays.binarySearch(labels, yTrue[i])][Arrays.binarySearch(labels, yPred[i])]++;
        }
        return new ConfusionMatrix(labels, counts);
    }

    /** The classes, ascending. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the counts, rows true class, columns predicted class. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The number of rows of true class {@code actual} predicted as {@code predicted}; 0 for unseen classes. */
    public long count(int actual, int predicted) {
        int i = Arrays.binarySearch(labels, actual);
        int j = Arrays.binarySearch(labels, predicted);
        return i < 0 || j < 0 ? 0 : counts[i][j];
    }

    long truePositives(int index) {
        return counts[index][index];
    }

    long trueCount(int index) {
        long sum = 0;
        for (long c : counts[index]) {
            sum += c;
        }
        return sum;
    }

    long predictedCount(int index) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[index];
        }
        return sum;
    }

    long total() {
        long sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += trueCount(i);
        }
        return sum;
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.toString(labels) + Arrays.deepToString(counts);
    }
}
