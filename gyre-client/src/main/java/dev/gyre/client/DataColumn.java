package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One column of a tabular data version.
 *
 * @param name the column's name
 * @param type {@code numeric}, {@code categorical}, {@code text}, {@code boolean} or {@code timestamp}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataColumn(
        @JsonProperty("name") String name,
        @JsonProperty("type") String type) {
}
