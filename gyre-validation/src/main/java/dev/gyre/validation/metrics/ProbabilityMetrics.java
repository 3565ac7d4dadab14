package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.Checks;

/**
 * Metrics on predicted probabilities: log loss (binary and multiclass) and the Brier score (binary), as
 * scikit-learn 1.2. Probabilities must lie in [0, 1] and rows of class probabilities must sum to 1 (within
 * {@link Checks#PROBABILITY_SUM_TOLERANCE}); otherwise, and for null, empty or mismatched arrays or labels outside
 * the classes, the methods throw {@link dev.gyre.core.GyreException.InvalidArgument}. Results are always finite.
 */
public final class ProbabilityMetrics {

    /**
     * The clipping bound scikit-learn 1.2 uses by default ({@code eps="auto"}, the float64 machine epsilon).
     * Releases before 1.2 used {@code 1e-15}; pass that to {@link #logLoss(int[], double[], double)} to match them.
     */
    public static final double DEFAULT_EPS = Math.ulp(1.0);

    private ProbabilityMetrics() {
    }

    /** Binary log loss with the default clipping; {@code probabilities[i]} is P(class 1). */
    public static MetricValue logLoss(int[] yTrue, double[] probabilities) {
        return logLoss(yTrue, probabilities, DEFAULT_EPS);
    }

    /**
     * Binary log loss: probabilities are clipped to {@code [eps, 1 - eps]}, the pair (1 - p, p) renormalised,
     * and the mean negative log of the true class's probability returned.
     */
    public static MetricValue logLoss(int[] yTrue, double[] probabilities, double eps) {
        int n = Checks.sameLength(yTrue, "y_true", probabilities, "probabilities");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.probabilities(probabilities, "probabilities");
        checkEps(eps);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = clip(probabilities[i], eps);
            double q = 1 - p;
            double total = q + p;
            sum += -Math.log((yTrue[i] == 1 ? p : q) / total);
        }
        return MetricValue.of(sum / n);
    }

    /** Multiclass log loss with the default clipping. */
    public static MetricValue logLoss(int[] yTrue, double[][] probabilities) {
        return logLoss(yTrue, probabilities, DEFAULT_EPS);
    }

    /**
     * Multiclass log loss: every probability is clipped to {@code [eps, 1 - eps]}, each row renormalised to sum
     * to 1, and the mean negative log of the true class's probability returned. The classes are the K columns.
     */
    public static MetricValue logLoss(int[] yTrue, double[][] probabilities, double eps) {
        int k = Checks.probabilityRows(probabilities, "probabilities", 2);
        int n = Checks.sameLength(yTrue, "y_true", probabilities, "probabilities");
        Checks.labels(yTrue, "y_true", k);
        checkEps(eps);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int c = 0; c < k; c++) {
                total += clip(probabilities[i][c], eps);
            }
            sum += -Math.log(clip(probabilities[i][yTrue[i]], eps) / total);
        }
        return MetricValue.of(sum / n);
    }

    /** Binary Brier score: the mean of (p - y)^2 with y in {0, 1} and p = P(class 1). */
    public static MetricValue brier(int[] yTrue, double[] probabilities) {
        int n = Checks.sameLength(yTrue, "y_true", probabilities, "probabilities");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.probabilities(probabilities, "probabilities");
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = yTrue[i] - probabilities[i];
            sum += d * d;
        }
        return MetricValue.of(sum / n);
    }

    private static double clip(double p, double eps) {
        return Math.min(Math.max(p, eps), 1 - eps);
    }

    private static void checkEps(double eps) {
        if (!(eps > 0 && eps < 0.5)) {
            throw Checks.invalid("eps is " + eps + "; the clipping bound must be a small positive number such as "
                    + DEFAULT_EPS);
        }
    }
}
