package dev.gyre.monitoring.drift;

import java.util.List;

/**
 * Chi-square goodness of fit of the current category counts against the reference proportions scaled to the
 * current total (as Evidently does): χ² = Σ (O − E)² / E with E = reference count · n_current / n_reference,
 * k − 1 degrees of freedom, p from the chi-square survival function. Drift when p &lt; threshold. Numeric
 * columns are treated as categories, one per value.
 */
public final class ChiSquare implements DriftTest {

    @Override
    public String name() {
        return "chisquare";
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

    /**
     * The test on counts per label (labels in a fixed order, the same for both arrays), as from a profile's
     * exact category counts.
     */
    public static DriftResult fromCounts(List<String> labels, long[] referenceCounts, long[] currentCounts, double threshold) {
        String name = "chisquare";
        Samples.requireCounts(name, labels, referenceCounts, currentCounts);
        int k = labels.size();
        if (k < 2) {
            return DriftResult.notApplicable(name, threshold,
                    "both samples hold the single category '" + labels.get(0) + "'; there is no distribution to compare");
        }
        double scale = Samples.sum(currentCounts) / (double) Samples.sum(referenceCounts);
        double stat = 0;
        for (int i = 0; i < k; i++) {
            if (referenceCounts[i] == 0) {
                return DriftResult.notApplicable(name, threshold, "category '" + labels.get(i)
                        + "' appears in the current sample but not in the reference, so its expected count is 0;"
                        + " use Jensen–Shannon or PSI, which handle new categories");
            }
            double expected = referenceCounts[i] * scale;
            double diff = currentCounts[i] - expected;
            stat += diff * diff / expected;
        }
        double p = SpecialFunctions.chiSquareSf(stat, k - 1);
        return DriftResult.ofPValue(name, stat, p, threshold, false, null);
    }
}
