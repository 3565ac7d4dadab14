package dev.gyre.serving.pkg;

import dev.gyre.core.table.Table;
import dev.gyre.core.testing.TitanicCsv;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import dev.gyre.validation.reference.ReferenceBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The example Titanic passengers, their features as in the example project, and packages trained on them. */
final class Titanic {
    /** The example project's features, with the target. */
    static final String SPEC = """
            target: Survived
            derive:
              - name: title
                regex_extract: {column: Name, pattern: ",\\\\s*([^.]+)\\\\.", group: 1}
            columns:
              Sex: [one_hot]
              Pclass: [one_hot]
              Age: [{impute: median, indicator: true}]
              Fare: [log1p]
              Embarked: [{impute: most_frequent}, one_hot]
              title: [{one_hot: {max_categories: 5}}]
            drop: [PassengerId, Name, Ticket, Cabin]
            """;
    private static Table passengers;

    private Titanic() {
    }

    /** Every passenger of the example file; an empty field is missing. */
    static synchronized Table passengers() {
        if (passengers == null) {
            passengers = read();
        }
        return passengers;
    }

    static FittedFeatures features(String spec) {
        return FeaturePipeline.fit(TrainingData.train(passengers()), new FeatureSpecParser().parse(spec));
    }

    static TrainedModel train(FittedFeatures features, String algorithm) {
        Table table = passengers();
        String[] labels = new String[table.rowCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Long.toString(((Number) table.column("Survived").get(i)).longValue());
        }
        TrainingSet set = TrainingSet.classification(features.toMatrix(table), features.featureNames(), labels);
        return Algorithms.fit(algorithm, set, Map.of(), 42);
    }

    /** A logistic regression package with metadata and a reference. */
    static ModelPackage logisticPackage() {
        FittedFeatures features = features(SPEC);
        TrainedModel model = train(features, "logistic_regression");
        PackageMetadata metadata = PackageMetadata.builder("titanic", "1")
                .createdAt(Instant.parse("2024-01-02T03:04:05Z"))
                .lineage("run-1", List.of("titanic@1"), "0123abcd")
                .charterMetric("roc_auc")
                .validation(new PackageMetadata.ValidationSummary(true,
                        List.of(new PackageMetadata.Gate("min_roc_auc", "passed"))))
                .build(model, features);
        return ModelPackage.of(features, model, metadata, ReferenceBuilder.build(passengers(), features, model));
    }

    private static Table read() {
        return TitanicCsv.resource(Titanic.class, "/titanic.csv");
    }
}
