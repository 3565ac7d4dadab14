package dev.gyre.validation;

import dev.gyre.core.GyreException;
import dev.gyre.core.charter.Charter;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;

/**
 * Everything {@link ModelValidator} needs to judge one model: the model with the features it was trained on, the
 * training split and the sealed test split as raw tables (target included), the project's charter, and
 * optionally the cross-validation score of the training run and the current champion.
 *
 * @param model                  the candidate model; never {@code null}
 * @param features               the fitted features that turn a raw table into the model's input; never {@code null}
 * @param trainTable             the training split, raw, with the target column; never {@code null}
 * @param testTable              the sealed test split, raw, with the target column; never {@code null}
 * @param charter                the project's charter: task, target, success metric, fairness policy; never {@code null}
 * @param crossValidationScore   the success metric averaged over the training run's validation folds, or
 *                               {@code null} when unknown (the name must be the charter's success metric)
 * @param champion               the model in production to compare with, or {@code null} when there is none
 * @param options                seeds, bootstrap and slice settings; {@code null} means {@link ValidationOptions#defaults()}
 */
public record ValidationRequest(TrainedModel model, FittedFeatures features, Table trainTable, Table testTable,
                                Charter charter, Double crossValidationScore, Champion champion,
                                ValidationOptions options) {

    /**
     * The model currently in production.
     *
     * @param model    its trained model; never {@code null}
     * @param features its fitted features; never {@code null}
     * @param label    how the report names it, e.g. {@code titanic@production (version 3)}; never blank
     */
    public record Champion(TrainedModel model, FittedFeatures features, String label) {
        public Champion {
            if (model == null || features == null) {
                throw new GyreException.InvalidArgument("champion: both its model and its fitted features are needed");
            }
            if (label == null || label.isBlank()) {
                throw new GyreException.InvalidArgument("champion: give it a label such as 'titanic@production v3'");
            }
        }
    }

    /** @throws GyreException.InvalidArgument when a required part is missing or the CV score is not finite */
    public ValidationRequest {
        require(model, "model");
        require(features, "fitted features");
        require(trainTable, "training table");
        require(testTable, "test table");
        require(charter, "charter");
        if (crossValidationScore != null && !Double.isFinite(crossValidationScore)) {
            throw new GyreException.InvalidArgument("cross-validation score must be a finite number, got "
                    + crossValidationScore);
        }
        if (options == null) {
            options = ValidationOptions.defaults();
        }
    }

    /** A request without cross-validation score, champion or special options. */
    public ValidationRequest(TrainedModel model, FittedFeatures features, Table trainTable, Table testTable,
                             Charter charter) {
        this(model, features, trainTable, testTable, charter, null, null, null);
    }

    /** The same request with a champion. */
    public ValidationRequest withChampion(Champion newChampion) {
        return new ValidationRequest(model, features, trainTable, testTable, charter, crossValidationScore,
                newChampion, options);
    }

    /** The same request with other options. */
    public ValidationRequest withOptions(ValidationOptions newOptions) {
        return new ValidationRequest(model, features, trainTable, testTable, charter, crossValidationScore,
                champion, newOptions);
    }

    /** The same request with a cross-validation score. */
    public ValidationRequest withCrossValidationScore(Double score) {
        return new ValidationRequest(model, features, trainTable, testTable, charter, score, champion, options);
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new GyreException.InvalidArgument("validation needs the " + what + "; it is missing");
        }
    }
}
