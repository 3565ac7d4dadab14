package dev.gyre.validation;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.NumericColumn;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Test data and real models trained with gyre-training. */
final class Models {

    private static final Set<String> NUMERIC = Set.of("PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare");
    private static final Set<String> CATEGORICAL = Set.of("Sex", "Cabin", "Embarked");

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

    static Table titanic() throws IOException {
        List<String> lines;
        try (InputStream in = Models.class.getResourceAsStream("/validation/titanic.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
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

    /** Every fifth passenger (from the fifth) is in the test split. */
    static Table train(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 != 4).toArray());
    }

    static Table test(Table all) {
        return all.take(IntStream.range(0, all.rowCount()).filter(i -> i % 5 == 4).toArray());
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

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
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
