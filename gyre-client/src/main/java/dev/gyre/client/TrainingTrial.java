package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One trial of a training job's search: an algorithm with its parameters, cross-validated.
 *
 * @param number    the trial's number in the search, from 0 in the order trials were proposed
 * @param algorithm the algorithm, e.g. {@code random_forest}
 * @param params    the parameters it was trained with
 * @param status    {@code completed}, {@code pruned}, {@code failed} or {@code cancelled}
 * @param mean      the mean of the job's metric over the folds, {@code null} when the trial has none
 * @param folds     the metric on each fold scored so far
 * @param reason    why it was pruned or failed; empty otherwise
 * @param seconds   how long it took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingTrial(
        @JsonProperty("number") int number,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("status") String status,
        @JsonProperty("mean") Double mean,
        @JsonProperty("folds") List<Double> folds,
        @JsonProperty("reason") String reason,
        @JsonProperty("seconds") double seconds) {

    public TrainingTrial {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        folds = folds == null ? List.of() : folds.stream().filter(java.util.Objects::nonNull).toList();
        reason = reason == null ? "" : reason;
    }

    /** Whether the trial ran to the end and has a score. */
    @JsonIgnore
    public boolean isCompleted() {
        return "completed".equals(status) && mean != null;
    }
}
