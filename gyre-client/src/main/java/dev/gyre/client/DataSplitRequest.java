package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * How to split a version into train, validation and test sets. Fractions are between 0 and 1 and add up
 * to 1; rows are assigned by largest-remainder rounding.
 *
 * @param method     {@code random}, {@code stratified} (keeps each class's share in every split) or
 *                   {@code time} (oldest rows train, newest test)
 * @param train      fraction of rows for training
 * @param validation fraction for validation, or {@code null} for no validation split
 * @param test       fraction for the test split
 * @param seed       seed of the shuffle, or {@code null} for the platform's default
 * @param column     the class column (stratified) or time column (time); {@code null} for random
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSplitRequest(
        @JsonProperty("method") String method,
        @JsonProperty("train") double train,
        @JsonProperty("validation") Double validation,
        @JsonProperty("test") double test,
        @JsonProperty("seed") Long seed,
        @JsonProperty("column") String column) {

    public DataSplitRequest {
        Objects.requireNonNull(method, "method");
    }
}
