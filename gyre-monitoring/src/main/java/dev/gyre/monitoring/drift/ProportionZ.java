package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.List;

/**
 * Two-proportion Z test for a binary column: the share of the second label (in sorted order) in reference
 * and current, pooled standard error, z = (p_ref − p_cur) / √(p̂(1 − p̂)(1/n_ref + 1/n_cur)), two-sided normal
 * p-value. Drift when p &lt; threshold.
 */
public final class ProportionZ implements DriftTest {

    @Override
    public String name() {
        return "z";
    }

    @Override
    public boolean usesPValue() {
        return true;
    }

    @Override
    public double defaultThreshold() {
        return 0.05;
    }

    @Override
    public DriftResult test(Column reference, Column current, double threshold) {
        Samples.requireNonEmpty(name(), reference, current);
        Samples.requireSameKind(name(), reference, current);
        Samples.Counts c = Samples.counts(reference, current);
        return fromCounts(c.labels(), c.reference(), c.current(), threshold);
    }

    /** The test on counts per label (at most two labels, in sorted order), as from a profile's exact counts. */
    public static DriftResult fromCounts(List<String> labels, long[] referenceCounts, long[] currentCounts, double threshold) {
        String name = "z";
        Samples.requireCounts(name, labels, referenceCounts, currentCounts);
        if (labels.size() > 2) {
            throw new GyreException.InvalidArgument("z: the column has " + labels.size()
                    + " distinct values but the Z test needs a binary column; use chi-square for more categories");
        }
        if (labels.size() < 2) {
            return DriftResult.notApplicable(name, threshold,
                    "both samples hold the single value '" + labels.get(0) + "'; the proportions cannot differ");
        }
        double n1 = Samples.sum(referenceCounts);
        double n2 = Samples.sum(currentCounts);
        double x1 = referenceCounts[1];
        double x2 = currentCounts[1];
        double pooled = (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double z = (x1 / n1 - x2 / n2) / se;
        double p = 2 * SpecialFunctions.normalSf(Math.abs(z));
        return DriftResult.ofPValue(name, z, Math.min(1.0, p), threshold, false, null);
    }
}
