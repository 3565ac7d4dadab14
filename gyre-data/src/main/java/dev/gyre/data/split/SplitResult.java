package dev.gyre.data.split;

import dev.gyre.core.table.Table;
import java.util.Objects;

/**
 * The rows of each split, as ascending row indexes into the table that was split, with a summary. The three
 * index sets are disjoint and together cover every row. Immutable: accessors return copies.
 */
public final class SplitResult {
    private final int[] train;
    private final int[] validation;
    private final int[] test;
    private final SplitSummary summary;

    SplitResult(int[] train, int[] validation, int[] test, SplitSummary summary) {
        this.train = train.clone();
        this.validation = validation.clone();
        this.test = test.clone();
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** Row indexes of the training split, ascending. */
    public int[] train() {
        return train.clone();
    }

    /** Row indexes of the validation split, ascending; empty when the spec has no validation fraction. */
    public int[] validation() {
        return validation.clone();
    }

    /** Row indexes of the test split, ascending. */
    public int[] test() {
        return test.clone();
    }

    public SplitSummary summary() {
        return summary;
    }

    /** The training rows of {@code table} (the table that was split), in their original order. */
    public Table trainOf(Table table) {
        return table.take(train);
    }

    /** The validation rows of {@code table}, in their original order. */
    public Table validationOf(Table table) {
        return table.take(validation);
    }

    /** The test rows of {@code table}, in their original order. */
    public Table testOf(Table table) {
        return table.take(test);
    }

    @Override
    public String toString() {
        return "SplitResult[" + summary.counts() + "]";
    }
}
