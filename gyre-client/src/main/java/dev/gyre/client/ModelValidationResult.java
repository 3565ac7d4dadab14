package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of validating a model version (stage 5), as the platform records it on the version.
 *
 * @param passed           {@code true} when no blocking gate failed; a failed blocking gate keeps the version from
 *                         the production alias
 * @param blockingFailures the failed blocking gates
 * @param backTo           the lifecycle stages a failure points back to, e.g. {@code features}
 * @param reportPath       where the report and model card are stored
 * @param train            the training split read, {@code NAME@N} (only on a fresh validation)
 * @param test             the sealed test split read (only on a fresh validation)
 * @param champion         the version compared with, or {@code null} (only on a fresh validation)
 * @param report           the full report (only on a fresh validation; {@code null} in listings)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelValidationResult(
        @JsonProperty("validation_id") long validationId,
        @JsonProperty("model") String model,
        @JsonProperty("version") int version,
        @JsonProperty("passed") boolean passed,
        @JsonProperty("blocking_failures") List<String> blockingFailures,
        @JsonProperty("back_to") List<String> backTo,
        @JsonProperty("gates") List<Gate> gates,
        @JsonProperty("report_path") String reportPath,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("train") String train,
        @JsonProperty("test") String test,
        @JsonProperty("champion") String champion,
        @JsonProperty("report") JsonNode report) {

    /**
     * One gate's result.
     *
     * @param status {@code passed}, {@code failed} or {@code not_applicable}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Gate(@JsonProperty("name") String name, @JsonProperty("status") String status,
                       @JsonProperty("blocking") boolean blocking, @JsonProperty("message") String message) {
    }
}
