package dev.gyre.data.profile;

import dev.gyre.core.GyreException;

/**
 * How a {@link Profiler} sizes its sketches.
 *
 * @param quantileK       the KLL sketch's {@code k}: larger is more accurate and bigger (the default 200 gives
 *                        quantiles whose rank is within about 1.3% of the asked rank, with 99% confidence);
 *                        between 8 and 65535
 * @param exactValueLimit how many distinct values of a categorical or text column are counted exactly before
 *                        the counts switch to a frequent-items sketch; at least 1
 */
public record ProfileOptions(int quantileK, int exactValueLimit) {
    /** The default {@code k} of the quantile sketches. */
    public static final int DEFAULT_QUANTILE_K = 200;
    /** The default number of distinct values counted exactly. */
    public static final int DEFAULT_EXACT_VALUE_LIMIT = 1000;

    public ProfileOptions {
        if (quantileK < 8 || quantileK > 65535) {
            throw new GyreException.InvalidArgument("The quantile sketch size k is " + quantileK
                    + "; use a value between 8 and 65535 (the default is " + DEFAULT_QUANTILE_K + ").");
        }
        if (exactValueLimit < 1) {
            throw new GyreException.InvalidArgument("The exact value limit is " + exactValueLimit
                    + "; use at least 1 (the default is " + DEFAULT_EXACT_VALUE_LIMIT + ").");
        }
    }

    /** k = 200 and exact counts up to 1000 distinct values. */
    public static ProfileOptions defaults() {
        return new ProfileOptions(DEFAULT_QUANTILE_K, DEFAULT_EXACT_VALUE_LIMIT);
    }
}
