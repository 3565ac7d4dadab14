package dev.gyre.training;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows a trainer learns from: a dense numeric matrix (rows × features, no missing values), the
 * feature names, and a target — a class label per row for classification, a number per row for
 * regression, or none for clustering.
 *
 * <p>Instances are immutable: the factories copy the arrays they are given, and accessors that return
 * arrays return copies. Trainers read single cells through {@link #value(int, int)}.
 */
public final class TrainingSet {

    private final double[][] x;
    private final List<String> featureNames;
    private final TaskType task;
    private final List<String> classes;
    private final int[] classIndex;
    private final double[] targets;

    private TrainingSet(double[][] x, List<String> featureNames, TaskType task, List<String> classes,
                        int[] classIndex, double[] targets) {
        this.x = x;
        this.featureNames = featureNames;
        this.task = task;
        this.classes = classes;
        this.classIndex = classIndex;
        this.targets = targets;
    }

    /**
     * A classification set whose classes are the distinct labels in sorted order.
     *
     * @throws GyreException.InvalidArgument when the shapes disagree, a value is not finite, a label is
     *                                       missing, or there are fewer than two classes
     */
    public static TrainingSet classification(double[][] x, List<String> featureNames, String[] labels) {
        Objects.requireNonNull(labels, "labels");
        TreeSet<String> distinct = new TreeSet<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                throw new GyreException.InvalidArgument("row " + i + " has no class label; every row of a "
                        + "classification set needs one (drop or label the row first)");
            }
            distinct.add(labels[i]);
        }
        return classification(x, featureNames, labels, new ArrayList<>(distinct));
    }

    /**
     * A classification set with an explicit class list, which fixes the order of predicted probabilities
     * and may include classes absent from these rows.
     *
     * @throws GyreException.InvalidArgument as {@link #classification(double[][], List, String[])}, or when
     *                                       a label is not in {@code classes} or a class is repeated
     */
    public static TrainingSet classification(double[][] x, List<String> featureNames, String[] labels,
                                             List<String> classes) {
        double[][] copy = checkMatrix(x, featureNames);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classes, "classes");
        if (labels.length != copy.length) {
            throw new GyreException.InvalidArgument("there are " + labels.length + " labels for " + copy.length
                    + " rows; give exactly one label per row");
        }
        if (classes.size() < 2) {
            throw new GyreException.InvalidArgument("a classification set needs at least two classes, found "
                    + classes + "; check the target column");
        }
        Map<String, Integer> index = new HashMap<>();
        for (String c : classes) {
            if (c == null || index.put(c, index.size()) != null) {
                throw new GyreException.InvalidArgument("the class list " + classes
                        + " has a missing or repeated class; list each class once");
            }
        }
        int[] classIndex = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Integer k = labels[i] == null ? null : index.get(labels[i]);
            if (k == null) {
                throw new GyreException.InvalidArgument("row " + i + " has label '" + labels[i]
                        + "', which is not one of the classes " + classes);
            }
            classIndex[i] = k;
        }
        TaskType task = classes.size() == 2 ? TaskType.BINARY_CLASSIFICATION : TaskType.MULTICLASS_CLASSIFICATION;
        return new TrainingSet(copy, List.copyOf(featureNames), task, List.copyOf(classes), classIndex, null);
    }

    /**
     * A regression set.
     *
     * @throws GyreException.InvalidArgument when the shapes disagree or a value or target is not finite
     */
    public static TrainingSet regression(double[][] x, List<String> featureNames, double[] targets) {
        double[][] copy = checkMatrix(x, featureNames);
        Objects.requireNonNull(targets, "targets");
        if (targets.length != copy.length) {
            throw new GyreException.InvalidArgument("there are " + targets.length + " targets for " + copy.length
                    + " rows; give exactly one target per row");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new GyreException.InvalidArgument("row " + i + " has target " + targets[i]
                        + "; regression targets must be finite numbers");
            }
        }
        return new TrainingSet(copy, List.copyOf(featureNames), TaskType.REGRESSION, List.of(), null, targets.clone());
    }

    /**
     * A set without a target, for clustering.
     *
     * @throws GyreException.InvalidArgument when the shapes disagree or a value is not finite
     */
    public static TrainingSet unlabelled(double[][] x, List<String> featureNames) {
        return new TrainingSet(checkMatrix(x, featureNames), List.copyOf(featureNames), null, List.of(), null, null);
    }

    private static double[][] checkMatrix(double[][] x, List<String> featureNames) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(featureNames, "featureNames");
        if (x.length == 0) {
            throw new GyreException.InvalidArgument("the training set has no rows; give at least one");
        }
        if (featureNames.isEmpty()) {
            throw new GyreException.InvalidArgument("the training set has no features; give at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (String name : featureNames) {
            if (name == null || name.isBlank() || !seen.add(name)) {
                throw new GyreException.InvalidArgument("feature name '" + name
                        + "' is blank or repeated; give each feature a distinct name");
            }
        }
        int width = featureNames.size();
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != width) {
                throw new GyreException.InvalidArgument("row " + i + " has " + (x[i] == null ? 0 : x[i].length)
                        + " values but there are " + width + " feature names; every row needs one value per feature");
            }
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new GyreException.InvalidArgument("row " + i + ", feature '" + featureNames.get(j)
                            + "' is " + x[i][j] + "; impute or drop missing and infinite values before training");
                }
            }
            copy[i] = x[i].clone();
        }
        return copy;
    }

    /** The number of rows. */
    public int rows() {
        return x.length;
    }

    /** The number of features (columns). */
    public int features() {
        return featureNames.size();
    }

    /** The value of one cell. */
    public double value(int row, int feature) {
        return x[row][feature];
    }

    /** A copy of one row. */
    public double[] row(int row) {
        return x[row].clone();
    }

    /** A copy of the whole matrix. */
    public double[][] x() {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return copy;
    }

    /** The feature names, one per column, in column order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The task type of the target, or empty for an unlabelled set. */
    public Optional<TaskType> task() {
        return Optional.ofNullable(task);
    }

    /** The learning task this set supports directly: clustering for an unlabelled set. */
    public LearningTask learningTask() {
        return task == null ? LearningTask.CLUSTERING : LearningTask.of(task);
    }

    /** The classes in probability order; empty unless this is a classification set. */
    public List<String> classes() {
        return classes;
    }

    /** The index into {@link #classes()} of one row's label. */
    public int classIndex(int row) {
        requireClassification();
        return classIndex[row];
    }

    /** A copy of the class labels; only for classification sets. */
    public String[] labels() {
        requireClassification();
        String[] labels = new String[classIndex.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classes.get(classIndex[i]);
        }
        return labels;
    }

    /** One row's regression target. */
    public double target(int row) {
        requireRegression();
        return targets[row];
    }

    /** A copy of the regression targets; only for regression sets. */
    public double[] targets() {
        requireRegression();
        return targets.clone();
    }

    /** The rows at these indices (repeats allowed), with the same features, classes and task. */
    public TrainingSet select(int[] rowIndices) {
        double[][] sub = new double[rowIndices.length][];
        int[] subClass = classIndex == null ? null : new int[rowIndices.length];
        double[] subTargets = targets == null ? null : new double[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            int r = Objects.checkIndex(rowIndices[i], x.length);
            sub[i] = x[r].clone();
            if (subClass != null) {
                subClass[i] = classIndex[r];
            }
            if (subTargets != null) {
                subTargets[i] = targets[r];
            }
        }
        if (sub.length == 0) {
            throw new GyreException.InvalidArgument("a selection of no rows is not a training set; select at least one");
        }
        return new TrainingSet(sub, featureNames, task, classes, subClass, subTargets);
    }

    private void requireClassification() {
        if (classIndex == null) {
            throw new IllegalStateException("this training set has no class labels (task: " + learningTask() + ")");
        }
    }

    private void requireRegression() {
        if (targets == null) {
            throw new IllegalStateException("this training set has no numeric targets (task: " + learningTask() + ")");
        }
    }

    @Override
    public String toString() {
        return "TrainingSet[" + rows() + " rows × " + features() + " features, " + learningTask()
                + (classes.isEmpty() ? "" : ", classes " + classes) + "]";
    }
}
