package dev.gyre.validation.fairness;

import dev.gyre.validation.internal.Checks;

/**
 * Binary outcomes and predictions with the sensitive group of every row: the input of the fairness measures.
 * Label 1 is the positive (favourable) outcome. Arrays are copied.
 *
 * @param yTrue        0 or 1 per row
 * @param yPred        0 or 1 per row
 * @param groups       the group of every row
 * @param minGroupSize groups with fewer rows are flagged in {@link GroupMetrics} (still counted)
 */
public record FairnessData(int[] yTrue, int[] yPred, SensitiveGroups groups, int minGroupSize) {

    /** The minimum group size when none is given. */
    public static final int DEFAULT_MIN_GROUP_SIZE = 30;

    /**
     * @throws dev.gyre.core.GyreException.InvalidArgument on null, empty or mismatched arrays, labels other than
     *                                                     0/1, or a negative minimum group size
     */
    public FairnessData {
        int n = Checks.sameLength(yTrue, "y_true", yPred, "y_pred");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.binaryLabels(yPred, "y_pred");
        if (groups == null) {
            throw Checks.invalid("sensitive groups are missing; pass one group value per row");
        }
        if (groups.rowCount() != n) {
            throw Checks.invalid("the sensitive attributes have " + groups.rowCount() + " rows but y_true has " + n
                    + "; pass one group value per row, in the same row order");
        }
        if (minGroupSize < 0) {
            throw Checks.invalid("minimum group size is " + minGroupSize + "; use 0 or more");
        }
        yTrue = yTrue.clone();
        yPred = yPred.clone();
    }

    public FairnessData(int[] yTrue, int[] yPred, SensitiveGroups groups) {
        this(yTrue, yPred, groups, DEFAULT_MIN_GROUP_SIZE);
    }

    @Override
    public int[] yTrue() {
        return yTrue.clone();
    }

    @Override
    public int[] yPred() {
        return yPred.clone();
    }

    public int rowCount() {
        return yTrue.length;
    }

    /** The metric per group on all rows. */
    public GroupMetrics byGroup(java.util.function.Function<FairnessData, dev.gyre.validation.metrics.RowMetric> metric) {
        return GroupMetrics.of(metric.apply(this), groups, minGroupSize);
    }
}
