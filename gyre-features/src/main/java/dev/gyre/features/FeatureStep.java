package dev.gyre.features;

import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One step of a column's chain in a {@link FeatureSpec}, as written (before fitting). Steps run in order;
 * each sees the previous one's output. Numeric steps ({@link Impute} on numbers, {@link Standardize},
 * {@link MinMax}, {@link Log1p}, {@link Clip}, {@link Bucketize}) need a number; the categorical encoders
 * ({@link OneHot}, {@link Ordinal}, {@link Frequency}, {@link Hashing}) take text, or numbers as
 * categories. {@link OneHot} and {@link Hashing} write several columns and must come last. The records
 * check their own arguments and throw {@link GyreException.InvalidArgument} saying how to fix them.
 */
public sealed interface FeatureStep permits FeatureStep.Impute, FeatureStep.Standardize, FeatureStep.MinMax,
        FeatureStep.Log1p, FeatureStep.Clip, FeatureStep.Bucketize, FeatureStep.OneHot, FeatureStep.Ordinal,
        FeatureStep.Frequency, FeatureStep.Hashing {

    /** The names of the steps in the spec. */
    List<String> NAMES = List.of("impute", "standardize", "min_max", "log1p", "clip", "bucketize", "one_hot",
            "ordinal", "frequency", "hashing");

    /** The step's name in the spec, e.g. {@code one_hot}. */
    String name();

    /** Whether the step writes several output columns and so must be the last of its chain. */
    default boolean terminal() {
        return false;
    }

    /** How an impute step chooses the value for missing rows. */
    enum ImputeStrategy {
        MEAN, MEDIAN, MOST_FREQUENT, CONSTANT;

        /** The spec's name: {@code mean}, {@code median}, {@code most_frequent}, {@code constant}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an encoder does with a value it did not see in the training table. */
    enum Unseen {
        /** No category: one-hot writes zeros, ordinal writes -1. */
        IGNORE,
        /** Transforming fails with {@link GyreException.InvalidArgument} naming the value. */
        ERROR,
        /** One-hot only: the value counts in the {@code <other>} column. */
        OTHER;

        /** The spec's name: {@code ignore}, {@code error} or {@code other}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Fills missing values with a statistic of the training values (or a constant), optionally adding a
     * {@code <column>_missing} column that is 1 where the value was missing before this step and 0 elsewhere.
     *
     * @param constant the fill value for {@link ImputeStrategy#CONSTANT}: a {@link Double} or a {@link String};
     *                 {@code null} for the other strategies
     */
    record Impute(ImputeStrategy strategy, Object constant, boolean indicator) implements FeatureStep {
        public Impute {
            Objects.requireNonNull(strategy, "strategy");
            if (strategy == ImputeStrategy.CONSTANT) {
                if (constant instanceof Number number) {
                    constant = number.doubleValue();
                    if (!Double.isFinite((Double) constant)) {
                        throw invalid("the impute constant must be a finite number or a text, e.g. {constant: 0}.");
                    }
                } else if (!(constant instanceof String)) {
                    throw invalid("impute constant needs a value, a number or a text, e.g. {impute: {constant: U}}.");
                }
            } else if (constant != null) {
                throw invalid("a constant goes with the constant strategy only; drop it or use"
                        + " {impute: {constant: " + constant + "}}.");
            }
        }

        @Override
        public String name() {
            return "impute";
        }
    }

    /** Subtracts the training mean and divides by the training (population) standard deviation; a
     * constant column is only centred. */
    record Standardize() implements FeatureStep {
        @Override
        public String name() {
            return "standardize";
        }
    }

    /** Maps the training minimum to 0 and maximum to 1 (values outside go beyond); a constant column gives 0. */
    record MinMax() implements FeatureStep {
        @Override
        public String name() {
            return "min_max";
        }
    }

    /** {@code ln(1 + x)}; a value of -1 or less becomes missing. */
    record Log1p() implements FeatureStep {
        @Override
        public String name() {
            return "log1p";
        }
    }

    /** Limits values to {@code [min, max]}; either bound may be {@code null} for none. */
    record Clip(Double min, Double max) implements FeatureStep {
        public Clip {
            if (min == null && max == null) {
                throw invalid("clip needs min, max or both, e.g. {clip: {min: 0, max: 300}}.");
            }
            if ((min != null && !Double.isFinite(min)) || (max != null && !Double.isFinite(max))) {
                throw invalid("clip bounds must be finite numbers.");
            }
            if (min != null && max != null && min > max) {
                throw invalid("clip min " + min + " is above max " + max + "; swap them.");
            }
        }

        @Override
        public String name() {
            return "clip";
        }
    }

    /**
     * Replaces a number by the index of its bucket: 0 below the first edge, {@code i} from edge {@code i - 1}
     * (inclusive) to edge {@code i}. Either {@code quantiles} buckets whose edges are learned from the
     * training values (equal edges merged), or fixed {@code edges}.
     */
    record Bucketize(Integer quantiles, List<Double> edges) implements FeatureStep {
        /** Most quantile buckets or fixed edges accepted. */
        public static final int MAX_BUCKETS = 1000;

        public Bucketize {
            if ((quantiles == null) == (edges == null)) {
                throw invalid("bucketize needs either quantiles or edges, e.g. {bucketize: {quantiles: 4}} or"
                        + " {bucketize: {edges: [1, 2, 5]}}.");
            }
            if (quantiles != null && (quantiles < 2 || quantiles > MAX_BUCKETS)) {
                throw invalid("bucketize quantiles must be from 2 to " + MAX_BUCKETS + ", got " + quantiles + ".");
            }
            if (edges != null) {
                edges = List.copyOf(edges);
                if (edges.isEmpty() || edges.size() > MAX_BUCKETS) {
                    throw invalid("bucketize edges must list 1 to " + MAX_BUCKETS + " numbers, e.g. [1, 2, 5].");
                }
                for (int i = 0; i < edges.size(); i++) {
                    if (!Double.isFinite(edges.get(i)) || (i > 0 && edges.get(i) <= edges.get(i - 1))) {
                        throw invalid("bucketize edges must be finite and strictly increasing, got " + edges + ".");
                    }
                }
            }
        }

        public static Bucketize ofQuantiles(int quantiles) {
            return new Bucketize(quantiles, null);
        }

        public static Bucketize ofEdges(double... edges) {
            return new Bucketize(null, java.util.Arrays.stream(edges).boxed().toList());
        }

        @Override
        public String name() {
            return "bucketize";
        }
    }

    /**
     * One 0/1 column per training category, named {@code <column>=<value>}, in sorted order of the values.
     * With {@code maxCategories}, only that many of the most frequent are kept and the rarer ones share a
     * {@code <column>=<other>} column. A missing value writes zeros.
     *
     * @param maxCategories the most categories kept, or {@code null} for all
     * @param unseen        what a value not seen in training does
     */
    record OneHot(Integer maxCategories, Unseen unseen) implements FeatureStep {
        public OneHot {
            Objects.requireNonNull(unseen, "unseen");
            if (maxCategories != null && maxCategories < 1) {
                throw invalid("one_hot max_categories must be at least 1, got " + maxCategories + ".");
            }
        }

        /** All categories, unseen values ignored. */
        public OneHot() {
            this(null, Unseen.IGNORE);
        }

        @Override
        public String name() {
            return "one_hot";
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * The index of the value among the sorted training categories (numbers numerically, texts by
     * {@link String#compareTo}); missing, and unseen under {@link Unseen#IGNORE}, give -1.
     */
    record Ordinal(Unseen unseen) implements FeatureStep {
        public Ordinal {
            Objects.requireNonNull(unseen, "unseen");
            if (unseen == Unseen.OTHER) {
                throw invalid("ordinal unseen must be ignore (code -1) or error; other is for one_hot.");
            }
        }

        @Override
        public String name() {
            return "ordinal";
        }
    }

    /** The share of training rows that have the value; unseen and missing values give 0. */
    record Frequency() implements FeatureStep {
        @Override
        public String name() {
            return "frequency";
        }
    }

    /**
     * Feature hashing: {@code buckets} 0/1 columns named {@code <column>#<i>}; the value's bucket is the
     * 32-bit FNV-1a hash of its UTF-8 bytes, unsigned, modulo {@code buckets}. Learns nothing; a missing
     * value writes zeros.
     */
    record Hashing(int buckets) implements FeatureStep {
        /** Most buckets accepted. */
        public static final int MAX_BUCKETS = 1 << 16;

        public Hashing {
            if (buckets < 2 || buckets > MAX_BUCKETS) {
                throw invalid("hashing buckets must be from 2 to " + MAX_BUCKETS + ", got " + buckets + ".");
            }
        }

        @Override
        public String name() {
            return "hashing";
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    private static GyreException.InvalidArgument invalid(String message) {
        return new GyreException.InvalidArgument(message);
    }
}
