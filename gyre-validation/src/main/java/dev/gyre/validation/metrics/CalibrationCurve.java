package dev.gyre.validation.metrics;

import dev.gyre.validation.internal.Checks;
import dev.gyre.validation.internal.Quantiles;

/**
 * A reliability diagram as scikit-learn 1.2's {@code calibration_curve}: predicted probabilities are put in
 * {@code nBins} bins and, for every non-empty bin, the fraction of positives is paired with the mean predicted
 * probability. A probability equal to an inner bin edge falls in the lower bin. Empty bins are left out, so the
 * arrays may be shorter than {@code nBins}. Arrays are copies and never {@code null}.
 *
 * @param fractionOfPositives per non-empty bin, the share of rows with y = 1
 * @param meanPredicted       per non-empty bin, the mean predicted probability
 * @param counts              per non-empty bin, its number of rows
 */
public record CalibrationCurve(double[] fractionOfPositives, double[] meanPredicted, long[] counts) {

    /** How bin edges are chosen. */
    public enum Strategy {
        /** Equal-width bins over [0, 1]. */
        UNIFORM,
        /** Edges at the quantiles of the predicted probabilities, so bins hold about as many rows each. */
        QUANTILE
    }

    public CalibrationCurve {
        fractionOfPositives = fractionOfPositives.clone();
        meanPredicted = meanPredicted.clone();
        counts = counts.clone();
    }

    @Override
    public double[] fractionOfPositives() {
        return fractionOfPositives.clone();
    }

    @Override
    public double[] meanPredicted() {
        return meanPredicted.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Computes the curve.
     *
     * @param yTrue         0 or 1 per row
     * @param probabilities P(class 1) per row, in [0, 1]
     * @param nBins         number of bins, at least 1
     * @throws dev.gyre.core.GyreException.InvalidArgument on null, empty or mismatched arrays, labels other than
     *                                                     0/1, probabilities outside [0, 1] or {@code nBins < 1}
     */
    public static CalibrationCurve of(int[] yTrue, double[] probabilities, int nBins, Strategy strategy) {
        int n = Checks.sameLength(yTrue, "y_true", probabilities, "probabilities");
        Checks.binaryLabels(yTrue, "y_true");
        Checks.probabilities(probabilities, "probabilities");
        if (nBins < 1) {
            throw Checks.invalid("n_bins is " + nBins + "; use at least 1 bin (10 is common)");
        }
        if (strategy == null) {
            throw Checks.invalid("calibration strategy is missing; use UNIFORM or QUANTILE");
        }
        double[] edges = new double[nBins + 1];
        double[] sorted = null;
        if (strategy == Strategy.QUANTILE) {
            sorted = probabilities.clone();
            java.util.Arrays.sort(sorted);
        }
        for (int i = 0; i <= nBins; i++) {
            // numpy's linspace(0, 1, n + 1): i * (1 / n), the last edge exactly 1.
            double q = i == nBins ? 1.0 : i * (1.0 / nBins);
            // numpy's percentile(q * 100) divides by 100 again before interpolating.
            edges[i] = strategy == Strategy.UNIFORM ? q : Quantiles.ofSorted(sorted, q * 100 / 100);
        }
        double[] sumProb = new double[nBins];
        double[] sumTrue = new double[nBins];
        long[] total = new long[nBins];
        for (int r = 0; r < n; r++) {
            int bin = 0;
            // number of inner edges strictly below the probability (numpy searchsorted, side='left')
            while (bin < nBins - 1 && edges[bin + 1] < probabilities[r]) {
                bin++;
            }
            sumProb[bin] += probabilities[r];
            sumTrue[bin] += yTrue[r];
            total[bin]++;
        }
        int nonEmpty = 0;
        for (long t : total) {
            if (t > 0) {
                nonEmpty++;
            }
        }
        double[] frac = new double[nonEmpty];
        double[] mean = new double[nonEmpty];
        long[] counts = new long[nonEmpty];
        int j = 0;
        for (int b = 0; b < nBins; b++) {
            if (total[b] > 0) {
                frac[j] = sumTrue[b] / total[b];
                mean[j] = sumProb[b] / total[b];
                counts[j] = total[b];
                j++;
            }
        }
        return new CalibrationCurve(frac, mean, counts);
    }
}
