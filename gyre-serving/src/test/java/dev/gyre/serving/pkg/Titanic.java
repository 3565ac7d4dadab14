package dev.gyre.serving.pkg;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import dev.gyre.validation.reference.ReferenceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private static final Set<String> NUMERIC = Set.of("PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare");
    private static final Set<String> CATEGORICAL = Set.of("Sex", "Cabin", "Embarked");
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
        List<String> lines;
        try (InputStream in = Titanic.class.getResourceAsStream("/titanic.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = fields(lines.get(0));
        List<Field> schema = new ArrayList<>();
        for (String name : header) {
            schema.add(new Field(name, NUMERIC.contains(name) ? ColumnType.NUMERIC
                    : CATEGORICAL.contains(name) ? ColumnType.CATEGORICAL : ColumnType.TEXT));
        }
        TableBuilder builder = new TableBuilder(new Schema(schema));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> raw = fields(line);
            Object[] row = new Object[schema.size()];
            for (int i = 0; i < row.length; i++) {
                String v = i < raw.size() ? raw.get(i) : "";
                row[i] = v.isEmpty() ? null
                        : schema.get(i).type() == ColumnType.NUMERIC ? (Object) Double.parseDouble(v) : v;
            }
            builder.addRow(row);
        }
        return builder.build();
    }

    /** The fields of one CSV line: commas separate, double quotes quote, "" is a quote inside quotes. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
