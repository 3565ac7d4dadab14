package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

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
        if (c.labels().size() > 2) {
            throw new GyreException.InvalidArgument("z: the column has " + c.labels().size()
                    + " distinct values but the Z test needs a binary column; use chi-square for more categories");
        }
        if (c.labels().size() < 2) {
            return DriftResult.notApplicable(name(), threshold,
                    "both samples hold the single value '" + c.labels().get(0) + "'; the proportions cannot differ");
        }
        double n1 = reference.size();
        double n2 = current.size();
        double x1 = c.reference()[1];
        double x2 = c.current()[1];
        double pooled = (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double z = (x1 / n1 - x2 / n2) / se;
        double p = 2 * SpecialFunctions.normalSf(Math.abs(z));
        return DriftResult.ofPValue(name(), z, Math.min(1.0, p), threshold, false, null);
    }
}
