package dev.gyre.monitoring.drift;

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
        int k = c.labels().size();
        if (k < 2) {
            return DriftResult.notApplicable(name(), threshold,
                    "both samples hold the single category '" + c.labels().get(0) + "'; there is no distribution to compare");
        }
        double scale = current.size() / (double) reference.size();
        double stat = 0;
        for (int i = 0; i < k; i++) {
            if (c.reference()[i] == 0) {
                return DriftResult.notApplicable(name(), threshold, "category '" + c.labels().get(i)
                        + "' appears in the current sample but not in the reference, so its expected count is 0;"
                        + " use Jensen–Shannon or PSI, which handle new categories");
            }
            double expected = c.reference()[i] * scale;
            double diff = c.current()[i] - expected;
            stat += diff * diff / expected;
        }
        double p = SpecialFunctions.chiSquareSf(stat, k - 1);
        return DriftResult.ofPValue(name(), stat, p, threshold, false, null);
    }
}
