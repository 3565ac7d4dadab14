package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How a trial is scored: k-fold cross-validation or one holdout split. Both are stratified for classification
 * (each class is shuffled and dealt round-robin over the folds, continuing where the previous class stopped,
 * so folds differ in size by at most one row and in each class's count by at most one) and shuffled for
 * regression. Fold assignment depends only on the seed and the rows, so every trial of a search sees the
 * same folds.
 *
 * @param folds           the number of folds (at least 2), or 1 for a holdout split
 * @param holdoutFraction the share of rows held out when {@code folds} is 1
 */
public record Validation(int folds, double holdoutFraction) {

    /** One fold's rows. */
    public record Fold(int[] train, int[] test) {
    }

    public Validation {
        if (folds < 1 || folds == 1 && !(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new GyreException.InvalidArgument("validation needs k >= 2 folds or a holdout fraction in (0, 1); "
                    + "got folds " + folds + ", fraction " + holdoutFraction);
        }
    }

    /** k-fold cross-validation. */
    public static Validation kFold(int k) {
        if (k < 2) {
            throw new GyreException.InvalidArgument("k-fold cross-validation needs k >= 2, not " + k
                    + "; use holdout(fraction) for a single split");
        }
        return new Validation(k, 0);
    }

    /** One split holding out this share of rows. */
    public static Validation holdout(double fraction) {
        return new Validation(1, fraction);
    }

    /**
     * The folds of a training set.
     *
     * @throws GyreException.InvalidArgument when a fold would have no test or no training rows, or (for
     *                                       classification) a class has fewer rows than there are folds
     */
    public List<Fold> split(TrainingSet data, long seed) {
        List<List<Integer>> groups = new ArrayList<>();
        if (data.learningTask() == LearningTask.CLASSIFICATION) {
            for (int k = 0; k < data.classes().size(); k++) {
                groups.add(new ArrayList<>());
            }
            for (int i = 0; i < data.rows(); i++) {
                groups.get(data.classIndex(i)).add(i);
            }
            for (int k = 0; k < groups.size(); k++) {
                int n = groups.get(k).size();
                if (n > 0 && n < Math.max(2, folds)) {
                    throw new GyreException.InvalidArgument("class '" + data.classes().get(k) + "' has " + n
                            + " rows, fewer than the " + Math.max(2, folds) + " a stratified split needs; use "
                            + "fewer folds or add rows");
                }
            }
        } else {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < data.rows(); i++) {
                all.add(i);
            }
            groups.add(all);
        }
        Random random = new Random(seed);
        int parts = folds == 1 ? 0 : folds;
        int[] foldOf = new int[data.rows()];
        int next = 0;
        for (List<Integer> group : groups) {
            Collections.shuffle(group, random);
            int testCount = (int) Math.round(holdoutFraction * group.size());
            for (int j = 0; j < group.size(); j++) {
                if (parts > 0) {
                    foldOf[group.get(j)] = next++ % parts;
                } else {
                    foldOf[group.get(j)] = j < Math.max(1, testCount) && j < group.size() - 1 ? 0 : 1;
                }
            }
        }
        List<Fold> result = new ArrayList<>();
        for (int f = 0; f < Math.max(1, parts); f++) {
            final int fold = f;
            int[] test = java.util.stream.IntStream.range(0, foldOf.length).filter(i -> foldOf[i] == fold).toArray();
            int[] train = java.util.stream.IntStream.range(0, foldOf.length).filter(i -> foldOf[i] != fold).toArray();
            if (test.length == 0 || train.length == 0) {
                throw new GyreException.InvalidArgument("the training set's " + data.rows() + " rows are too few for "
                        + this + "; use fewer folds or add rows");
            }
            result.add(new Fold(train, test));
        }
        return result;
    }

    @Override
    public String toString() {
        return folds == 1 ? "holdout(" + holdoutFraction + ")" : folds + "-fold cross-validation";
    }
}
