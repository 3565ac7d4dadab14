package dev.gyre.training;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a serialised model says about itself, ahead of its algorithm-specific payload.
 *
 * @param format       the payload's format, which chooses the {@link ModelReader}, e.g. {@code xgboost-ubj/1}
 * @param algorithm    the algorithm's registered name
 * @param task         what the model predicts
 * @param params       every parameter it was trained with
 * @param seed         the seed it was trained with
 * @param featureNames the feature names in column order
 * @param classes      classes or cluster ids in prediction order; empty for regression
 */
public record ModelHeader(String format, String algorithm, LearningTask task, Map<String, Object> params, long seed,
                          List<String> featureNames, List<String> classes) {

    public ModelHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(task, "task");
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
    }
}
