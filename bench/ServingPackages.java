// The Gyre side of bench/serving.sh's training: writes the model packages `gyre serve` is measured with, run with
// the JDK's source launcher on the distribution's class path:
//
//   java -cp CLASSPATH bench/ServingPackages.java ROWS.csv OUT_DIR
//
// ROWS.csv is the file bench/serving_sklearn.py prepared from the Titanic passengers (Pclass, Sex as 1/0, Age empty
// when unknown, SibSp, Parch, Fare, Survived), so both sides train on the same rows with the same features: Age
// imputed with the median, every other column as it is. Writes titanic-lr.zip (logistic regression), titanic-rf.zip
// (random forest of 100 trees) and titanic-xgb.zip (XGBoost, 100 rounds of depth 6) into OUT_DIR, each with the
// model name of its file (titanic-lr, …), and prints one line per model with its training accuracy and its answer
// to the benchmark's request.

import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FeatureSpecParser;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.PackageMetadata;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class ServingPackages {

    static final String SPEC = """
            target: Survived
            columns:
              Age: [{impute: median}]
            """;
    static final Map<String, Object> REQUEST = Map.of("Pclass", 3, "Sex", 1, "Age", 22.0, "SibSp", 1, "Parch", 0,
            "Fare", 7.25);

    public static void main(String[] args) throws Exception {
        Table table = read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        FittedFeatures features = FeaturePipeline.fit(TrainingData.train(table), new FeatureSpecParser().parse(SPEC));
        double[][] x = features.toMatrix(table);
        String[] labels = new String[table.rowCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Long.toString(Math.round(((Number) table.column("Survived").get(i)).doubleValue()));
        }
        TrainingSet set = TrainingSet.classification(x, features.featureNames(), labels);
        write(out, "titanic-lr", Algorithms.fit("logistic_regression", set, Map.of(), 0), features, set);
        write(out, "titanic-rf", Algorithms.fit("random_forest", set, Map.of("n_trees", 100), 0), features, set);
        write(out, "titanic-xgb", Algorithms.fit("gradient_boosting", set, Map.of("n_estimators", 100), 0),
                features, set);
    }

    static void write(Path dir, String name, TrainedModel model, FittedFeatures features, TrainingSet set) {
        PackageMetadata metadata = PackageMetadata.builder(name, "1").build(model, features);
        Path file = dir.resolve(name + ".zip");
        ModelPackages.write(ModelPackage.of(features, model, metadata, null), file);
        double[][] p = model.predictBatch(set.x());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int best = p[i][1] > p[i][0] ? 1 : 0;
            right += model.classes().get(best).equals(set.labels()[i]) ? 1 : 0;
        }
        Prediction one = GyreModel.load(file).predict(REQUEST);
        System.out.printf(Locale.ROOT, "gyre %s: training accuracy %.4f, request probabilities %s%n", name,
                (double) right / p.length, one.probabilities());
    }

    /** The prepared rows: a header, then numbers; an empty field is missing. */
    static Table read(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        int n = lines.size() - 1;
        double[][] values = new double[header.length][n];
        BitSet[] missing = new BitSet[header.length];
        for (int c = 0; c < header.length; c++) {
            missing[c] = new BitSet();
        }
        for (int r = 0; r < n; r++) {
            String[] fields = lines.get(r + 1).split(",", -1);
            for (int c = 0; c < header.length; c++) {
                if (fields[c].isEmpty()) {
                    missing[c].set(r);
                } else {
                    values[c][r] = Double.parseDouble(fields[c]);
                }
            }
        }
        List<NumericColumn> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            columns.add(new NumericColumn(header[c], values[c], missing[c]));
        }
        return new Table(columns);
    }
}
