// The Gyre side of bench/training.sh, run with the JDK's source launcher on gyre-training's class path:
//
//   java -cp CLASSPATH bench/TrainingBench.java TITANIC.csv SYNTH.csv [REPEATS]
//
// Builds exactly the features of bench/training_sklearn.py (Titanic: Pclass, Sex one-hot, Age and Fare
// imputed with the median of the training rows, SibSp, Parch, Embarked one-hot with missing taken as S;
// synthetic: x0..x9, then c0..c2 one-hot in sorted level order; test rows: id % 5 == 0), warms the JIT up
// by training each family repeatedly for about 1.5 s, then trains it REPEATS times (default 3) with seeds 0, 1, …
// and prints
//
//   ROW <dataset> <family> <best training seconds> <mean test accuracy> <mean test ROC AUC>
//
// (the means are over the REPEATS models). Families: logistic_regression, decision_tree, random_forest
// (50 trees, 2 threads), gradient_boosting, and random_forest_xgb — XGBoost's random-forest mode with the
// same budget (one round of 50 parallel trees), measured for comparison; GYRE_BENCH_XGB_FOREST=0 skips it.

import dev.gyre.training.Algorithms;
import dev.gyre.training.Metrics;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

public class TrainingBench {

    record Split(TrainingSet train, double[][] testX, String[] testY) {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Map<String, Split> sets = new LinkedHashMap<>();
        sets.put("titanic", titanic(Path.of(args[0])));
        sets.put("synthetic", synthetic(Path.of(args[1])));
        Map<String, Map<String, Object>> families = new LinkedHashMap<>();
        families.put("logistic_regression", Map.of());
        families.put("decision_tree", Map.of());
        families.put("random_forest", Map.of("n_trees", 50, "threads", 2));
        families.put("gradient_boosting", Map.of());
        for (Map.Entry<String, Split> set : sets.entrySet()) {
            Split s = set.getValue();
            for (Map.Entry<String, Map<String, Object>> family : families.entrySet()) {
                try {
                    warmUp(family.getKey(), s.train(), family.getValue());
                    double best = Double.MAX_VALUE;
                    double accuracy = 0;
                    double auc = 0;
                    for (int seed = 0; seed < repeats; seed++) {
                        long start = System.nanoTime();
                        TrainedModel model = Algorithms.fit(family.getKey(), s.train(), family.getValue(), seed);
                        best = Math.min(best, (System.nanoTime() - start) / 1e9);
                        double[][] p = model.predictBatch(s.testX());
                        accuracy += accuracy(p, model.classes(), s) / repeats;
                        auc += Metrics.rocAuc(s.testY(), p, model.classes()) / repeats;
                    }
                    row(set.getKey(), family.getKey(), best, accuracy, auc);
                } catch (RuntimeException e) {
                    System.out.println("ROW " + set.getKey() + " " + family.getKey() + " failed: " + e);
                }
            }
            if (!"0".equals(System.getenv("GYRE_BENCH_XGB_FOREST"))) {
                xgboostForest(set.getKey(), s, repeats);
            }
        }
    }

    /**
     * Lets the JIT compile the training code, as in a long-running server: fits until 1.5 s have passed (at
     * least once, at most 5000 times).
     */
    static void warmUp(String algorithm, TrainingSet train, Map<String, Object> params) {
        long until = System.nanoTime() + 1_500_000_000L;
        for (int i = 0; i < 5000 && (i == 0 || System.nanoTime() < until); i++) {
            Algorithms.fit(algorithm, train, params, 1000 + i);
        }
    }

    static double accuracy(double[][] p, List<String> classes, Split s) {
        String[] predicted = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = p[i][1] > 0.5 ? classes.get(1) : classes.get(0);
        }
        return Metrics.accuracy(s.testY(), predicted);
    }

    static void row(String set, String family, double seconds, double accuracy, double auc) {
        System.out.printf(Locale.ROOT, "ROW %s %s %.4f %.4f %.4f%n", set, family, seconds, accuracy, auc);
    }

    /** XGBoost's random-forest mode: one round of 50 parallel trees, row and per-node column sampling. */
    static void xgboostForest(String set, Split s, int repeats) throws Exception {
        TrainingSet t = s.train();
        int n = t.rows();
        int d = t.features();
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("tree_method", "hist");
        params.put("num_parallel_tree", 50);
        params.put("subsample", 0.632);
        params.put("colsample_bynode", Math.floor(Math.sqrt(d)) / d);
        params.put("learning_rate", 1.0);
        params.put("max_depth", 16);
        params.put("min_child_weight", 1e-6);
        params.put("reg_lambda", 1e-6);
        params.put("nthread", 2);
        double[][] x = s.testX();
        float[] testFlat = new float[x.length * d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                testFlat[i * d + j] = (float) x[i][j];
            }
        }
        double best = Double.MAX_VALUE;
        double accuracy = 0;
        double auc = 0;
        for (int r = -1; r < repeats; r++) {   // round -1 warms up
            params.put("seed", Math.max(r, 0));
            long start = System.nanoTime();
            float[] flat = new float[n * d];
            float[] label = new float[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    flat[i * d + j] = (float) t.value(i, j);
                }
                label[i] = t.classIndex(i);
            }
            DMatrix train = new DMatrix(flat, n, d, Float.NaN);
            train.setLabel(label);
            Booster booster = XGBoost.train(train, params, 1, new HashMap<>(), null, null);
            train.dispose();
            if (r < 0) {
                continue;
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            float[][] out = booster.inplace_predict(testFlat, x.length, d, Float.NaN);
            double[][] p = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                p[i] = new double[] {1 - out[i][0], out[i][0]};
            }
            accuracy += accuracy(p, t.classes(), s) / repeats;
            auc += Metrics.rocAuc(s.testY(), p, t.classes()) / repeats;
            booster.dispose();
        }
        row(set, "random_forest_xgb", best, accuracy, auc);
    }

    static Split titanic(Path path) throws Exception {
        List<Map<String, String>> rows = csv(path);
        List<Double> ages = new ArrayList<>();
        List<Double> fares = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (Integer.parseInt(r.get("PassengerId")) % 5 != 0) {
                if (!r.get("Age").isEmpty()) {
                    ages.add(Double.parseDouble(r.get("Age")));
                }
                if (!r.get("Fare").isEmpty()) {
                    fares.add(Double.parseDouble(r.get("Fare")));
                }
            }
        }
        double ageMedian = median(ages);
        double fareMedian = median(fares);
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Boolean> test = new ArrayList<>();
        for (Map<String, String> r : rows) {
            String embarked = r.get("Embarked").isEmpty() ? "S" : r.get("Embarked");
            x.add(new double[] {
                Double.parseDouble(r.get("Pclass")), r.get("Sex").equals("female") ? 1 : 0,
                r.get("Sex").equals("male") ? 1 : 0,
                r.get("Age").isEmpty() ? ageMedian : Double.parseDouble(r.get("Age")),
                Double.parseDouble(r.get("SibSp")), Double.parseDouble(r.get("Parch")),
                r.get("Fare").isEmpty() ? fareMedian : Double.parseDouble(r.get("Fare")),
                embarked.equals("C") ? 1 : 0, embarked.equals("Q") ? 1 : 0, embarked.equals("S") ? 1 : 0});
            y.add(r.get("Survived"));
            test.add(Integer.parseInt(r.get("PassengerId")) % 5 == 0);
        }
        List<String> names = List.of("Pclass", "Sex_female", "Sex_male", "Age", "SibSp", "Parch", "Fare",
                "Embarked_C", "Embarked_Q", "Embarked_S");
        return split(x, y, test, names);
    }

    static Split synthetic(Path path) throws Exception {
        List<Map<String, String>> rows = csv(path);
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (String c : List.of("c0", "c1", "c2")) {
            TreeSet<String> values = new TreeSet<>();
            rows.forEach(r -> values.add(r.get(c)));
            levels.put(c, List.copyOf(values));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("x" + i);
        }
        levels.forEach((c, values) -> values.forEach(v -> names.add(c + "_" + v)));
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Boolean> test = new ArrayList<>();
        for (Map<String, String> r : rows) {
            double[] f = new double[names.size()];
            int j = 0;
            for (int i = 0; i < 10; i++) {
                f[j++] = Double.parseDouble(r.get("x" + i));
            }
            for (Map.Entry<String, List<String>> c : levels.entrySet()) {
                for (String v : c.getValue()) {
                    f[j++] = r.get(c.getKey()).equals(v) ? 1 : 0;
                }
            }
            x.add(f);
            y.add(r.get("y"));
            test.add(Integer.parseInt(r.get("id")) % 5 == 0);
        }
        return split(x, y, test, names);
    }

    static Split split(List<double[]> x, List<String> y, List<Boolean> test, List<String> names) {
        List<double[]> trainX = new ArrayList<>();
        List<String> trainY = new ArrayList<>();
        List<double[]> testX = new ArrayList<>();
        List<String> testY = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            (test.get(i) ? testX : trainX).add(x.get(i));
            (test.get(i) ? testY : trainY).add(y.get(i));
        }
        TrainingSet train = TrainingSet.classification(trainX.toArray(double[][]::new), names,
                trainY.toArray(String[]::new), List.of("0", "1"));
        return new Split(train, testX.toArray(double[][]::new), testY.toArray(String[]::new));
    }

    static double median(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** A small CSV reader: a header row, fields optionally in double quotes with "" for a quote. */
    static List<Map<String, String>> csv(Path path) throws Exception {
        List<String> lines = Files.readAllLines(path);
        List<String> header = fields(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < f.size() ? f.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
