package dev.gyre.features;

import dev.gyre.core.GyreException;
import dev.gyre.features.internal.Fitter;
import java.util.Objects;

/**
 * Fits a {@link FeatureSpec} on training data. Every statistic — means, medians, standard deviations,
 * minima and maxima, quantile edges, categories and their order, frequencies — is learned from the
 * training table given here and from nothing else; the result, {@link FittedFeatures}, applies them
 * unchanged to any other table or row.
 */
public final class FeaturePipeline {
    /** The message of the refusal to fit on a test split. */
    public static final String SEALED = "the test split is sealed: features are fitted on training data only";

    private FeaturePipeline() {
    }

    /**
     * Learns the spec's statistics from {@code training}.
     *
     * <p>Checks, each failing with {@link GyreException.InvalidArgument}: the data is not the test split;
     * the target, every derived column's sources, every column with steps and every dropped column exist
     * (naming the spec line and the columns there are); a derived column does not reuse a table column's
     * name; each step gets the kind of value it needs (numbers for standardize, for example); every text
     * column that remains a feature is encoded; a timestamp column is dropped (its parts derived); there is
     * a value to learn from where a step needs one; and the feature names are unique.
     *
     * @throws GyreException.InvalidArgument as above
     */
    public static FittedFeatures fit(TrainingData training, FeatureSpec spec) {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(spec, "spec");
        if (training.role() == TrainingData.SplitRole.TEST) {
            throw new GyreException.InvalidArgument("Refusing to fit features on this table: " + SEALED
                    + ". Fit on the train split, and transform the test split with the fitted features.");
        }
        return new FittedFeatures(spec, Fitter.fit(training.table(), spec));
    }
}
