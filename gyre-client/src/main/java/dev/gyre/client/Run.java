package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A run with its latest metric values, params and tags.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Run(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("experiment_id") String experimentId,
        @JsonProperty("user") String user,
        @JsonProperty("status") String status,
        @JsonProperty("start_time") Instant startTime,
        @JsonProperty("end_time") Instant endTime,
        @JsonProperty("lifecycle_stage") String lifecycleStage,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("params") Map<String, String> params,
        @JsonProperty("tags") Map<String, String> tags) {
}
