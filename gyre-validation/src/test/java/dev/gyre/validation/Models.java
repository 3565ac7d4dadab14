package dev.gyre.validation;

import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.testing.TitanicCsv;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.Map;

/** Test data and real models trained with gyre-training. */
final class Models {

    static final String TITANIC_FEATURES = """
            target: Survived
            columns:
              Sex: [one_hot]
              Pclass: [one_hot]
              Age: [{impute: median, indicator: true}]
              Fare: [log1p]
              Embarked: [{impute: most_frequent}, one_hot]
            drop: [PassengerId, Name, Ticket, Cabin]
            """;

    static final String FARE_ONLY = """
            target: Survived
            columns:
              Fare: [log1p]
            drop: [PassengerId, Name, Ticket, Cabin, Sex, Pclass, Age, SibSp, Parch, Embarked]
            """;

    /** A trained model with the features it reads. */
    record Fitted(TrainedModel model, FittedFeatures features) {
    }

    private Models() {
    }

    static Table titanic() {
        return TitanicCsv.resource(Models.class, "/validation/titanic.csv");
    }

    /** Every fifth passenger (from the fifth) is in the test split. */
    static Table train(Table all) {
        return TitanicCsv.train(all);
    }

    static Table test(Table all) {
        return TitanicCsv.test(all);
    }

    /** Fits the features on the training table and trains a classifier or regressor on them. */
    static Fitted fit(Table train, String featureYaml, String target, String algorithm, Map<String, ?> params,
                      boolean classification) {
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(train),
                new FeatureSpecParser().parse(featureYaml));
        double[][] x = features.toMatrix(train);
        TrainingSet set;
        if (classification) {
            String[] labels = new String[train.rowCount()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Predictions.label(train.column(target), i);
            }
            set = TrainingSet.classification(x, features.featureNames(), labels);
        } else {
            set = TrainingSet.regression(x, features.featureNames(), ((NumericColumn) train.column(target)).toArray());
        }
        return new Fitted(Algorithms.fit(algorithm, set, params, 7), features);
    }
}
