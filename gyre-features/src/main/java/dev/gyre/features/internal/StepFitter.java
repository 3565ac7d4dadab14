package dev.gyre.features.internal;

import dev.gyre.core.GyreException;
import dev.gyre.features.FeatureStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns one step's parameters from the values the previous steps produced for the training rows, and
 * applies a fitted {@link Op} to a whole array of values (through {@link Op#apply}, as the transforms do).
 */
final class StepFitter {
    private final String column;
    private final String prefix;

    /**
     * @param column the feature column
     * @param prefix the start of error messages: line and field of the step
     */
    StepFitter(String column, String prefix) {
        this.column = column;
        this.prefix = prefix;
    }

    /** Fits {@code step} on numbers ({@code kind} NUM, {@code nums}) or strings ({@code strs}). */
    Op fit(FeatureStep step, Kind kind, double[] nums, String[] strs) {
        if (step instanceof FeatureStep.Impute impute) {
            return kind == Kind.NUM ? imputeNumber(impute, nums) : imputeText(impute, strs);
        }
        if (step instanceof FeatureStep.OneHot oneHot) {
            return oneHot(oneHot, kind, nums, strs);
        }
        if (step instanceof FeatureStep.Ordinal ordinal) {
            CategoryIndex index = kind == Kind.NUM ? new CategoryIndex(true, List.copyOf(learn(Stats.counts(nums))
                    .keySet()), List.of()) : new CategoryIndex(false, List.copyOf(learn(Stats.counts(strs)).keySet()),
                    List.of());
            return new Encoders.Ordinal(column, index, ordinal.unseen());
        }
        if (step instanceof FeatureStep.Frequency) {
            return kind == Kind.NUM ? frequency(true, learn(Stats.counts(nums)), nums.length)
                    : frequency(false, learn(Stats.counts(strs)), strs.length);
        }
        if (step instanceof FeatureStep.Hashing hashing) {
            return new Encoders.Hashing(hashing.buckets(), kind);
        }
        if (kind != Kind.NUM) {
            throw error(step.name() + " needs numbers, but '" + column + "' is text at this step; encode it with"
                    + " ordinal or frequency before " + step.name() + ", or use one_hot or hashing instead.");
        }
        if (step instanceof FeatureStep.Standardize) {
            double mean = Stats.mean(nums);
            requireValues(mean, "standardize");
            double std = Stats.std(nums, mean);
            return new Op.Standardize(mean, std == 0 || !Double.isFinite(std) ? 1.0 : std);
        }
        if (step instanceof FeatureStep.MinMax) {
            double[] sorted = Stats.present(nums);
            requireValues(sorted.length == 0 ? Double.NaN : 0, "min_max");
            double range = sorted[sorted.length - 1] - sorted[0];
            return new Op.MinMax(sorted[0], range == 0 || !Double.isFinite(range) ? 1.0 : range);
        }
        if (step instanceof FeatureStep.Log1p) {
            return new Op.Log1p();
        }
        if (step instanceof FeatureStep.Clip clip) {
            return new Op.Clip(clip.min() == null ? Double.NEGATIVE_INFINITY : clip.min(),
                    clip.max() == null ? Double.POSITIVE_INFINITY : clip.max());
        }
        FeatureStep.Bucketize bucketize = (FeatureStep.Bucketize) step;
        if (bucketize.edges() != null) {
            return new Op.Bucketize(bucketize.edges().stream().mapToDouble(Double::doubleValue).toArray());
        }
        double[] sorted = Stats.present(nums);
        requireValues(sorted.length == 0 ? Double.NaN : 0, "bucketize quantiles");
        List<Double> edges = new ArrayList<>();
        for (int j = 1; j < bucketize.quantiles(); j++) {
            double edge = Stats.quantile(sorted, (double) j / bucketize.quantiles());
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        return new Op.Bucketize(edges.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private Op imputeNumber(FeatureStep.Impute impute, double[] nums) {
        double value = switch (impute.strategy()) {
            case MEAN -> Stats.mean(nums);
            case MEDIAN -> Stats.median(Stats.present(nums));
            case MOST_FREQUENT -> {
                Double best = Stats.mostFrequent(Stats.counts(nums));
                yield best == null ? Double.NaN : best;
            }
            case CONSTANT -> {
                if (impute.constant() instanceof String text) {
                    throw error("the constant '" + text + "' is text, but '" + column + "' is numeric at this step;"
                            + " give a number, e.g. {impute: {constant: 0}}.");
                }
                yield (Double) impute.constant();
            }
        };
        requireValues(value, "impute " + impute.strategy().wireName());
        return new Op.ImputeNumber(value, impute.indicator());
    }

    private Op imputeText(FeatureStep.Impute impute, String[] strs) {
        String value = switch (impute.strategy()) {
            case MEAN, MEDIAN -> throw error(impute.strategy().wireName() + " needs numbers, but '" + column
                    + "' is text at this step; use most_frequent or a constant, e.g. {impute: {constant: U}}.");
            case MOST_FREQUENT -> Stats.mostFrequent(Stats.counts(strs));
            case CONSTANT -> impute.constant() instanceof Double d ? Values.name(d) : (String) impute.constant();
        };
        requireValues(value == null ? Double.NaN : 0, "impute most_frequent");
        return new Op.ImputeText(value, impute.indicator());
    }

    private Op oneHot(FeatureStep.OneHot step, Kind kind, double[] nums, String[] strs) {
        boolean numeric = kind == Kind.NUM;
        TreeMap<Object, Integer> counts = numeric ? learn(Stats.counts(nums)) : learn(Stats.counts(strs));
        List<Object> kept = new ArrayList<>(counts.keySet());
        List<Object> rare = new ArrayList<>();
        if (step.maxCategories() != null && counts.size() > step.maxCategories()) {
            List<Map.Entry<Object, Integer>> byCount = new ArrayList<>(counts.entrySet());
            byCount.sort(Comparator.comparing((Map.Entry<Object, Integer> e) -> -e.getValue()));
            kept = new ArrayList<>();
            for (int i = 0; i < byCount.size(); i++) {
                (i < step.maxCategories() ? kept : rare).add(byCount.get(i).getKey());
            }
            TreeMap<Object, Integer> order = new TreeMap<>(counts.comparator());
            kept.forEach(k -> order.put(k, 0));
            kept = new ArrayList<>(order.keySet());
        }
        boolean other = !rare.isEmpty() || step.unseen() == FeatureStep.Unseen.OTHER;
        return new Encoders.OneHot(column, new CategoryIndex(numeric, kept, rare), other, step.unseen());
    }

    private Op frequency(boolean numeric, TreeMap<Object, Integer> counts, int rows) {
        double[] shares = new double[counts.size()];
        int i = 0;
        for (int count : counts.values()) {
            shares[i++] = (double) count / rows;
        }
        return new Encoders.Frequency(new CategoryIndex(numeric, List.copyOf(counts.keySet()), List.of()), shares);
    }

    /** Checks there was a category to learn; the sort order is kept (numbers numerically, strings by code unit). */
    @SuppressWarnings("unchecked")
    private <K> TreeMap<Object, Integer> learn(TreeMap<K, Integer> counts) {
        if (counts.isEmpty()) {
            throw error("'" + column + "' has no values in the training table to learn categories from; impute a"
                    + " constant first or drop the column.");
        }
        return (TreeMap<Object, Integer>) (TreeMap<?, Integer>) counts;
    }

    private void requireValues(double statistic, String what) {
        if (Double.isNaN(statistic)) {
            throw error("'" + column + "' has no values in the training table at this step, so " + what + " has"
                    + " nothing to learn from; impute a constant first, or drop the column.");
        }
    }

    private GyreException.InvalidArgument error(String message) {
        return new GyreException.InvalidArgument(prefix + message);
    }

    /** Runs a fitted non-terminal op over every value; returns the new numbers or strings in {@code into}. */
    static void apply(Op op, double[] nums, String[] strs, double[] numsOut, String[] strsOut) {
        Row r = new Row(0);
        double[] scratch = new double[Math.max(1, op.width())];
        int n = op.in() == Kind.NUM ? nums.length : strs.length;
        for (int i = 0; i < n; i++) {
            if (op.in() == Kind.NUM) {
                r.x = nums[i];
            } else {
                r.s = strs[i];
            }
            op.apply(r, scratch, 0);
            if (op.out() == Kind.NUM) {
                numsOut[i] = r.x;
            } else {
                strsOut[i] = r.s;
            }
        }
    }
}
