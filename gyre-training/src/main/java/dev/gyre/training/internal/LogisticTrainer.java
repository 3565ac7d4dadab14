package dev.gyre.training.internal;

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
 * L2-regularised logistic regression fitted by L-BFGS on standardised features: one weight vector for two
 * classes, a multinomial (softmax) model for more. The objective is scikit-learn's,
 * {@code Σ log-loss + ||w||² / (2C)} with the intercepts unpenalised, divided by the number of rows. The fit
 * is deterministic and single-threaded; the seed is not used.
 */
final class LogisticTrainer implements Trainer {

    static final String NAME = "logistic_regression";

    static AlgorithmSpec spec() {
        return new AlgorithmSpec(NAME, "L2-regularised logistic regression (multinomial for more than two classes)",
                Set.of(LearningTask.CLASSIFICATION), List.of(
                        ParamSpec.real("c", 1.0, 0.0, true, null, "inverse regularisation strength, as scikit-learn's C"),
                        ParamSpec.integer("max_iter", 100, 1, 100_000, "most L-BFGS iterations"),
                        ParamSpec.real("tol", 1e-6, 0.0, true, 1.0, "stop when no gradient component exceeds this")));
    }

    @Override
    public TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed) {
        Params p = new Params(params);
        Standardizer standardizer = Standardizer.fit(data, true, true);
        double[][] x = standardizer.apply(data);
        int n = x.length;
        int d = data.features();
        int classes = data.classes().size();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = data.classIndex(i);
        }
        double penalty = 1 / p.real("c");
        int scores = classes == 2 ? 1 : classes;
        double[] theta = new double[scores * (d + 1)];
        Lbfgs.Objective objective = classes == 2 ? binary(x, y, penalty) : multinomial(x, y, classes, penalty);
        Lbfgs.minimise(objective, theta, p.integer("max_iter"), p.real("tol"));
        double[][] weights = new double[scores][d];
        double[] intercepts = new double[scores];
        for (int k = 0; k < scores; k++) {
            System.arraycopy(theta, k * (d + 1), weights[k], 0, d);
            intercepts[k] = theta[k * (d + 1) + d];
        }
        ModelHeader header = new ModelHeader(LinearModel.FORMAT, NAME, LearningTask.CLASSIFICATION, params, seed,
                data.featureNames(), data.classes());
        return new LinearModel(header, classes == 2 ? LinearModel.Kind.BINARY : LinearModel.Kind.SOFTMAX,
                standardizer, weights, intercepts);
    }

    private static Lbfgs.Objective binary(double[][] x, int[] y, double penalty) {
        int n = x.length;
        int d = x[0].length;
        return (theta, g) -> {
            java.util.Arrays.fill(g, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double[] row = x[i];
                double z = theta[d];
                for (int j = 0; j < d; j++) {
                    z += theta[j] * row[j];
                }
                // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably.
                double m = y[i] == 1 ? -z : z;
                loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
                double r = LinearModel.sigmoid(z) - y[i];
                for (int j = 0; j < d; j++) {
                    g[j] += r * row[j];
                }
                g[d] += r;
            }
            for (int j = 0; j < d; j++) {
                loss += 0.5 * penalty * theta[j] * theta[j];
                g[j] += penalty * theta[j];
            }
            for (int j = 0; j <= d; j++) {
                g[j] /= n;
            }
            return loss / n;
        };
    }

    private static Lbfgs.Objective multinomial(double[][] x, int[] y, int classes, double penalty) {
        int n = x.length;
        int d = x[0].length;
        int w = d + 1;
        double[] z = new double[classes];
        return (theta, g) -> {
            java.util.Arrays.fill(g, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double[] row = x[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double s = theta[k * w + d];
                    for (int j = 0; j < d; j++) {
                        s += theta[k * w + j] * row[j];
                    }
                    z[k] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(z[k] - max);
                }
                double logSum = max + Math.log(sum);
                loss += logSum - z[y[i]];
                for (int k = 0; k < classes; k++) {
                    double r = Math.exp(z[k] - logSum) - (k == y[i] ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        g[k * w + j] += r * row[j];
                    }
                    g[k * w + d] += r;
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < d; j++) {
                    double t = theta[k * w + j];
                    loss += 0.5 * penalty * t * t;
                    g[k * w + j] += penalty * t;
                }
            }
            for (int i = 0; i < g.length; i++) {
                g[i] /= n;
            }
            return loss / n;
        };
    }
}
