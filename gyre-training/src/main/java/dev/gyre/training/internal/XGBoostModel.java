package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster. Payload {@code xgboost-ubj/1}: the booster in XGBoost's own UBJSON model format
 * ({@code Booster.toByteArray("ubj")}), readable by any XGBoost of version 1.6 or later.
 *
 * <p>Contributions are XGBoost's own exact Tree SHAP ({@code Booster.predictContrib}) on the raw margin:
 * log-odds of the second class (binary), each class's softmax score (multi-class), the value (regression).
 * The base value is XGBoost's bias term (the base score plus the trees' expected values). XGBoost computes
 * in single precision, and predicts from the row rounded to {@code float}, as {@link #predict} does.
 *
 * <p>Single rows and small batches are predicted by {@link XGBoostEvaluator}, a Java evaluator of the trees
 * derived from the booster on first use (the payload stays the booster); it reproduces XGBoost's arithmetic,
 * and its predictions agree with XGBoost's to within 1e-6. Batches of {@link #NATIVE_BATCH} rows or more go
 * to XGBoost's own predictor, as does a booster the evaluator cannot represent.
 */
final class XGBoostModel extends BaseModel {

    static final String FORMAT = "xgboost-ubj/1";

    /**
     * From this many rows a batch goes to XGBoost's predictor, which is faster there than the Java evaluator
     * row by row; both give the same predictions.
     */
    static final int NATIVE_BATCH = 64;

    private final Booster booster;
    private volatile Evaluator evaluator;

    XGBoostModel(ModelHeader header, Booster booster) {
        super(header);
        this.booster = booster;
    }

    @Override
    protected double[] predictRow(double[] row) {
        XGBoostEvaluator evaluator = evaluator();
        if (evaluator == null) {
            return predictNative(new double[][] {row})[0];
        }
        return outputs(evaluator.predict(row));
    }

    @Override
    protected double[][] predictRows(double[][] rows) {
        XGBoostEvaluator evaluator = evaluator();
        if (evaluator == null || rows.length >= NATIVE_BATCH) {
            return predictNative(rows);
        }
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = outputs(evaluator.predict(rows[i]));
        }
        return out;
    }

    /**
     * The Java evaluator of the trees, built on first use; {@code null} when the booster uses something it
     * does not evaluate, in which case XGBoost itself predicts.
     */
    XGBoostEvaluator evaluator() {
        Evaluator holder = evaluator;
        if (holder == null) {
            synchronized (this) {
                holder = evaluator;
                if (holder == null) {
                    holder = new Evaluator(buildEvaluator());
                    evaluator = holder;
                }
            }
        }
        return holder.evaluator();
    }

    private XGBoostEvaluator buildEvaluator() {
        byte[] json = boosterJson();
        try {
            XGBoostEvaluator built = XGBoostEvaluator.of(json);
            return built.features() == featureNames().size() ? built : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The booster in XGBoost's JSON model format. */
    byte[] boosterJson() {
        try {
            synchronized (booster) {
                return booster.toByteArray("json");
            }
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to export an XGBoost model", e);
        }
    }

    /** Predicts rows through XGBoost's own predictor. */
    double[][] predictNative(double[][] rows) {
        int n = rows.length;
        if (n == 0) {
            return new double[0][];
        }
        int d = featureNames().size();
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) rows[i][j];
            }
        }
        float[][] raw;
        try {
            synchronized (booster) {
                raw = booster.inplace_predict(flat, n, d, Float.NaN);
            }
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to predict with XGBoost", e);
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = outputs(raw[i]);
        }
        return out;
    }

    /** The prediction of one row from what XGBoost reports for it. */
    private double[] outputs(float[] raw) {
        if (task() == LearningTask.REGRESSION) {
            return new double[] {raw[0]};
        }
        int classes = classes().size();
        if (classes == 2) {
            return new double[] {1 - (double) raw[0], raw[0]};
        }
        double[] out = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += raw[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] = raw[k] / sum;
        }
        return out;
    }

    /** The evaluator once its construction has been tried: {@code null} inside when there is none. */
    private record Evaluator(XGBoostEvaluator evaluator) {
    }

    @Override
    protected List<Contributions> contributionsOf(double[] row) {
        int d = featureNames().size();
        float[] flat = new float[d];
        for (int j = 0; j < d; j++) {
            flat[j] = (float) row[j];
        }
        float[][] raw;
        try {
            DMatrix matrix = new DMatrix(flat, 1, d, Float.NaN);
            try {
                synchronized (booster) {
                    raw = booster.predictContrib(matrix, 0);
                }
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to compute XGBoost contributions", e);
        }
        // One row of groups × (features + bias), group-major.
        int groups = raw[0].length / (d + 1);
        boolean classification = task() == LearningTask.CLASSIFICATION;
        List<Contributions> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            double[] phi = new double[d];
            for (int j = 0; j < d; j++) {
                phi[j] = raw[0][g * (d + 1) + j];
            }
            String output = !classification ? Contributions.VALUE : classes().get(groups == 1 ? 1 : g);
            out.add(Contributions.exact(Contributions.TREE_SHAP, output,
                    classification ? Contributions.Scale.MARGIN : Contributions.Scale.VALUE, featureNames(),
                    raw[0][g * (d + 1) + d], phi));
        }
        return List.copyOf(out);
    }

    /** The raw margins of rows (log-odds, class scores or values), for checking contributions. */
    double[][] margins(double[][] rows) {
        int n = rows.length;
        int d = featureNames().size();
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) rows[i][j];
            }
        }
        try {
            float[][] raw;
            synchronized (booster) {
                raw = booster.inplace_predict(flat, n, d, Float.NaN, new int[] {0, 0},
                        Booster.PredictionType.kMargin, null);
            }
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = new double[raw[i].length];
                for (int k = 0; k < raw[i].length; k++) {
                    out[i][k] = raw[i][k];
                }
            }
            return out;
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to predict with XGBoost", e);
        }
    }

    @Override
    protected byte[] payload() {
        try {
            synchronized (booster) {
                return booster.toByteArray("ubj");
            }
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to serialise an XGBoost model", e);
        }
    }

    static XGBoostModel read(ModelHeader header, byte[] payload) {
        try {
            Booster booster = XGBoost.loadModel(payload);
            int expected = header.task() == LearningTask.CLASSIFICATION && header.classes().size() > 2
                    ? header.classes().size() : 1;
            if (booster.getNumFeature() != header.featureNames().size()) {
                throw new GyreException.InvalidArgument("the XGBoost payload has " + booster.getNumFeature()
                        + " features but the header names " + header.featureNames().size());
            }
            XGBoostModel model = new XGBoostModel(header, booster);
            double[] probe = model.predictRow(new double[header.featureNames().size()]);
            if (probe.length != Math.max(expected, header.task() == LearningTask.CLASSIFICATION ? 2 : 1)) {
                throw new GyreException.InvalidArgument("the XGBoost payload predicts the wrong number of outputs");
            }
            return model;
        } catch (XGBoostError | java.io.IOException | RuntimeException e) {
            throw Json.invalid(header, FORMAT, "XGBoost cannot load it: " + e.getMessage());
        }
    }
}
