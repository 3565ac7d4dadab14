package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to splitting a version: new versions of the data sets {@code NAME-train},
 * {@code NAME-validation} and {@code NAME-test}, each with the source as parent and step {@code split}.
 *
 * @param train      the training split
 * @param validation the validation split, {@code null} when none was asked for
 * @param test       the test split: sealed, readable only for the purpose {@code validation}
 * @param summary    what the split did: method, seed, column, rows per split, per-class counts, notes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataSplitResult(
        @JsonProperty("train") DataVersion train,
        @JsonProperty("validation") DataVersion validation,
        @JsonProperty("test") DataVersion test,
        @JsonProperty("summary") JsonNode summary) {
}
