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
 * Least squares in closed form: {@code ridge} minimises {@code ||y - Xw - b||² + alpha ||w||²} with the
 * intercept unpenalised (scikit-learn's Ridge), {@code linear_regression} is the same with {@code alpha = 0}.
 * Features and target are centred, then {@code (XᵀX + alpha I) w = Xᵀy} is solved by Cholesky
 * decomposition. When {@code XᵀX} is singular (collinear features such as a full one-hot encoding) and
 * alpha is 0, a ridge of {@code 1e-10 × mean(diag XᵀX)} is added, which picks a least-squares solution
 * with small weights. Deterministic; the seed is not used.
 */
final class RidgeTrainer implements Trainer {

    static final String LINEAR = "linear_regression";
    static final String RIDGE = "ridge";

    private final boolean ridge;

    RidgeTrainer(boolean ridge) {
        this.ridge = ridge;
    }

    static AlgorithmSpec linearSpec() {
        return new AlgorithmSpec(LINEAR, "ordinary least squares in closed form", Set.of(LearningTask.REGRESSION),
                List.of());
    }

    static AlgorithmSpec ridgeSpec() {
        return new AlgorithmSpec(RIDGE, "L2-regularised least squares in closed form", Set.of(LearningTask.REGRESSION),
                List.of(ParamSpec.real("alpha", 1.0, 0.0, false, null, "L2 penalty on the weights")));
    }

    @Override
    public TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed) {
        double alpha = ridge ? new Params(params).real("alpha") : 0;
        Standardizer centre = Standardizer.fit(data, true, false);
        int n = data.rows();
        int d = data.features();
        double[] targets = data.targets();
        double yMean = 0;
        for (double t : targets) {
            yMean += t;
        }
        yMean /= n;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = centre.apply(j, data.value(i, j));
            }
            double t = targets[i] - yMean;
            for (int j = 0; j < d; j++) {
                double rj = row[j];
                b[j] += rj * t;
                double[] aj = a[j];
                for (int l = 0; l <= j; l++) {
                    aj[l] += rj * row[l];
                }
            }
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += a[j][j];
        }
        double[] w = null;
        double extra = 0;
        while (w == null) {
            w = choleskySolve(a, b, alpha + extra);
            if (w == null) {
                extra = extra == 0 ? Math.max(1e-10 * trace / d, 1e-300) : extra * 100;
            }
        }
        ModelHeader header = new ModelHeader(LinearModel.FORMAT, ridge ? RIDGE : LINEAR, LearningTask.REGRESSION,
                params, seed, data.featureNames(), List.of());
        return new LinearModel(header, LinearModel.Kind.REGRESSION, centre, new double[][] {w}, new double[] {yMean});
    }

    /** Solves {@code (A + ridge I) w = b} for the symmetric A given by its lower triangle; null if not positive definite. */
    private static double[] choleskySolve(double[][] a, double[] b, double ridge) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? ridge : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 1e-12 * Math.max(1, a[i][i]))) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] w = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * w[k];
            }
            w[i] = s / l[i][i];
        }
        return w;
    }
}
