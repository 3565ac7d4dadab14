package dev.gyre.validation.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The squared Mahalanobis distance {@code (x − μ)ᵀ Σ⁻¹ (x − μ)} from the reference mean under a shrunk
 * covariance. Fast to build ({@code O(n p²)}) and to score ({@code O(p²)}), and a good fit for one roughly
 * elliptical cloud of scaled numbers; it misses outliers that sit between the modes of multimodal data, which
 * is why {@link IsolationForest} is the default.
 *
 * <p>The covariance is the Ledoit–Wolf shrinkage of the sample covariance {@code S} (divided by n) towards
 * {@code m I}, {@code m = trace(S) / p}: {@code Σ = (1 − δ) S + δ m I} with the Ledoit–Wolf (2004) estimate of
 * the optimal {@code δ} in [0, 1], plus a fixed ridge of {@code 1e-6 · m} (or {@code 1e-6} when every feature
 * is constant) on the diagonal. The ridge keeps {@code Σ} positive definite when the sample covariance is
 * singular — one-hot groups that always sum to one, constant columns, more features than rows — so the
 * detector never fails on it; a constant feature then gets a tiny variance, so a new row that differs in it is
 * far away, as it should be.
 *
 * <p>JSON fields beyond the shared ones: {@code mean}, {@code cholesky} (the rows of the lower-triangular
 * factor {@code L} of {@code Σ = L Lᵀ}, row i holding i + 1 numbers), {@code shrinkage} (δ) and
 * {@code ridge}. Scores are computed from {@code L} by forward substitution, so a detector read back scores
 * exactly as the original.
 */
public final class MahalanobisDetector extends OutlierDetector {
    static final double RIDGE = 1e-6;

    private final double[] mean;
    private final double[][] cholesky;
    private final double shrinkage;
    private final double ridge;

    private MahalanobisDetector(Calibration calibration, double[] mean, double[][] cholesky, double shrinkage,
            double ridge) {
        super(calibration);
        this.mean = mean;
        this.cholesky = cholesky;
        this.shrinkage = shrinkage;
        this.ridge = ridge;
    }

    static MahalanobisDetector estimate(double[][] rows, List<String> featureNames, double rate) {
        int n = rows.length;
        int p = rows[0].length;
        double[] mean = new double[p];
        for (double[] row : rows) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        double[][] s = new double[p][p];
        double fourth = 0; // Σ_k ||x_k − μ||⁴
        double[] centred = new double[p];
        for (double[] row : rows) {
            double norm = 0;
            for (int j = 0; j < p; j++) {
                centred[j] = row[j] - mean[j];
                norm += centred[j] * centred[j];
            }
            fourth += norm * norm;
            for (int a = 0; a < p; a++) {
                double ca = centred[a];
                for (int b = 0; b <= a; b++) {
                    s[a][b] += ca * centred[b];
                }
            }
        }
        double trace = 0;
        double frobenius = 0; // ||S||_F²
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                s[a][b] /= n;
                s[b][a] = s[a][b];
                frobenius += (a == b ? 1 : 2) * s[a][b] * s[a][b];
            }
            trace += s[a][a];
        }
        double m = trace / p;
        // Ledoit–Wolf with the norm ||A||² = tr(A Aᵀ) / p: d² = ||S − mI||², b² = min(d², Σ_k ||x_k x_kᵀ − S||² / n²)
        double d2 = (frobenius - 2 * m * trace + m * m * p) / p;
        double b2 = Math.max(0, (fourth / n - frobenius) / ((double) n * p));
        double delta = d2 <= 0 ? 1.0 : Math.min(b2, d2) / d2;
        double ridge = RIDGE * (m > 0 ? m : 1.0);
        double[][] sigma = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                sigma[a][b] = (1 - delta) * s[a][b] + (a == b ? delta * m + ridge : 0);
            }
        }
        double[][] factor = cholesky(sigma);
        for (int attempt = 0; factor == null && attempt < 8; attempt++) {
            ridge *= 10;
            for (int a = 0; a < p; a++) {
                sigma[a][a] += ridge * 0.9;
            }
            factor = cholesky(sigma);
        }
        if (factor == null) {
            throw new IllegalStateException("the shrunk covariance is not positive definite");
        }
        MahalanobisDetector shell = new MahalanobisDetector(null, mean, factor, delta, ridge);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = shell.rawScore(rows[i]);
        }
        return new MahalanobisDetector(Calibration.of(scores, featureNames, rate), mean, factor, delta, ridge);
    }

    /** The lower Cholesky factor of the lower triangle of a symmetric matrix, or null if not positive definite. */
    private static double[][] cholesky(double[][] a) {
        int p = a.length;
        double[][] l = new double[p][];
        for (int i = 0; i < p; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    @Override
    public OutlierMethod method() {
        return OutlierMethod.MAHALANOBIS;
    }

    /** The Ledoit–Wolf shrinkage intensity δ used, in [0, 1]. */
    public double shrinkage() {
        return shrinkage;
    }

    /** The ridge added to the covariance's diagonal. */
    public double ridge() {
        return ridge;
    }

    @Override
    double rawScore(double[] row) {
        int p = mean.length;
        double[] z = new double[p];
        double total = 0;
        for (int i = 0; i < p; i++) {
            double sum = row[i] - mean[i];
            double[] li = cholesky[i];
            for (int k = 0; k < i; k++) {
                sum -= li[k] * z[k];
            }
            z[i] = sum / li[i];
            total += z[i] * z[i];
        }
        return total;
    }

    @Override
    void writeModel(ObjectNode root) {
        ArrayNode meanNode = root.putArray("mean");
        for (double v : mean) {
            meanNode.add(v);
        }
        ArrayNode rowsNode = root.putArray("cholesky");
        for (double[] row : cholesky) {
            ArrayNode r = rowsNode.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        root.put("shrinkage", shrinkage);
        root.put("ridge", ridge);
    }

    static MahalanobisDetector read(JsonNode root, Calibration calibration) {
        int p = calibration.featureNames().size();
        double[] mean = DetectorJson.reals(root, "mean", p);
        JsonNode rowsNode = root.path("cholesky");
        if (!rowsNode.isArray() || rowsNode.size() != p) {
            throw DetectorJson.bad("cholesky", "must hold " + p + " rows");
        }
        double[][] factor = new double[p][];
        for (int i = 0; i < p; i++) {
            factor[i] = DetectorJson.realsOf(rowsNode.get(i), "cholesky[" + i + "]", i + 1);
            if (!(factor[i][i] > 0)) {
                throw DetectorJson.bad("cholesky[" + i + "][" + i + "]", "must be positive");
            }
        }
        double shrinkage = DetectorJson.real(root, "shrinkage");
        if (!(shrinkage >= 0 && shrinkage <= 1)) {
            throw DetectorJson.bad("shrinkage", "must be between 0 and 1");
        }
        double ridge = DetectorJson.real(root, "ridge");
        return new MahalanobisDetector(calibration, mean, factor, shrinkage, ridge);
    }
}
