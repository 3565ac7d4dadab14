package dev.gyre.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.training.Algorithms;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * The Java evaluator of XGBoost trees agrees with XGBoost's own predictor to 1e-6 on 10 000 rows, with missing
 * values, many ties and values exactly on the split thresholds.
 */
class XGBoostEvaluatorTest {

    private static final int D = 8;
    private static final int TEST_ROWS = 10_000;
    private static final double TOLERANCE = 1e-6;

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < D; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /**
     * Features of different kinds: continuous, small integers (many ties), halves, a flag, one with a fifth
     * missing, one with a few missing, large and tiny scales.
     */
    private static double[][] rows(int n, Random r) {
        double[][] x = new double[n][D];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextInt(5);
            x[i][2] = Math.round(2 * r.nextGaussian()) / 2.0;
            x[i][3] = r.nextDouble() < 0.2 ? Double.NaN : r.nextDouble() * 10;
            x[i][4] = r.nextDouble() < 0.05 ? Double.NaN : r.nextGaussian();
            x[i][5] = r.nextInt(2);
            x[i][6] = 1000 + 300 * r.nextGaussian();
            x[i][7] = 1e-3 * r.nextGaussian();
        }
        return x;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** A score that every feature moves, missing values included. */
    private static double score(double[] x, Random r) {
        return 0.9 * x[0] + 0.5 * (x[1] - 2) + 0.4 * x[2] * x[5] + 0.3 * (nz(x[3]) - 5) * (Double.isNaN(x[3]) ? -1 : 1)
                + 0.6 * nz(x[4]) + (x[6] - 1000) / 300 + 300 * x[7] + r.nextGaussian();
    }

    private static XGBoostModel train(String objective, int classes, double[][] x, float[] labels,
            Map<String, Object> extra, int rounds) throws Exception {
        int n = x.length;
        float[] flat = new float[n * D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                flat[i * D + j] = (float) x[i][j];
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("tree_method", "hist");
        params.put("objective", objective);
        if (classes > 2) {
            params.put("num_class", classes);
        }
        params.put("eta", 0.1);
        params.put("max_depth", 6);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("verbosity", 0);
        params.putAll(extra);
        DMatrix train = new DMatrix(flat, n, D, Float.NaN);
        try {
            train.setLabel(labels);
            Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
            List<String> classNames = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                classNames.add("c" + k);
            }
            LearningTask task = classes == 0 ? LearningTask.REGRESSION : LearningTask.CLASSIFICATION;
            ModelHeader header = new ModelHeader(XGBoostModel.FORMAT, XGBoostTrainer.NAME, task, Map.of(), 7,
                    names(), classNames);
            return new XGBoostModel(header, booster);
        } finally {
            train.dispose();
        }
    }

    private static XGBoostModel classifier(int classes, Map<String, Object> extra, int rounds, long seed)
            throws Exception {
        Random r = new Random(seed);
        double[][] x = rows(4000, r);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = score(x[i], r);
            y[i] = classes == 2 ? (s > 0 ? 1 : 0) : Math.min(classes - 1, Math.max(0, (int) Math.floor(s / 1.5 + classes / 2.0)));
        }
        return train(classes == 2 ? "binary:logistic" : "multi:softprob", classes, x, y, extra, rounds);
    }

    private static XGBoostModel regressor(Map<String, Object> extra, int rounds, long seed) throws Exception {
        Random r = new Random(seed);
        double[][] x = rows(4000, r);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (40 + 12 * score(x[i], r));
        }
        return train("reg:squarederror", 0, x, y, extra, rounds);
    }

    /** Test rows: fresh draws, a tenth of them with every feature set to one of the model's thresholds. */
    private static double[][] testRows(XGBoostModel model, long seed) throws Exception {
        List<TreeSet<Float>> thresholds = new ArrayList<>();
        for (int j = 0; j < D; j++) {
            thresholds.add(new TreeSet<>());
        }
        JsonNode trees = new ObjectMapper().readTree(model.boosterJson())
                .at("/learner/gradient_booster/model/trees");
        for (JsonNode tree : trees) {
            JsonNode lefts = tree.get("left_children");
            for (int i = 0; i < lefts.size(); i++) {
                if (lefts.get(i).asInt() != -1) {
                    thresholds.get(tree.get("split_indices").get(i).asInt())
                            .add(Float.parseFloat(tree.get("split_conditions").get(i).asText()));
                }
            }
        }
        Random r = new Random(seed);
        double[][] x = rows(TEST_ROWS, r);
        for (int i = 0; i < TEST_ROWS; i += 10) {
            for (int j = 0; j < D; j++) {
                List<Float> at = new ArrayList<>(thresholds.get(j));
                if (!at.isEmpty()) {
                    x[i][j] = at.get(r.nextInt(at.size()));
                }
            }
        }
        return x;
    }

    /** Largest absolute difference between the two paths over every output of every row; prints timings. */
    private static double agreement(String label, XGBoostModel model) throws Exception {
        assertThat(model.evaluator()).as("an evaluator for " + label).isNotNull();
        double[][] x = testRows(model, 99);
        double[][] expected = model.predictNative(x);
        double[][] margins = model.margins(x);
        double worst = 0;
        double worstMargin = 0;
        for (int i = 0; i < x.length; i++) {
            double[] actual = model.predictRow(x[i]);
            assertThat(actual).hasSameSizeAs(expected[i]);
            for (int k = 0; k < actual.length; k++) {
                worst = Math.max(worst, Math.abs(actual[k] - expected[i][k]));
            }
            float[] m = model.evaluator().margins(toFloats(x[i]));
            for (int k = 0; k < m.length; k++) {
                worstMargin = Math.max(worstMargin, Math.abs(m[k] - margins[i][k]));
            }
        }
        double[] timings = timings(model, x);
        System.out.printf("%s: %d trees, max |difference| %.3g (margins %.3g); single row: evaluator %.2f µs,"
                + " xgboost4j %.2f µs; %d rows: evaluator %.2f µs/row, xgboost4j batch %.2f µs/row%n", label,
                model.evaluator().trees(), worst, worstMargin, timings[0], timings[1], x.length, timings[0], timings[2]);
        return worst;
    }

    private static float[] toFloats(double[] row) {
        float[] f = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            f[j] = (float) row[j];
        }
        return f;
    }

    /** Mean µs per single-row call of the evaluator and of xgboost4j, and per row of one xgboost4j batch. */
    private static double[] timings(XGBoostModel model, double[][] x) {
        double sink = 0;
        for (int rep = 0; rep < 3; rep++) {
            for (double[] row : x) {
                sink += model.predictRow(row)[0];
            }
        }
        long t0 = System.nanoTime();
        for (double[] row : x) {
            sink += model.predictRow(row)[0];
        }
        double evaluator = (System.nanoTime() - t0) / 1e3 / x.length;
        int single = 2000;
        for (int i = 0; i < 500; i++) {
            sink += model.predictNative(new double[][] {x[i]})[0][0];
        }
        t0 = System.nanoTime();
        for (int i = 0; i < single; i++) {
            sink += model.predictNative(new double[][] {x[i]})[0][0];
        }
        double nativeSingle = (System.nanoTime() - t0) / 1e3 / single;
        sink += model.predictNative(x)[0][0];
        t0 = System.nanoTime();
        sink += model.predictNative(x)[0][0];
        double nativeBatch = (System.nanoTime() - t0) / 1e3 / x.length;
        assertThat(sink).isNotNaN();
        return new double[] {evaluator, nativeSingle, nativeBatch};
    }

    @Test
    void binaryAgrees() throws Exception {
        assertThat(agreement("binary", classifier(2, Map.of(), 100, 1))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void multiclassAgrees() throws Exception {
        assertThat(agreement("multiclass (3)", classifier(3, Map.of(), 100, 2))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void regressionAgrees() throws Exception {
        assertThat(agreement("regression", regressor(Map.of(), 100, 3))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void deepTreesAgree() throws Exception {
        Map<String, Object> deep = Map.of("max_depth", 16, "min_child_weight", 0.0, "lambda", 0.1);
        assertThat(agreement("binary, depth 16", classifier(2, deep, 30, 4))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(agreement("regression, depth 16", regressor(deep, 30, 5))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void manyTreesAgree() throws Exception {
        assertThat(agreement("binary, 300 rounds", classifier(2, Map.of(), 300, 6))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(agreement("multiclass (3), 300 rounds", classifier(3, Map.of(), 300, 7)))
                .isLessThanOrEqualTo(TOLERANCE);
        assertThat(agreement("regression, 300 rounds", regressor(Map.of(), 300, 8))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void aFixedBaseScoreAndSubsamplingAgree() throws Exception {
        Map<String, Object> extra = Map.of("base_score", 0.3, "subsample", 0.7, "colsample_bytree", 0.6);
        assertThat(agreement("binary, base_score 0.3", classifier(2, extra, 50, 9))).isLessThanOrEqualTo(TOLERANCE);
        assertThat(agreement("regression, base_score 0.3", regressor(extra, 50, 10))).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void trainedAndReadModelsPredictTheSameThroughEitherPath() {
        Random r = new Random(11);
        double[][] x = new double[3000][D];
        String[] y = new String[x.length];
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] row = rows(1, r)[0];
            for (int j = 0; j < D; j++) {
                x[i][j] = Double.isNaN(row[j]) ? -1 : row[j];
            }
            double s = score(x[i], r);
            y[i] = s > 0.5 ? "yes" : s < -0.5 ? "no" : "maybe";
            v[i] = s;
        }
        List<TrainedModel> models = List.of(
                Algorithms.fit("gradient_boosting", TrainingSet.classification(x, names(), y), Map.of(), 1),
                Algorithms.fit("gradient_boosting", TrainingSet.regression(x, names(), v), Map.of(), 1));
        for (TrainedModel trained : models) {
            XGBoostModel model = (XGBoostModel) ModelReaders.read(trained.serialize());
            double[][] expected = model.predictNative(x);
            double[][] batch = trained.predictBatch(x);
            double[][] small = trained.predictBatch(java.util.Arrays.copyOf(x, XGBoostModel.NATIVE_BATCH - 1));
            for (int i = 0; i < x.length; i++) {
                double[] a = trained.predict(x[i]);
                double[] b = model.predict(x[i]);
                for (int k = 0; k < a.length; k++) {
                    assertThat(Math.abs(a[k] - expected[i][k])).isLessThanOrEqualTo(TOLERANCE);
                    assertThat(Math.abs(b[k] - expected[i][k])).isLessThanOrEqualTo(TOLERANCE);
                    assertThat(Math.abs(batch[i][k] - expected[i][k])).isLessThanOrEqualTo(TOLERANCE);
                    if (i < small.length) {
                        assertThat(Math.abs(small[i][k] - expected[i][k])).isLessThanOrEqualTo(TOLERANCE);
                    }
                }
            }
        }
    }

    @Test
    void rejectsWhatItDoesNotEvaluate() {
        String model = "{\"learner\":{\"objective\":{\"name\":\"count:poisson\"},\"learner_model_param\":"
                + "{\"num_feature\":\"1\",\"num_class\":\"0\",\"base_score\":\"[1E0]\"}}}";
        assertThatThrownBy(() -> XGBoostEvaluator.of(model.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count:poisson");
        String cycle = "{\"learner\":{\"objective\":{\"name\":\"reg:squarederror\"},\"learner_model_param\":"
                + "{\"num_feature\":\"1\",\"num_class\":\"0\",\"base_score\":\"[0E0]\"},\"gradient_booster\":"
                + "{\"name\":\"gbtree\",\"model\":{\"tree_info\":[0],\"trees\":[{\"left_children\":[1,0],"
                + "\"right_children\":[1,-1],\"split_indices\":[0,0],\"split_conditions\":[0.5,1.0],"
                + "\"default_left\":[0,0]}]}}}}";
        assertThatThrownBy(() -> XGBoostEvaluator.of(cycle.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
