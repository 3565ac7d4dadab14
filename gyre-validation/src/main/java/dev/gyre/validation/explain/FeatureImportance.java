package dev.gyre.validation.explain;

import java.util.Arrays;
import java.util.List;

/**
 * The permutation importance of one feature or group of feature columns: how much worse the metric got when
 * its columns were shuffled, over several shuffles.
 *
 * @param feature the feature or group name
 * @param columns the feature names of the matrix columns shuffled together
 * @param mean    the mean drop over the repeats (positive: the model relies on the feature)
 * @param sd      the sample standard deviation of the drops (0 for a single repeat)
 * @param lower   {@code mean − t·sd/√n}, the lower end of a 95 % Student-t interval for the mean drop
 * @param upper   {@code mean + t·sd/√n}
 * @param drops   the drop of every repeat, in repeat order
 */
public record FeatureImportance(String feature, List<String> columns, double mean, double sd, double lower,
                                double upper, double[] drops) {

    public FeatureImportance {
        columns = List.copyOf(columns);
        drops = drops.clone();
    }

    @Override
    public double[] drops() {
        return drops.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureImportance f && feature.equals(f.feature) && columns.equals(f.columns)
                && Double.compare(mean, f.mean) == 0 && Double.compare(sd, f.sd) == 0
                && Double.compare(lower, f.lower) == 0 && Double.compare(upper, f.upper) == 0
                && Arrays.equals(drops, f.drops);
    }

    @Override
    public int hashCode() {
        return feature.hashCode() * 31 + Arrays.hashCode(drops);
    }

    @Override
    public String toString() {
        return feature + ": " + mean + " [" + lower + ", " + upper + "]";
    }
}
