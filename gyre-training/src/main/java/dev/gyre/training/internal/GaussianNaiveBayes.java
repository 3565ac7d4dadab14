package dev.gyre.training.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ParamSpec;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.Trainer;
import dev.gyre.training.TrainingSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gaussian naive Bayes: each feature is normal within each class, independently of the others. Priors are
 * the class frequencies; each variance gets {@code var_smoothing × the largest feature variance} added, as
 * in scikit-learn's GaussianNB. A class absent from the training rows gets prior 0 and never wins.
 * Deterministic; the seed is not used.
 *
 * <p>Payload {@code gyre-gaussian-nb/1}: JSON {@code {"log_prior": [k], "mean": [[d] per class],
 * "variance": [[d] per class]}} where an absent class has log prior {@code -1e300}.
 */
final class GaussianNaiveBayes implements Trainer {

    static final String NAME = "naive_bayes";
    static final String FORMAT = "gyre-gaussian-nb/1";
    private static final double ABSENT = -1e300;

    static AlgorithmSpec spec() {
        return new AlgorithmSpec(NAME, "Gaussian naive Bayes", Set.of(LearningTask.CLASSIFICATION), List.of(
                ParamSpec.real("var_smoothing", 1e-9, 0.0, false, 1.0,
                        "share of the largest feature variance added to every variance")));
    }

    @Override
    public TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed) {
        int n = data.rows();
        int d = data.features();
        int k = data.classes().size();
        double[] count = new double[k];
        double[][] mean = new double[k][d];
        double[][] variance = new double[k][d];
        for (int i = 0; i < n; i++) {
            int c = data.classIndex(i);
            count[c]++;
            for (int j = 0; j < d; j++) {
                mean[c][j] += data.value(i, j);
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                mean[c][j] = count[c] > 0 ? mean[c][j] / count[c] : 0;
            }
        }
        for (int i = 0; i < n; i++) {
            int c = data.classIndex(i);
            for (int j = 0; j < d; j++) {
                double e = data.value(i, j) - mean[c][j];
                variance[c][j] += e * e;
            }
        }
        double largest = 0;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += data.value(i, j);
            }
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += (data.value(i, j) - m) * (data.value(i, j) - m);
            }
            largest = Math.max(largest, v / n);
        }
        double epsilon = new Params(params).real("var_smoothing") * largest;
        double[] logPrior = new double[k];
        for (int c = 0; c < k; c++) {
            logPrior[c] = count[c] > 0 ? Math.log(count[c] / n) : ABSENT;
            for (int j = 0; j < d; j++) {
                variance[c][j] = (count[c] > 0 ? variance[c][j] / count[c] : 1) + epsilon;
                if (!(variance[c][j] > 0)) {
                    variance[c][j] = Double.MIN_NORMAL;
                }
            }
        }
        ModelHeader header = new ModelHeader(FORMAT, NAME, LearningTask.CLASSIFICATION, params, seed,
                data.featureNames(), data.classes());
        return new Model(header, logPrior, mean, variance);
    }

    static final class Model extends BaseModel {

        private final double[] logPrior;
        private final double[][] mean;
        private final double[][] variance;

        Model(ModelHeader header, double[] logPrior, double[][] mean, double[][] variance) {
            super(header);
            this.logPrior = logPrior;
            this.mean = mean;
            this.variance = variance;
        }

        @Override
        protected double[] predictRow(double[] row) {
            double[] z = new double[logPrior.length];
            for (int c = 0; c < z.length; c++) {
                double s = logPrior[c];
                for (int j = 0; j < row.length; j++) {
                    double e = row[j] - mean[c][j];
                    s -= 0.5 * (Math.log(2 * Math.PI * variance[c][j]) + e * e / variance[c][j]);
                }
                z[c] = s;
            }
            return LinearModel.softmax(z);
        }

        @Override
        protected byte[] payload() {
            ObjectNode json = ModelEnvelope.JSON.createObjectNode();
            json.set("log_prior", ModelEnvelope.JSON.valueToTree(logPrior));
            json.set("mean", ModelEnvelope.JSON.valueToTree(mean));
            json.set("variance", ModelEnvelope.JSON.valueToTree(variance));
            try {
                return ModelEnvelope.JSON.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new GyreException.Internal("unable to write a naive Bayes model", e);
            }
        }

        static Model read(ModelHeader header, byte[] payload) {
            JsonNode json = Json.parse(header, payload, FORMAT);
            int k = header.classes().size();
            int d = header.featureNames().size();
            try {
                double[][] variance = Json.matrix(json.get("variance"), k, d);
                for (double[] v : variance) {
                    for (double e : v) {
                        if (!(e > 0)) {
                            throw new IllegalArgumentException("non-positive variance");
                        }
                    }
                }
                return new Model(header, Json.doubles(json.get("log_prior"), k), Json.matrix(json.get("mean"), k, d),
                        variance);
            } catch (IllegalArgumentException e) {
                throw Json.invalid(header, FORMAT, e.getMessage());
            }
        }
    }
}
