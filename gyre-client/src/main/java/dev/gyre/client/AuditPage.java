package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a project's audit log, oldest first.
 *
 * @param nextAfter the {@code after} of the next page; {@code null} on the last
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditPage(
        @JsonProperty("entries") List<AuditEntry> entries,
        @JsonProperty("next_after") Long nextAfter) {
}
