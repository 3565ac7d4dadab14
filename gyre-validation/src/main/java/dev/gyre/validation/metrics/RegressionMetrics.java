package dev.gyre.validation.metrics;

import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.internal.Quantiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics on numeric targets, as scikit-learn 1.2 defines them. Every method throws
 * {@link dev.gyre.core.GyreException.InvalidArgument} when an array is null or empty, the lengths differ or a
 * value is not finite. Results are finite {@link MetricValue}s; R² is not applicable when y_true is constant.
 */
public final class RegressionMetrics {

    /** The float64 machine epsilon, the floor of MAPE's denominator as in scikit-learn. */
    public static final double MAPE_EPSILON = Math.ulp(1.0);

    /** The residual quantiles reported by default: 5, 25, 50, 75 and 95 %. */
    public static final double[] DEFAULT_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    private RegressionMetrics() {
    }

    /**
     * The values of a target column for regression metrics.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument if the column is not numeric (for example class labels)
     *                                                     or has missing values
     */
    public static double[] numericTargets(Column column) {
        if (column == null) {
            throw Checks.invalid("target column is missing; pass the numeric column holding the targets");
        }
        if (!(column instanceof NumericColumn numeric)) {
            throw Checks.invalid("column '" + column.name() + "' is " + column.type() + ", but regression metrics"
                    + " (RMSE, MAE, R², MAPE) need numeric targets; for class labels use the classification metrics"
                    + " such as accuracy or F1");
        }
        if (numeric.missingCount() > 0) {
            throw Checks.invalid("column '" + column.name() + "' has " + numeric.missingCount()
                    + " missing values; drop or impute those rows before computing metrics");
        }
        return numeric.toArray();
    }

    /** Root mean squared error. */
    public static MetricValue rmse(double[] yTrue, double[] yPred) {
        return MetricValue.of(Math.sqrt(mse(yTrue, yPred)));
    }

    /** Mean absolute error. */
    public static MetricValue mae(double[] yTrue, double[] yPred) {
        int n = check(yTrue, yPred);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(yTrue[i] - yPred[i]);
        }
        return MetricValue.of(sum / n);
    }

    /**
     * Coefficient of determination, 1 - SS_res / SS_tot. Not applicable when y_true is constant (SS_tot = 0);
     * scikit-learn reports 1.0 or 0.0 there by convention.
     */
    public static MetricValue r2(double[] yTrue, double[] yPred) {
        int n = check(yTrue, yPred);
        double mean = 0;
        for (double y : yTrue) {
            mean += y;
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            ssRes += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
            ssTot += (yTrue[i] - mean) * (yTrue[i] - mean);
        }
        if (ssTot == 0) {
            return MetricValue.notApplicable("R² needs y_true to vary, but all " + n + " targets equal " + yTrue[0]);
        }
        return MetricValue.of(1 - ssRes / ssTot);
    }

    /**
     * Mean absolute percentage error as a fraction (not multiplied by 100): mean of |y - ŷ| / max(|y|, eps)
     * with eps = {@link #MAPE_EPSILON}. Targets at or near zero make it very large, as in scikit-learn.
     */
    public static MetricValue mape(double[] yTrue, double[] yPred) {
        int n = check(yTrue, yPred);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), MAPE_EPSILON);
        }
        return MetricValue.of(sum / n);
    }

    /** Quantiles of the residuals at {@link #DEFAULT_QUANTILES}. */
    public static Map<Double, Double> residualQuantiles(double[] yTrue, double[] yPred) {
        return residualQuantiles(yTrue, yPred, DEFAULT_QUANTILES);
    }

    /**
     * Quantiles of the residuals y_true - y_pred, linearly interpolated as numpy's default.
     *
     * @param levels quantile levels in [0, 1]
     * @return level to quantile, in the order of {@code levels}; unmodifiable
     */
    public static Map<Double, Double> residualQuantiles(double[] yTrue, double[] yPred, double... levels) {
        int n = check(yTrue, yPred);
        if (levels == null || levels.length == 0) {
            throw Checks.invalid("no quantile levels given; pass levels in [0, 1] such as 0.05, 0.5, 0.95");
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = yTrue[i] - yPred[i];
        }
        Arrays.sort(residuals);
        Map<Double, Double> out = new LinkedHashMap<>();
        for (double level : levels) {
            if (!(level >= 0 && level <= 1)) {
                throw Checks.invalid("quantile level " + level + " is outside [0, 1]; write 5 % as 0.05");
            }
            out.put(level, Quantiles.ofSorted(residuals, level));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static double mse(double[] yTrue, double[] yPred) {
        int n = check(yTrue, yPred);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = yTrue[i] - yPred[i];
            sum += d * d;
        }
        return sum / n;
    }

    private static int check(double[] yTrue, double[] yPred) {
        int n = Checks.sameLength(yTrue, "y_true", yPred, "y_pred");
        Checks.finite(yTrue, "y_true");
        Checks.finite(yPred, "y_pred");
        return n;
    }
}
