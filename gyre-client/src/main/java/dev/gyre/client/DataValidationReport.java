package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The outcome of validating a version against an expectation suite: one result per expectation, in suite
 * order. It succeeds when every expectation does.
 *
 * @param suite      the suite's name
 * @param success    whether every expectation passed
 * @param rowCount   rows validated
 * @param statistics how many expectations were evaluated, passed and failed
 * @param results    one result per expectation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataValidationReport(
        @JsonProperty("suite") String suite,
        @JsonProperty("success") boolean success,
        @JsonProperty("rowCount") @JsonAlias("row_count") long rowCount,
        @JsonProperty("statistics") Statistics statistics,
        @JsonProperty("results") List<Result> results) {

    public DataValidationReport {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * Counts of expectations.
     *
     * @param evaluated  how many ran
     * @param successful how many passed
     * @param failed     how many failed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Statistics(
            @JsonProperty("evaluated") int evaluated,
            @JsonProperty("successful") int successful,
            @JsonProperty("failed") int failed) {
    }

    /**
     * The result of one expectation.
     *
     * @param expectation       the expectation as written in the suite ({@code expect} first, then its fields)
     * @param success           whether it passed
     * @param elementCount      values evaluated
     * @param missingCount      missing values among them
     * @param unexpectedCount   values that broke the expectation
     * @param unexpectedPercent their share, in percent
     * @param observedValue     what was observed, for expectations about the whole column or table
     * @param reason            why it failed, for people; {@code null} when it passed
     * @param examples          some rows that broke it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            @JsonProperty("expectation") Map<String, Object> expectation,
            @JsonProperty("success") boolean success,
            @JsonProperty("elementCount") @JsonAlias("element_count") long elementCount,
            @JsonProperty("missingCount") @JsonAlias("missing_count") long missingCount,
            @JsonProperty("unexpectedCount") @JsonAlias("unexpected_count") long unexpectedCount,
            @JsonProperty("unexpectedPercent") @JsonAlias("unexpected_percent") double unexpectedPercent,
            @JsonProperty("observedValue") @JsonAlias("observed_value") JsonNode observedValue,
            @JsonProperty("reason") String reason,
            @JsonProperty("examples") List<Example> examples) {

        public Result {
            expectation = expectation == null ? Map.of() : expectation;
            examples = examples == null ? List.of() : List.copyOf(examples);
        }

        /** The expectation's kind, e.g. {@code not_null} or {@code between}. */
        public String kind() {
            Object kind = expectation.get("expect");
            return kind == null ? "?" : kind.toString();
        }

        /** The column it is about, or {@code null} for table-wide expectations. */
        public String column() {
            Object column = expectation.get("column");
            return column == null ? null : column.toString();
        }
    }

    /**
     * A row that broke an expectation.
     *
     * @param row   its index, from 0
     * @param value its value, as text
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Example(
            @JsonProperty("row") long row,
            @JsonProperty("value") String value) {
    }
}
