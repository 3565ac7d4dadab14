package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A four-eyes promotion request: point an alias at a version once a second person approves.
 *
 * @param status {@code pending}, {@code approved}, {@code rejected} or {@code cancelled}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Promotion(
        @JsonProperty("id") long id,
        @JsonProperty("model") String model,
        @JsonProperty("version") int version,
        @JsonProperty("alias") String alias,
        @JsonProperty("status") String status,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("requested_at") Instant requestedAt,
        @JsonProperty("reason") String reason,
        @JsonProperty("decided_by") String decidedBy,
        @JsonProperty("decided_at") Instant decidedAt,
        @JsonProperty("decision_reason") String decisionReason) {
}
