package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import java.util.List;
import java.util.Objects;

/**
 * Builds the {@link Reference} of a model version from its training rows at validation time: the features
 * turn the rows into the model's matrix, the model predicts every row, the raw inputs and the outputs are
 * profiled ({@link ReferenceProfile}) and an {@link OutlierDetector} is fitted on the matrix.
 */
public final class ReferenceBuilder {
    private ReferenceBuilder() {
    }

    /** {@link #build(Table, FittedFeatures, TrainedModel, ReferenceOptions)} with the default options. */
    public static Reference build(Table table, FittedFeatures features, TrainedModel model) {
        return build(table, features, model, ReferenceOptions.defaults());
    }

    /**
     * Builds the reference.
     *
     * @param table    the training rows, with at least the columns the features read
     * @param features the features the model was trained with
     * @param model    the model
     * @throws GyreException.InvalidArgument when the model's feature names are not the features', a column is
     *                                       absent, a feature is missing in some row, or there are fewer than 2
     *                                       rows
     */
    public static Reference build(Table table, FittedFeatures features, TrainedModel model, ReferenceOptions options) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(options, "options");
        if (!model.featureNames().equals(features.featureNames())) {
            throw new GyreException.InvalidArgument("The model expects the features " + model.featureNames()
                    + " but the fitted features give " + features.featureNames()
                    + "; build the reference with the features the model was trained with.");
        }
        List<String> inputs = features.inputs().stream().map(Field::name).toList();
        for (String input : inputs) {
            if (!table.hasColumn(input)) {
                throw new GyreException.InvalidArgument("The table lacks the input column '" + input
                        + "' the features read.");
            }
        }
        double[][] matrix = features.toMatrix(table);
        double[][] predictions = model.predictBatch(matrix);
        ReferenceProfile profile = ReferenceProfile.of(table.select(inputs), model.task(), model.classes(),
                predictions, options.profile());
        OutlierDetector detector = OutlierDetector.fit(matrix, features.featureNames(), options.outliers());
        return new Reference(profile, detector);
    }
}
