package dev.gyre.validation.reference;

import dev.gyre.data.profile.ProfileOptions;
import java.util.Objects;

/**
 * How a {@link ReferenceBuilder} builds a reference.
 *
 * @param profile  the sketch sizes of the reference profile; window profiles are built with the same
 * @param outliers how the outlier detector is built
 */
public record ReferenceOptions(ProfileOptions profile, OutlierOptions outliers) {
    /**
     * The default KLL {@code k} of a reference: 1024 rather than the profiler's 200, because two-sample tests
     * between sketches (Kolmogorov–Smirnov in particular) need the finer ranks (error about 0.3%).
     */
    public static final int DEFAULT_QUANTILE_K = 1024;

    public ReferenceOptions {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(outliers, "outliers");
    }

    /** KLL {@code k} 1024, exact value counts up to 1000 values, and the default outlier options. */
    public static ReferenceOptions defaults() {
        return new ReferenceOptions(new ProfileOptions(DEFAULT_QUANTILE_K, ProfileOptions.DEFAULT_EXACT_VALUE_LIMIT),
                OutlierOptions.defaults());
    }

    /** These options with other outlier options. */
    public ReferenceOptions withOutliers(OutlierOptions other) {
        return new ReferenceOptions(profile, other);
    }
}
