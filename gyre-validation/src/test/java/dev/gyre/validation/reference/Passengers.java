package dev.gyre.validation.reference;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Titanic-like passengers, their one-hot features and a fixed scoring model, for tests. */
final class Passengers {
    static final String SPEC = """
            target: Survived
            columns:
              Age: [{impute: median}, standardize]
              Fare: [log1p, standardize]
              Pclass: [one_hot]
              Sex: [one_hot]
              Embarked: [{impute: most_frequent}, one_hot]
              Crew: [standardize]
            """;

    private Passengers() {
    }

    /** Rows with missing ages and ports, one-hot groups that sum to one, and a constant column. */
    static Table table(int rows, long seed) {
        Random random = new Random(seed);
        double[] age = new double[rows];
        double[] fare = new double[rows];
        double[] crew = new double[rows];
        String[] pclass = new String[rows];
        String[] sex = new String[rows];
        String[] embarked = new String[rows];
        String[] survived = new String[rows];
        java.util.BitSet missingAge = new java.util.BitSet();
        for (int i = 0; i < rows; i++) {
            age[i] = Math.max(1, 30 + 14 * random.nextGaussian());
            if (random.nextInt(5) == 0) {
                missingAge.set(i);
            }
            int c = 1 + random.nextInt(3);
            pclass[i] = Integer.toString(c);
            fare[i] = Math.exp(4.5 - c + random.nextGaussian() * 0.6);
            sex[i] = random.nextBoolean() ? "male" : "female";
            embarked[i] = random.nextInt(50) == 0 ? null : new String[] {"S", "C", "Q"}[random.nextInt(3)];
            survived[i] = random.nextInt(3) == 0 ? "1" : "0";
            crew[i] = 0;
        }
        return Table.of(new NumericColumn("Age", age, missingAge), NumericColumn.of("Fare", fare),
                CategoricalColumn.of("Pclass", pclass), CategoricalColumn.of("Sex", sex),
                CategoricalColumn.of("Embarked", embarked), NumericColumn.of("Crew", crew),
                CategoricalColumn.of("Survived", survived));
    }

    static FittedFeatures features(Table table) {
        return FeaturePipeline.fit(TrainingData.train(table), new FeatureSpecParser().parse(SPEC));
    }

    /** A logistic model with fixed weights: survival is likelier for women, first class and higher fares. */
    static TrainedModel model(FittedFeatures features) {
        return model(features.featureNames());
    }

    /** The same model expecting the given feature names. */
    static TrainedModel model(List<String> names) {
        return new TrainedModel() {
            @Override
            public String algorithm() {
                return "fixed_logistic";
            }

            @Override
            public Map<String, Object> params() {
                return Map.of();
            }

            @Override
            public long seed() {
                return 0;
            }

            @Override
            public LearningTask task() {
                return LearningTask.CLASSIFICATION;
            }

            @Override
            public List<String> featureNames() {
                return names;
            }

            @Override
            public List<String> classes() {
                return List.of("0", "1");
            }

            @Override
            public double[] predict(double[] row) {
                double z = -0.5;
                for (int j = 0; j < row.length; j++) {
                    String name = names.get(j);
                    z += switch (name) {
                        case "Sex=female" -> 2.0 * row[j];
                        case "Pclass=1" -> 1.0 * row[j];
                        case "Fare" -> 0.5 * row[j];
                        default -> 0.0;
                    };
                }
                double p = 1 / (1 + Math.exp(-z));
                return new double[] {1 - p, p};
            }

            @Override
            public byte[] serialize() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
