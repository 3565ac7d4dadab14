package dev.gyre.validation.reference;

import dev.gyre.core.GyreException;
import java.util.Objects;

/**
 * How an {@link OutlierDetector} is built.
 *
 * @param method            the scoring method
 * @param falsePositiveRate the share of reference rows the threshold flags: the threshold is the
 *                          (1 − rate) empirical quantile of the reference scores; above 0 and at most 0.5
 * @param seed              the seed of the isolation forest's sampling and splits (unused by Mahalanobis)
 * @param trees             the isolation forest's number of trees; 1 to 10000
 * @param sampleSize        the rows drawn without replacement for each tree (fewer when the reference has
 *                          fewer rows); 2 to 65536
 */
public record OutlierOptions(OutlierMethod method, double falsePositiveRate, long seed, int trees, int sampleSize) {
    /** The default share of reference rows flagged. */
    public static final double DEFAULT_FALSE_POSITIVE_RATE = 0.01;
    /** The default number of trees. */
    public static final int DEFAULT_TREES = 100;
    /** The default rows per tree. */
    public static final int DEFAULT_SAMPLE_SIZE = 256;

    public OutlierOptions {
        Objects.requireNonNull(method, "method");
        if (!(falsePositiveRate > 0 && falsePositiveRate <= 0.5)) {
            throw new GyreException.InvalidArgument("The outlier false-positive rate is " + falsePositiveRate
                    + "; use a share above 0 and at most 0.5 (the default is " + DEFAULT_FALSE_POSITIVE_RATE + ").");
        }
        if (trees < 1 || trees > 10_000) {
            throw new GyreException.InvalidArgument("An isolation forest has " + trees + " trees; use 1 to 10000.");
        }
        if (sampleSize < 2 || sampleSize > 65_536) {
            throw new GyreException.InvalidArgument("An isolation forest samples " + sampleSize
                    + " rows per tree; use 2 to 65536 (the default is " + DEFAULT_SAMPLE_SIZE + ").");
        }
    }

    /** An isolation forest of 100 trees of 256 rows, flagging 1% of the reference, seed 0. */
    public static OutlierOptions defaults() {
        return new OutlierOptions(OutlierMethod.ISOLATION_FOREST, DEFAULT_FALSE_POSITIVE_RATE, 0L, DEFAULT_TREES,
                DEFAULT_SAMPLE_SIZE);
    }

    /** These options with another method. */
    public OutlierOptions withMethod(OutlierMethod other) {
        return new OutlierOptions(other, falsePositiveRate, seed, trees, sampleSize);
    }

    /** These options with another false-positive rate. */
    public OutlierOptions withFalsePositiveRate(double rate) {
        return new OutlierOptions(method, rate, seed, trees, sampleSize);
    }

    /** These options with another seed. */
    public OutlierOptions withSeed(long other) {
        return new OutlierOptions(method, falsePositiveRate, other, trees, sampleSize);
    }
}
