package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ParamSpec;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.Trainer;
import dev.gyre.training.TrainingSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees by XGBoost with the {@code hist} tree method: {@code binary:logistic} for two
 * classes, {@code multi:softprob} for more, {@code reg:squarederror} for regression. XGBoost receives the
 * seed and an explicit thread count; with both fixed its training is deterministic, and with the hist method
 * the trees have also come out identical for one and two threads. Features are passed as 32-bit floats.
 * XGBoost's OpenMP threads spin while they wait; on a machine shared with other work, set
 * {@code OMP_WAIT_POLICY=PASSIVE} in the environment or training with several threads slows down many
 * times.
 */
final class XGBoostTrainer implements Trainer {

    static final String NAME = "gradient_boosting";
    /** Below this many rows thread synchronisation costs XGBoost more than a second thread gains. */
    static final int SMALL = 10_000;

    static AlgorithmSpec spec() {
        return new AlgorithmSpec(NAME, "gradient-boosted trees (XGBoost, hist)",
                Set.of(LearningTask.CLASSIFICATION, LearningTask.REGRESSION), List.of(
                        ParamSpec.integer("n_estimators", 100, 1, 100_000, "boosting rounds"),
                        ParamSpec.real("learning_rate", 0.1, 0.0, true, 1.0, "shrinkage of each tree"),
                        ParamSpec.integer("max_depth", 6, 1, 64, "deepest split level of each tree"),
                        ParamSpec.real("min_child_weight", 1.0, 0.0, false, null, "least Hessian sum in a leaf"),
                        ParamSpec.real("subsample", 1.0, 0.0, true, 1.0, "share of rows sampled for each tree"),
                        ParamSpec.real("colsample_bytree", 1.0, 0.0, true, 1.0, "share of features sampled for each tree"),
                        ParamSpec.real("reg_lambda", 1.0, 0.0, false, null, "L2 penalty on leaf weights"),
                        ParamSpec.integer("max_bin", 256, 2, 65_536, "histogram bins per feature"),
                        ParamSpec.integer("threads", 0, 0, 256, "worker threads; 0 picks one below "
                                + SMALL + " rows and every available core above")));
    }

    @Override
    public TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed) {
        Params p = new Params(params);
        int n = data.rows();
        int d = data.features();
        int classes = data.classes().size();
        boolean classification = data.learningTask() == LearningTask.CLASSIFICATION;
        float[] flat = new float[n * d];
        float[] label = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) data.value(i, j);
            }
            label[i] = classification ? data.classIndex(i) : (float) data.target(i);
        }
        Map<String, Object> xgb = new HashMap<>();
        xgb.put("tree_method", "hist");
        xgb.put("objective", !classification ? "reg:squarederror" : classes == 2 ? "binary:logistic" : "multi:softprob");
        if (classification && classes > 2) {
            xgb.put("num_class", classes);
        }
        xgb.put("eta", p.real("learning_rate"));
        xgb.put("max_depth", p.integer("max_depth"));
        xgb.put("min_child_weight", p.real("min_child_weight"));
        xgb.put("subsample", p.real("subsample"));
        xgb.put("colsample_bytree", p.real("colsample_bytree"));
        xgb.put("lambda", p.real("reg_lambda"));
        xgb.put("max_bin", p.integer("max_bin"));
        xgb.put("nthread", p.integer("threads") == 0 && n < SMALL ? 1 : p.threads());
        xgb.put("seed", seed);
        xgb.put("verbosity", 0);
        DMatrix train = null;
        try {
            train = new DMatrix(flat, n, d, Float.NaN);
            train.setLabel(label);
            Booster booster = XGBoost.train(train, xgb, p.integer("n_estimators"), new HashMap<>(), null, null);
            ModelHeader header = new ModelHeader(XGBoostModel.FORMAT, NAME, data.learningTask(), params, seed,
                    data.featureNames(), data.classes());
            return new XGBoostModel(header, booster);
        } catch (XGBoostError e) {
            throw new GyreException.Internal("unable to train gradient boosting with XGBoost", e);
        } finally {
            if (train != null) {
                train.dispose();
            }
        }
    }
}
