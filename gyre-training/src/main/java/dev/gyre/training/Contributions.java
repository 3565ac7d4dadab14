package dev.gyre.training;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How much each feature moved one output of a model for one row, away from a base value: additive feature
 * attributions, {@code baseValue + Σ values = the explained output} (exactly for the exact methods, up to
 * the sampling error for {@link #SAMPLING_SHAPLEY}).
 *
 * <p>The explained output is named by {@link #output()} (a class label, or {@code "value"} for a regressor)
 * and measured on a {@link Scale}: a probability, a raw margin before the link function (log-odds for a
 * binary classifier, the class score fed to the softmax for a multi-class one) or a regression value.
 *
 * <p>Immutable: the arrays are copied on the way in and out.
 *
 * @param method         how the values were computed: {@link #EXACT_LINEAR}, {@link #TREE_SHAP} or
 *                       {@link #SAMPLING_SHAPLEY}
 * @param output         the class whose score is explained, or {@code "value"} for a regression model
 * @param scale          the space the base value and the contributions are measured in
 * @param featureNames   the features, in the model's column order
 * @param baseValue      the output expected before any feature is known (e.g. at the training means, or
 *                       the mean over the training cover or a background sample)
 * @param values         one contribution per feature, in {@code featureNames} order
 * @param standardErrors one per feature: the standard error of a sampled estimate, 0 for exact methods
 */
public record Contributions(String method, String output, Scale scale, List<String> featureNames, double baseValue,
                            double[] values, double[] standardErrors) {

    /** Exact for a linear score: {@code w_j (x_j − mean_j) / scale_j}, base at the training means. */
    public static final String EXACT_LINEAR = "exact_linear";
    /** Exact path-dependent Tree SHAP (Lundberg et al. 2018), using each node's training cover. */
    public static final String TREE_SHAP = "tree_shap";
    /** Monte-Carlo permutation estimate of Shapley values against a background sample. */
    public static final String SAMPLING_SHAPLEY = "sampling_shapley";
    /** The {@link #output()} of a regression model. */
    public static final String VALUE = "value";

    /** The space an explained output lives in. */
    public enum Scale {
        /** A regression model's predicted value. */
        VALUE,
        /** A class probability as {@link TrainedModel#predict(double[])} returns it. */
        PROBABILITY,
        /** The raw score before the link: log-odds (binary) or the class's softmax input (multi-class). */
        MARGIN
    }

    public Contributions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(scale, "scale");
        featureNames = List.copyOf(featureNames);
        values = values.clone();
        standardErrors = standardErrors == null ? new double[values.length] : standardErrors.clone();
        if (values.length != featureNames.size() || standardErrors.length != values.length) {
            throw new IllegalArgumentException("need one value and one standard error per feature ("
                    + featureNames.size() + "), not " + values.length + " and " + standardErrors.length);
        }
    }

    /** Exact contributions: every standard error is 0. */
    public static Contributions exact(String method, String output, Scale scale, List<String> featureNames,
                                      double baseValue, double[] values) {
        return new Contributions(method, output, scale, featureNames, baseValue, values, null);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    /** The contribution of one feature. */
    public double value(String feature) {
        int j = featureNames.indexOf(feature);
        if (j < 0) {
            throw new IllegalArgumentException("no feature '" + feature + "'; features: " + featureNames);
        }
        return values[j];
    }

    /** The sum of the contributions. */
    public double sum() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** {@code baseValue + sum()}: the explained output, for exact methods. */
    public double total() {
        return baseValue + sum();
    }

    /** Whether the values are exact (every standard error 0) rather than estimated. */
    public boolean isExact() {
        return !method.equals(SAMPLING_SHAPLEY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contributions c && method.equals(c.method) && output.equals(c.output)
                && scale == c.scale && featureNames.equals(c.featureNames)
                && Double.compare(baseValue, c.baseValue) == 0 && Arrays.equals(values, c.values)
                && Arrays.equals(standardErrors, c.standardErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, output, scale, featureNames, baseValue, Arrays.hashCode(values),
                Arrays.hashCode(standardErrors));
    }

    @Override
    public String toString() {
        return method + " contributions to " + output + " (" + scale + "): base " + baseValue + ", "
                + featureNames + " = " + Arrays.toString(values);
    }
}
