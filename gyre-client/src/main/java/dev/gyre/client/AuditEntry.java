package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One record of a project's audit log.
 *
 * @param before the state before, {@code null} when the entity was created
 * @param after the state after, {@code null} when it was deleted
 * @param action e.g. {@code charter.update}, {@code promotion.approve}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEntry(
        @JsonProperty("id") long id,
        @JsonProperty("who") String who,
        @JsonProperty("action") String action,
        @JsonProperty("entity_type") String entityType,
        @JsonProperty("entity_id") String entityId,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after,
        @JsonProperty("at") Instant at) {
}
