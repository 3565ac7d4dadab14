package dev.gyre.validation;

/**
 * How much one feature matters to the model, with an interval (for example permutation importance: the mean
 * drop of the success metric when the feature is shuffled).
 *
 * @param feature the feature name
 * @param mean    the importance
 * @param lower   lower bound of its interval
 * @param upper   upper bound of its interval
 */
public record FeatureImportance(String feature, double mean, double lower, double upper) {
}
